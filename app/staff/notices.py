"""Telling staff that a family has written: a mail to each member, never what it says (mail is
not sealed). Sent by the job queue, never inside the family's request: a slow or hung mail
server once held each post for 20 seconds per member."""

import logging

from flask import Flask, url_for

from .. import db
from ..contact.signals import message_received
from ..mail import Mail, Mailer
from ..parts import parts
from .accounts import all_addresses

log = logging.getLogger(__name__)

# A mail server that is down for a while: the notice is tried again, for about a day in all.
NOTICE_RETRIES = 12
NOTICE_RETRY_DELAY_SECONDS = 300
NOTICE_SUBJECT = "Steady: a new message is waiting"


def notice(address: str, inbox_url: str) -> Mail:
    return Mail(
        to=address,
        subject=NOTICE_SUBJECT,
        body=f"A family has written to Steady. Read it in the inbox:\n{inbox_url}\n",
    )


class StaffNotices:
    """The job telling one member, registered on the app's queue."""

    def __init__(self, app: Flask):
        self.app = app
        self.tell = None
        parts(app).queue.on_start(self.register)
        # weak=False: the receiver is this object's method, connected once per app it serves.
        message_received.connect(self.on_message_received, sender=app, weak=False)

    def register(self, huey) -> None:
        self.tell = huey.task(
            retries=NOTICE_RETRIES, retry_delay=NOTICE_RETRY_DELAY_SECONDS, name="staff.notice"
        )(self.run_tell)

    def run_tell(self, address: str, inbox_url: str) -> None:
        mailer: Mailer = parts(self.app).mailer
        mailer.send(notice(address, inbox_url))  # raising, it is retried

    def on_message_received(self, app: Flask) -> None:
        """One job per member, so a retry repeats only the mail that failed."""
        inbox_url = app.config["SITE_URL"] + url_for("staff.inbox")
        parts(app).queue.start()
        for address in all_addresses(db.session()):
            try:
                self.tell(address, inbox_url)
            except Exception:  # the message is stored: a queue that is down must not lose it
                log.exception("could not queue the notice of a new message")
                return


def init_app(app: Flask) -> None:
    StaffNotices(app)
