"""`flask staff add EMAIL`: an account for the inbox, and its TOTP code to scan."""

import os

import click
from sqlalchemy.orm import Session

from ..config import settings
from ..db import database_url, make_engine
from ..sealing import instance_sealer
from ..staff.accounts import AccountError, add_staff


@click.group("staff")
def staff_cli():
    """Staff accounts for the inbox."""


@staff_cli.command("add")
@click.argument("email")
def add_command(email: str):
    """Add a member of staff. The password comes from STEADY_STAFF_PASSWORD (for scripts), or
    is asked for. Prints the TOTP URI to scan into an authenticator app."""
    password = os.environ.get("STEADY_STAFF_PASSWORD") or click.prompt(
        "Password", hide_input=True, confirmation_prompt=True
    )
    config = settings()
    engine = make_engine(database_url(config))
    try:
        with Session(engine) as session:
            uri = add_staff(session, instance_sealer(config["INSTANCE_DIR"]), email, password)
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    finally:
        engine.dispose()
    click.echo("Scan this into an authenticator app (it is shown once, keep it secret):")
    click.echo(uri)
