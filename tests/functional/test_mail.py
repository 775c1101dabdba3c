"""Every mail backend asks the same question of an address before it takes a mail: the console
and the file refuse what SMTP refuses, and all three send an international domain in ASCII. The
SMTP backend talks to a real server on loopback (tests/support/smtp_server.py)."""

import logging
from contextlib import contextmanager
from email import message_from_bytes

import pytest

from app.mail import Failure, Mail, NotSent, mailer_from_config
from tests.support.smtp_server import smtp_server

SENDER = "Steady <help@steady.invalid>"
NOT_ONE_ADDRESS = [
    "victim,attacker@evil.example",
    "note<postmaster>shown@example.org",
    "=?utf-8?q?a=0D=0Ab?=@example.org",
    "victim@example.org\r\nBcc: attacker@evil.example",
    "a@b",
]


@contextmanager
def backend(kind: str, tmp_path, caplog):
    """A mailer of `kind`, made from settings as the app makes it, and a function returning
    what it handed over: the mails written, logged or received, as bytes."""
    config = {"MAIL_FROM": SENDER, "MAIL_FILE_DIR": str(tmp_path), "INSTANCE_DIR": tmp_path}
    if kind == "file":
        yield (
            mailer_from_config({**config, "MAIL_BACKEND": "file"}),
            lambda: [path.read_bytes() for path in tmp_path.glob("*.eml")],
        )
    elif kind == "console":
        caplog.set_level(logging.INFO, logger="app.mail")
        yield (
            mailer_from_config({**config, "MAIL_BACKEND": "console"}),
            lambda: [record.getMessage().partition("\n")[2].encode() for record in caplog.records],
        )
    else:
        with smtp_server(smtputf8=False) as server:
            smtp = {
                "MAIL_BACKEND": "smtp",
                "MAIL_SMTP_HOST": "127.0.0.1",
                "MAIL_SMTP_PORT": server.port,
                "MAIL_SMTP_STARTTLS": False,
                "MAIL_SMTP_USERNAME": "",
                "MAIL_SMTP_PASSWORD": "",
                "MAIL_SMTP_TIMEOUT_SECONDS": 5,
            }
            yield mailer_from_config({**config, **smtp}), lambda: [m.data for m in server.received]


@pytest.mark.parametrize("kind", ["console", "file", "smtp"])
@pytest.mark.parametrize("to", NOT_ONE_ADDRESS)
def test_no_backend_takes_what_is_not_one_plain_address(tmp_path, caplog, kind, to):
    with backend(kind, tmp_path, caplog) as (mailer, handed_over):
        with pytest.raises(NotSent) as refused:
            mailer.send(Mail(to=to, subject="Hola", body="Hola"))
        assert refused.value.failure is Failure.ADDRESS
        assert handed_over() == []


@pytest.mark.parametrize("kind", ["console", "file", "smtp"])
def test_every_backend_hands_over_an_international_domain_in_ascii(tmp_path, caplog, kind):
    with backend(kind, tmp_path, caplog) as (mailer, handed_over):
        mailer.send(Mail(to="a@exämple.com", subject="Hola", body="Hola"))
        [mail] = handed_over()
    assert message_from_bytes(mail)["To"] == "a@xn--exmple-cua.com"
