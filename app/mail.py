"""Sending mail, behind one small interface: staff replies and new-message notices.

The implementation is chosen by MAIL_BACKEND: "console" logs each mail (the default, for a
developer's machine), "file" writes each as an .eml file (tests read them; nothing touches the
network), "smtp" hands it to a mail server. A mail that is not handed over raises NotSent, saying
why, so nobody is told that a reply was sent when it was not.
"""

import logging
import smtplib
import uuid
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from enum import Enum
from pathlib import Path
from typing import Protocol

from flask import Flask

from . import email_address
from .parts import parts

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


class Failure(Enum):
    ADDRESS = "address"  # not one plain address (email_address.parse refuses it)
    NEEDS_SMTPUTF8 = "smtputf8"  # a local part beyond ASCII, and a server that cannot carry it
    REFUSED = "refused"  # the mail server refused the recipient
    SERVER = "server"  # no connection, no answer in time, or any other refusal


class NotSent(Exception):
    def __init__(self, failure: Failure):
        super().__init__(failure.value)
        self.failure = failure


def recipient(to: str, smtputf8: bool) -> str:
    """The address to hand over for `to`, with its domain in ASCII; NotSent if it is not one
    plain address, or needs SMTPUTF8 and the server (`smtputf8`) does not offer it. Every
    backend asks this one question, so none accepts what another would refuse."""
    try:
        address = email_address.parse(to)
    except email_address.BadAddress:
        raise NotSent(Failure.ADDRESS) from None
    if address.needs_smtputf8 and not smtputf8:
        raise NotSent(Failure.NEEDS_SMTPUTF8)
    return address.for_sending


def as_email(mail: Mail, sender: str, to: str) -> EmailMessage:
    email = EmailMessage()
    email["From"], email["To"], email["Subject"] = sender, to, mail.subject
    email["Date"] = formatdate(localtime=False)
    email.set_content(mail.body)
    return email


def as_handed_over(mail: Mail, sender: str) -> bytes:
    """What a server offering SMTPUTF8 is handed for `mail`, as smtplib's send_message writes
    it: UTF-8 headers for an address beyond ASCII, encoded words otherwise. The console and file
    backends have no server to ask: they stand for one that offers it, as most do today."""
    to = recipient(mail.to, smtputf8=True)
    email = as_email(mail, sender, to)
    return email.as_bytes(policy=email.policy.clone(utf8=not to.isascii()))


class Mailer(Protocol):
    def send(self, mail: Mail) -> None: ...


class ConsoleMailer:
    def __init__(self, sender: str):
        self.sender = sender

    def send(self, mail: Mail) -> None:
        text = as_handed_over(mail, self.sender).decode("utf-8", "replace")
        log.info("mail (not sent, MAIL_BACKEND=console):\n%s", text)


class FileMailer:
    def __init__(self, sender: str, directory: Path):
        self.sender, self.directory = sender, directory

    def send(self, mail: Mail) -> None:
        handed_over = as_handed_over(mail, self.sender)
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.directory / f"{uuid.uuid4()}.eml"
        path.write_bytes(handed_over)


class SMTPMailer:
    def __init__(self, sender: str, config):
        self.sender, self.config = sender, config

    def send(self, mail: Mail) -> None:
        config = self.config
        try:
            smtp = smtplib.SMTP(
                config["MAIL_SMTP_HOST"],
                config["MAIL_SMTP_PORT"],
                timeout=config["MAIL_SMTP_TIMEOUT_SECONDS"],
            )
        except (OSError, smtplib.SMTPException) as error:
            raise NotSent(Failure.SERVER) from error
        try:
            if config["MAIL_SMTP_STARTTLS"]:
                smtp.starttls()
            if config["MAIL_SMTP_USERNAME"]:
                smtp.login(config["MAIL_SMTP_USERNAME"], config["MAIL_SMTP_PASSWORD"])
            smtp.ehlo_or_helo_if_needed()  # again after STARTTLS, which forgets the extensions
            to = recipient(mail.to, smtputf8=smtp.has_extn("smtputf8"))
            # The envelope names the checked address itself, not what a parser reads back out
            # of the To: header; for one beyond ASCII, send_message asks for SMTPUTF8.
            smtp.send_message(as_email(mail, self.sender, to), to_addrs=[to])
        except smtplib.SMTPRecipientsRefused as error:
            raise NotSent(Failure.REFUSED) from error
        except (OSError, smtplib.SMTPException) as error:
            raise NotSent(Failure.SERVER) from error
        finally:
            close(smtp)


def close(smtp: smtplib.SMTP) -> None:
    """QUIT, and close the connection whatever the server says: once it has taken the mail,
    a goodbye gone wrong does not make the mail unsent."""
    try:
        smtp.quit()
    except (OSError, smtplib.SMTPException):
        smtp.close()


def mailer_from_config(config) -> Mailer:
    backend, sender = config["MAIL_BACKEND"], config["MAIL_FROM"]
    if backend == "console":
        return ConsoleMailer(sender)
    if backend == "file":
        return FileMailer(sender, Path(config["MAIL_FILE_DIR"] or config["INSTANCE_DIR"] / "mail"))
    if backend == "smtp":
        return SMTPMailer(sender, config)
    raise ValueError(f"MAIL_BACKEND must be console, file or smtp, not {backend!r}")


def init_app(app: Flask) -> None:
    parts(app).mailer = mailer_from_config(app.config)
