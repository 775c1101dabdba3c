"""`flask push keys|send|check-ins`: set push up once, and send by hand or from cron."""

import click
from flask import current_app
from flask.cli import with_appcontext

from ..config import settings
from ..parts import parts
from ..push.keys import KeysExist, application_server_key, create_keys, load_keys
from ..push.model import TOPICS


@click.group("push")
def push_cli():
    """Web Push notifications."""


@push_cli.command("keys")
def keys_command():
    """Make the VAPID key pair in the instance folder (once: it refuses to replace one)."""
    # Without building the app: the app refuses to start with keys but no subject.
    instance = settings()["INSTANCE_DIR"]
    try:
        path = create_keys(instance)
    except KeysExist as error:
        raise click.ClickException(
            f"{error}. Replacing it would silently break every subscription; "
            "delete it by hand only if you mean that."
        ) from None
    click.echo(f"made {path}")
    click.echo(f"public key: {application_server_key(load_keys(instance))}")
    click.echo("set PUSH_VAPID_SUBJECT to a mailto: or https: address of yours")


@push_cli.command("send")
@click.argument("topic", type=click.Choice(TOPICS))
@with_appcontext
def send_command(topic: str):
    """Queue TOPIC for every subscription that asked for it."""
    queue = parts(current_app).push_queue
    if parts(current_app).push_sender is None:
        raise click.ClickException("push is not set up: run flask push keys first")
    queue.fan_out(topic)
    click.echo(f"queued {topic} on the {current_app.config['QUEUE']} queue")


@push_cli.command("check-ins")
@with_appcontext
def check_ins_command():
    """Queue the check-ins now due (the queue's consumer also does this every 10 minutes)."""
    due = parts(current_app).push_queue.run_check_ins()
    click.echo(f"queued {due} check-in(s)")
