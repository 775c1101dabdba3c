"""Sending mail, behind one small interface: staff replies and new-message notices.

The implementation is chosen by MAIL_BACKEND: "console" logs each mail (the default, for a
developer's machine), "file" writes each as an .eml file (tests read them; nothing touches the
network), "smtp" hands it to a mail server.
"""

import logging
import smtplib
import uuid
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path
from typing import Protocol

from flask import Flask

from .parts import parts

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


def as_email(mail: Mail, sender: str) -> EmailMessage:
    email = EmailMessage()
    email["From"], email["To"], email["Subject"] = sender, mail.to, mail.subject
    email["Date"] = formatdate(localtime=False)
    email.set_content(mail.body)
    return email


class Mailer(Protocol):
    def send(self, mail: Mail) -> None: ...


class ConsoleMailer:
    def __init__(self, sender: str):
        self.sender = sender

    def send(self, mail: Mail) -> None:
        log.info("mail (not sent, MAIL_BACKEND=console):\n%s", as_email(mail, self.sender))


class FileMailer:
    def __init__(self, sender: str, directory: Path):
        self.sender, self.directory = sender, directory

    def send(self, mail: Mail) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.directory / f"{uuid.uuid4()}.eml"
        path.write_bytes(bytes(as_email(mail, self.sender)))


class SMTPMailer:
    def __init__(self, sender: str, config):
        self.sender, self.config = sender, config

    def send(self, mail: Mail) -> None:
        config = self.config
        with smtplib.SMTP(
            config["MAIL_SMTP_HOST"],
            config["MAIL_SMTP_PORT"],
            timeout=config["MAIL_SMTP_TIMEOUT_SECONDS"],
        ) as smtp:
            if config["MAIL_SMTP_STARTTLS"]:
                smtp.starttls()
            if config["MAIL_SMTP_USERNAME"]:
                smtp.login(config["MAIL_SMTP_USERNAME"], config["MAIL_SMTP_PASSWORD"])
            smtp.send_message(as_email(mail, self.sender))


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
