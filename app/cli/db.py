"""`flask db upgrade`: the tables created or migrated."""

import click

from ..config import settings
from ..db import database_url, make_engine, upgrade


@click.group("db")
def db_cli():
    """The database: create or migrate its tables."""


@db_cli.command("upgrade")
def upgrade_command():
    """Create the tables, or bring them up to date (safe to run at every start)."""
    config = settings()
    engine = make_engine(database_url(config))
    upgrade(engine)
    engine.dispose()
    click.echo(f"database up to date: {engine.url.render_as_string(hide_password=True)}")
