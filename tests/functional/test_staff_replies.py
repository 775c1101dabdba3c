"""A staff reply goes to the address shown, or does not go and says why: an international domain
in its ASCII form, an international local part only through a server offering SMTPUTF8, and a
mail server that is down, silent or refusing is a clear note with the reply kept, never a 500
and never "Your reply was sent". Mail goes through a real SMTP server on loopback."""

import re
import uuid
from email import message_from_bytes, policy

import pytest
from sqlalchemy import func, select

from app import db
from app.contact.model import ContactMessage
from app.mail import mailer_from_config
from app.parts import parts
from app.sealing import current_sealer
from app.staff.model import Reply
from tests.support.frozen import silent_server
from tests.support.smtp_server import closed_port, smtp_server
from tests.support.staff import csrf_of, family_message, log_in, only_message

REPLY = "Hola. Estos son los primeros pasos."
SENT = "Your reply was sent."
UNREACHABLE = "this address cannot be reached through our mail server"
SERVER_DOWN = "our mail server could not be reached, or did not answer in time"
RECIPIENT_REFUSED = "our mail server refused this address"
CANNOT_REPLY = "This address cannot be replied to"


@pytest.fixture
def mail_to_port(db_app, monkeypatch):
    """Send db_app's mail with its SMTP backend to a loopback port, for this test."""

    def use(port: int, timeout: float = 5) -> None:
        config = {
            **db_app.config,
            "MAIL_BACKEND": "smtp",
            "MAIL_SMTP_HOST": "127.0.0.1",
            "MAIL_SMTP_PORT": port,
            "MAIL_SMTP_STARTTLS": False,
            "MAIL_SMTP_TIMEOUT_SECONDS": timeout,
        }
        monkeypatch.setattr(parts(db_app), "mailer", mailer_from_config(config))

    return use


def reply_to_family(db_app, client, staff, reply_to: str):
    """A family writes leaving `reply_to`; staff sign in, open the message and reply."""
    family_message(client, reply_to=reply_to)
    message_id = only_message(db_app).id
    log_in(client, staff)
    token = csrf_of(client, f"/staff/messages/{message_id}")
    return client.post(
        f"/staff/messages/{message_id}/reply", data={"csrf_token": token, "reply": REPLY}
    )


def replies_recorded(app) -> int:
    with app.app_context():
        return db.session().scalar(select(func.count()).select_from(Reply))


def sent_files(app) -> list:
    return [
        message_from_bytes(path.read_bytes())
        for path in (app.config["INSTANCE_DIR"] / "mail").glob("*.eml")
    ]


def assert_not_sent(app, response, note: str) -> None:
    """A clear page, the reply kept to send again, and nothing recorded as sent."""
    assert response.status_code == 502
    page = response.get_data(as_text=True)
    assert note in page and SENT not in page
    assert re.search(rf'<textarea id="reply"[^>]*>{re.escape(REPLY)}</textarea>', page)
    assert only_message(app).status == "read"
    assert replies_recorded(app) == 0


def test_an_international_domain_is_stored_as_written_and_mailed_in_ascii(db_app, db_client, staff):
    response = reply_to_family(db_app, db_client, staff, "a@exämple.com")
    with db_app.app_context():
        assert current_sealer().open(only_message(db_app).reply_to) == "a@exämple.com"
    assert response.status_code == 303
    [sent] = [mail for mail in sent_files(db_app) if mail["To"] != staff.email]
    assert sent["To"] == "a@xn--exmple-cua.com"
    page = db_client.get(response.headers["Location"]).get_data(as_text=True)
    assert SENT in page and "Replies go to a@xn--exmple-cua.com" in page
    assert only_message(db_app).status == "answered"


def test_an_international_domain_needs_no_smtputf8(db_app, db_client, staff, mail_to_port):
    with smtp_server(smtputf8=False) as server:
        mail_to_port(server.port)
        response = reply_to_family(db_app, db_client, staff, "a@exämple.com")
    assert response.status_code == 303
    [received] = server.received
    assert received.recipients == ("a@xn--exmple-cua.com",)
    assert "SMTPUTF8" not in received.options


