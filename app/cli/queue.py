"""`flask queue work`: run the jobs waiting now, by hand or from cron, without a consumer."""

import click
from flask import current_app
from flask.cli import with_appcontext

from ..parts import parts
from ..queue import run_queued


@click.group("queue")
def queue_cli():
    """The job queue (push fan-out, mail to staff)."""


@queue_cli.command("work")
@with_appcontext
def work_command():
    """Run every job waiting in the queue now, in this process, then stop."""
    ran = run_queued(parts(current_app).queue.huey)
    click.echo(f"ran {ran} job(s)")
