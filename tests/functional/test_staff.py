"""The staff inbox: refused without login, with a wrong or replayed TOTP code and with a bad
CSRF token; short, private cookies; the inbox, notes, replies by mail, statuses and the audit
log; and never stored, precached or answered from the worker's cache. Sessions and the
slow-down of wrong passwords: test_staff_sessions.py, test_staff_throttle.py."""

import re
import time
from datetime import timedelta
from email import message_from_bytes

import pytest
from click.testing import CliRunner
from sqlalchemy import select, update

from app import db
from app.cli.staff import staff_cli
from app.contact.model import ContactMessage
from app.db import utc_now
from app.parts import parts
from app.staff.model import AuditEntry, StaffSession
from tests.support.apps import test_config
from tests.support.staff import (
    EMAIL,
    PASSWORD,
    Staff,
    csrf_of,
    family_message,
    log_in,
    only_message,
)


def audit_actions(app) -> list[str]:
    with app.app_context():
        return list(db.session().scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


@pytest.mark.parametrize("url", ["/staff/", "/staff/messages/1", "/staff/audit", "/staff/sessions"])
def test_staff_pages_refuse_without_login(db_client, url):
    response = db_client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/login"


@pytest.mark.parametrize(
    "url", ["/staff/messages/1/status", "/staff/messages/1/reply", "/staff/sessions/end"]
)
def test_staff_posts_refuse_without_login_even_with_a_token(db_client, url):
    response = db_client.post(url, data={"csrf_token": csrf_of(db_client), "status": "closed"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/login"


def test_login_refuses_a_wrong_totp_code(db_client, staff):
    wrong = f"{(int(staff.code()) + 1) % 1_000_000:06d}"
    response = log_in(db_client, staff, code=wrong)
    assert response.status_code == 401
    assert db_client.get("/staff/").status_code == 302


def test_login_refuses_a_wrong_password_with_a_right_code(db_client, staff):
    assert log_in(db_client, staff, password="not the password").status_code == 401


def test_login_with_password_and_code_opens_the_inbox(db_client, staff):
    response = log_in(db_client, staff)
    assert response.status_code == 303 and response.headers["Location"] == "/staff/"
    page = db_client.get("/staff/")
    assert page.status_code == 200 and "<h1>Inbox</h1>" in page.get_data(as_text=True)


def test_a_code_is_never_accepted_twice(db_app, staff):
    code = staff.code()
    assert log_in(db_app.test_client(), staff, code=code).status_code == 303
    assert log_in(db_app.test_client(), staff, code=code).status_code == 401


def test_an_unknown_address_is_refused_like_a_wrong_password(db_client, staff):
    stranger = Staff.__new__(Staff)
    stranger.email, stranger.totp = "nobody@steady.example", staff.totp
    response = log_in(db_client, stranger)
    assert response.status_code == 401
    assert log_in(db_client, staff, password="x").get_data() == response.get_data()


def test_a_post_with_a_bad_csrf_token_is_refused(db_app, db_client, staff):
    family_message(db_client)
    message_id = only_message(db_app).id
    log_in(db_client, staff)
    for token in ("", "forged", csrf_of(db_app.test_client())):
        response = db_client.post(
            f"/staff/messages/{message_id}/status", data={"csrf_token": token, "status": "closed"}
        )
        assert response.status_code == 400
        assert "expired" in response.get_data(as_text=True)
    assert only_message(db_app).status == "new"


def test_the_session_cookie_is_short_private_and_kept_to_the_inbox(db_client, staff):
    response = log_in(db_client, staff)
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("steady_staff=")
    for attribute in ("HttpOnly", "SameSite=Strict", "Path=/staff/"):
        assert attribute in cookie
    assert "Secure" not in cookie  # plain HTTP on loopback; see the HTTPS test below
    expires = re.search(r"Expires=([^;]+)", cookie).group(1)
    left = time.mktime(time.strptime(expires, "%a, %d %b %Y %H:%M:%S GMT")) - time.mktime(
        time.gmtime()
    )
    assert left <= 30 * 60 + 5


def test_the_session_cookie_is_secure_over_https(tmp_path):
    from app import create_app

    app = create_app(test_config(INSTANCE_DIR=tmp_path, SITE_URL="https://steady.example"))
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_an_old_session_is_signed_out_whatever_its_cookie_says(db_app, db_client, staff):
    log_in(db_client, staff)
    assert db_client.get("/staff/").status_code == 200
    with db_app.app_context():
        db.session().execute(
            update(StaffSession).values(created_at=utc_now() - timedelta(minutes=31))
        )
        db.session().commit()
    assert db_client.get("/staff/").status_code == 302


def test_the_inbox_lists_new_messages_first_with_language_country_and_age(db_app, db_client, staff):
    family_message(db_client, locale="en")
    family_message(db_client, locale="ar")
    with db_app.app_context():
        first = db.session().scalars(select(ContactMessage).order_by(ContactMessage.id)).first()
        first.status = "closed"
        db.session().commit()
    log_in(db_client, staff)
    page = db_client.get("/staff/").get_data(as_text=True)
    statuses = re.findall(r'data-status="(\w+)"', page)
    assert statuses == ["new", "closed"]
    assert "العربية" in page and "Country: Spain" in page and "Teen age:" in page


def test_opening_noting_answering_and_closing_are_recorded(db_app, db_client, staff):
    family_message(db_client)
    message_id = only_message(db_app).id
    log_in(db_client, staff)

    page = db_client.get(f"/staff/messages/{message_id}").get_data(as_text=True)
    assert "Ayuda, por favor" in page and "parent@example.org" in page
    assert only_message(db_app).status == "read"

    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    note = db_client.post(
        f"/staff/messages/{message_id}/note",
        data={"csrf_token": token, "note": "Called the helpline together"},
    )
    assert note.status_code == 303
    assert b"helpline" not in only_message(db_app).note

    reply = db_client.post(
        f"/staff/messages/{message_id}/reply",
        data={"csrf_token": token, "reply": "Hola. Estos son los primeros pasos..."},
    )
    assert reply.status_code == 303
    mails = list((db_app.config["INSTANCE_DIR"] / "mail").glob("*.eml"))
    to_family = [message_from_bytes(m.read_bytes()) for m in mails]
    to_family = [m for m in to_family if m["To"] == "parent@example.org"]
    assert len(to_family) == 1
    assert "primeros pasos" in to_family[0].get_payload(decode=True).decode()
    assert to_family[0]["Subject"] != "Steady: an answer to your message"  # in Spanish
    assert only_message(db_app).status == "answered"
    assert "Hola. Estos son" in db_client.get(f"/staff/messages/{message_id}").get_data(
        as_text=True
    )

    closed = db_client.post(
        f"/staff/messages/{message_id}/status", data={"csrf_token": token, "status": "closed"}
    )
    assert closed.status_code == 303
    assert only_message(db_app).closed_at is not None
    assert audit_actions(db_app) == ["opened", "noted", "answered", "opened", "status-closed"]
    log = db_client.get("/staff/audit").get_data(as_text=True)
    assert log.count(EMAIL) == 5


def test_a_message_without_an_email_address_cannot_be_mailed(db_app, db_client, staff):
    family_message(db_client, reply_to="+34 600 123 456")
    message_id = only_message(db_app).id
    log_in(db_client, staff)
    token = csrf_of(db_client, f"/staff/messages/{message_id}")
    response = db_client.post(
        f"/staff/messages/{message_id}/reply", data={"csrf_token": token, "reply": "Hola"}
    )
    assert response.status_code == 400
    assert only_message(db_app).status == "read"


def test_an_unknown_status_or_message_is_a_clear_4xx(db_client, staff):
    log_in(db_client, staff)
    token = csrf_of(db_client, "/staff/")
    assert db_client.get("/staff/messages/999").status_code == 404
    bad = db_client.post("/staff/messages/999/status", data={"csrf_token": token, "status": "x"})
    assert bad.status_code == 400


def test_staff_pages_are_never_stored_precached_cached_or_indexed(app, db_client, staff):
    assert not [url for url in parts(app).build.entries if url.startswith("/staff")]
    precache = parts(app).precache
    urls = [e["url"] for e in precache["core"]] + [
        e["url"] for entries in precache["locales"].values() for e in entries
    ]
    assert not [url for url in urls if "staff" in url]
    worker = parts(app).build.stored("/sw.js").read(None).decode()
    assert 'private":["/staff/"]' in worker
    for response in (db_client.get("/staff/login"), log_in(db_client, staff)):
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in db_client.get(
        "/staff/login"
    ).get_data(as_text=True)


def test_public_pages_never_get_the_staff_cookie(db_client, staff):
    log_in(db_client, staff)
    for url in ("/en/", "/en/contact", "/en/about"):
        assert "Set-Cookie" not in db_client.get(url).headers


def test_staff_add_prints_a_totp_uri_and_refuses_a_short_password(db_app, monkeypatch):
    monkeypatch.setenv("FLASK_DATABASE_URL", db_app.config["DATABASE_URL"])
    monkeypatch.setenv("FLASK_INSTANCE_DIR", str(db_app.config["INSTANCE_DIR"]))
    monkeypatch.setenv("STEADY_STAFF_PASSWORD", PASSWORD)
    added = CliRunner().invoke(staff_cli, ["add", "New.Person@Steady.example"])
    assert added.exit_code == 0, added.output
    assert "otpauth://totp/Steady:new.person%40steady.example" in added.output
    again = CliRunner().invoke(staff_cli, ["add", "new.person@steady.example"])
    assert again.exit_code != 0 and "already has an account" in again.output
    monkeypatch.setenv("STEADY_STAFF_PASSWORD", "short")
    short = CliRunner().invoke(staff_cli, ["add", "other@steady.example"])
    assert short.exit_code != 0 and "at least 12" in short.output
