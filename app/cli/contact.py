"""`flask contact purge`: forget closed messages once their retention period is over."""

import click
from sqlalchemy.orm import Session

from ..config import settings
from ..contact.service import purge
from ..db import database_url, make_engine


@click.group("contact")
def contact_cli():
    """Messages from families."""


@contact_cli.command("purge")
@click.option("--days", type=int, default=None, help="Keep closed messages this many days.")
def purge_command(days: int | None):
    """Delete messages closed more than CONTACT_RETENTION_DAYS ago (run it daily)."""
    config = settings()
    engine = make_engine(database_url(config))
    with Session(engine) as session:
        deleted = purge(session, config["CONTACT_RETENTION_DAYS"] if days is None else days)
    engine.dispose()
    click.echo(f"deleted {deleted} closed message(s)")
