"""Telling staff that a family has written: a mail to each member, never what it says (mail is
not sealed)."""

import logging

from flask import Flask, url_for

from .. import db
from ..contact.signals import message_received
from ..mail import Mail, Mailer
from ..parts import parts
from .accounts import all_addresses

log = logging.getLogger(__name__)


def notify_staff(mailer: Mailer, addresses: list[str], inbox_url: str) -> None:
    """Tell staff a message is waiting; never what it says (mail is not sealed)."""
    for address in addresses:
        try:
            mailer.send(
                Mail(
                    to=address,
                    subject="Steady: a new message is waiting",
                    body=f"A family has written to Steady. Read it in the inbox:\n{inbox_url}\n",
                )
            )
        except Exception:  # the message is stored; a failed notice must not lose the answer
            log.exception("could not tell %s about a new message", address)


def on_message_received(app: Flask) -> None:
    inbox_url = app.config["SITE_URL"] + url_for("staff.inbox")
    notify_staff(parts(app).mailer, all_addresses(db.session()), inbox_url)


def init_app(app: Flask) -> None:
    # weak=False: the receiver is a module function, connected once per app it serves.
    message_received.connect(on_message_received, sender=app, weak=False)
