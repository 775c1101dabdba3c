"""`flask staff add EMAIL`: an account for the inbox, and its TOTP code to scan;
`flask staff password EMAIL`: a new password, which signs the member out everywhere."""

import os
from contextlib import contextmanager

import click
from sqlalchemy.orm import Session

from ..config import settings
from ..db import database_url, make_engine
from ..sealing import instance_sealer
from ..staff.accounts import AccountError, add_staff, change_password


@click.group("staff")
def staff_cli():
    """Staff accounts for the inbox."""


def new_password() -> str:
    """From STEADY_STAFF_PASSWORD (for scripts), or asked for."""
    return os.environ.get("STEADY_STAFF_PASSWORD") or click.prompt(
        "Password", hide_input=True, confirmation_prompt=True
    )


@contextmanager
def database(config):
    """A session on the configured database; an AccountError becomes the command's error."""
    engine = make_engine(database_url(config))
    try:
        with Session(engine) as session:
            yield session
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    finally:
        engine.dispose()


@staff_cli.command("add")
@click.argument("email")
def add_command(email: str):
    """Add a member of staff. The password comes from STEADY_STAFF_PASSWORD (for scripts), or
    is asked for. Prints the TOTP URI to scan into an authenticator app."""
    password, config = new_password(), settings()
    with database(config) as session:
        uri = add_staff(session, instance_sealer(config["INSTANCE_DIR"]), email, password)
    click.echo("Scan this into an authenticator app (it is shown once, keep it secret):")
    click.echo(uri)


@staff_cli.command("password")
@click.argument("email")
def password_command(email: str):
    """Give a member of staff a new password (from STEADY_STAFF_PASSWORD, or asked for) and end
    every session they have open: after a leak, whoever used the old one is signed out."""
    password = new_password()
    with database(settings()) as session:
        ended = change_password(session, email, password)
    click.echo(f"Password changed; {ended} open session(s) ended.")