def test_an_international_local_part_without_smtputf8_is_a_clear_note_and_not_sent(
    db_app, db_client, staff, mail_to_port
):
    with smtp_server(smtputf8=False) as server:
        mail_to_port(server.port)
        response = reply_to_family(db_app, db_client, staff, "josé@example.org")
    assert_not_sent(db_app, response, UNREACHABLE)
    assert server.received == []


@pytest.mark.parametrize(
    "reply_to, sent_to",
    [("josé@example.org", "josé@example.org"), ("josé@exämple.com", "josé@xn--exmple-cua.com")],
)
def test_an_international_local_part_goes_through_a_server_offering_smtputf8(
    db_app, db_client, staff, mail_to_port, reply_to, sent_to
):
    with smtp_server(smtputf8=True) as server:
        mail_to_port(server.port)
        response = reply_to_family(db_app, db_client, staff, reply_to)
    assert response.status_code == 303
    [received] = server.received
    assert received.recipients == (sent_to,)
    assert "SMTPUTF8" in received.options
    assert f"To: {sent_to}".encode() in received.data  # UTF-8, as SMTPUTF8 carries it
    mail = message_from_bytes(received.data, policy=policy.SMTPUTF8)
    assert mail["To"] == sent_to
    assert "primeros pasos" in mail.get_content()
    assert only_message(db_app).status == "answered"
    assert replies_recorded(db_app) == 1


def test_a_mail_server_refusing_the_connection_is_a_clear_note(
    db_app, db_client, staff, mail_to_port
):
    with closed_port() as port:
        mail_to_port(port)
        response = reply_to_family(db_app, db_client, staff, "parent@example.org")
    assert_not_sent(db_app, response, SERVER_DOWN)


def test_a_silent_mail_server_is_a_clear_note_after_the_timeout(
    db_app, db_client, staff, mail_to_port
):
    with silent_server() as port:
        mail_to_port(port, timeout=1)
        response = reply_to_family(db_app, db_client, staff, "parent@example.org")
    assert_not_sent(db_app, response, SERVER_DOWN)


def test_a_refused_recipient_is_a_clear_note(db_app, db_client, staff, mail_to_port):
    with smtp_server(refused={"parent@example.org"}) as server:
        mail_to_port(server.port)
        response = reply_to_family(db_app, db_client, staff, "parent@example.org")
    assert_not_sent(db_app, response, RECIPIENT_REFUSED)
    assert server.received == []


@pytest.mark.parametrize(
    "stored, shown",
    [
        ("note<postmaster>shown@example.org", "note&lt;postmaster&gt;shown@example.org"),
        ("victim,attacker@evil.example", "victim,attacker@evil.example"),
        ("=?utf-8?q?a=0D=0Ab?=@example.org", "=?utf-8?q?a=0D=0Ab?=@example.org"),
        ("moc.elpmaxe\u202e@evil.example", "moc.elpmaxe<span"),
    ],
)
def test_an_address_stored_before_the_rule_is_shown_and_cannot_be_replied_to(
    db_app, db_client, staff, stored, shown
):
    with db_app.app_context():
        sealer = current_sealer()
        db.session().add(
            ContactMessage(
                idempotency_key=str(uuid.uuid4()),
                locale="es",
                body=sealer.seal("Ayuda"),
                reply_to=sealer.seal(stored),
            )
        )
        db.session().commit()
    message_id = only_message(db_app).id
    log_in(db_client, staff)
    url = f"/staff/messages/{message_id}"
    page = db_client.get(url)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert shown in text and CANNOT_REPLY in text
    assert 'id="reply"' not in text  # no reply form to send from
    token = csrf_of(db_client, url)
    response = db_client.post(f"{url}/reply", data={"csrf_token": token, "reply": REPLY})
    assert response.status_code == 400
    assert sent_files(db_app) == []
    assert only_message(db_app).status == "read"
