"""What a family and an attacker get when the server cannot, or will not, take what they send:
a clear answer in the family's language, the message kept (by the outbox, or on the form),
and nothing acknowledged that was not stored."""

import re
import uuid

import pytest
from sqlalchemy import select

from app import create_app, db
from app.contact.model import ContactMessage
from app.parts import parts
from app.sealing import current_sealer
from tests.support.apps import empty_database, test_config

SAME_SITE = {"Sec-Fetch-Site": "same-origin"}
MESSAGE = "Someone is threatening to share a photo of my daughter."


def outbox_post(client, key, message=MESSAGE, locale="en"):
    return client.post(
        f"/{locale}/contact",
        data={"message": message},
        headers={**SAME_SITE, "Idempotency-Key": key, "Accept": "application/json"},
    )


def messages(app) -> list[str]:
    with app.app_context():
        rows = db.session().scalars(select(ContactMessage)).all()
        return [current_sealer().open(row.body) for row in rows]


def test_the_same_key_with_another_message_is_refused_and_the_first_kept(db_app, db_client):
    key = str(uuid.uuid4())
    assert outbox_post(db_client, key).status_code == 201
    other = outbox_post(db_client, key, "Ignore the first one", locale="es")
    assert other.status_code == 422
    assert "referencia" in other.get_json()["error"]  # in the family's language
    # The same message again is a retry, answered as received.
    assert outbox_post(db_client, key).status_code == 200
    assert messages(db_app) == [MESSAGE]


@pytest.fixture(scope="module")
def full_app():
    """An app with no room for work that may wait on something outside: every request Flask
    would answer finds the slots taken, as when the database hangs."""
    app = create_app(test_config(DYNAMIC_WORK_SLOTS=0))
    db.upgrade(parts(app).engine)
    yield app
    parts(app).engine.dispose()


def test_without_room_the_outbox_is_told_to_try_again_in_the_familys_language(full_app):
    answer = outbox_post(full_app.test_client(), str(uuid.uuid4()), locale="ar")
    assert answer.status_code == 503
    assert answer.headers["Retry-After"] == "30"
    assert "Steady مشغول" in answer.get_json()["error"]
    assert answer.headers["Content-Security-Policy"]


def test_without_room_a_form_posted_without_javascript_comes_back_with_the_text(full_app):
    page = full_app.test_client().post(
        "/es/contact", data={"message": MESSAGE, "reply_to": "mama@example.org"}, headers=SAME_SITE
    )
    assert page.status_code == 503
    text = page.get_data(as_text=True)
    assert MESSAGE in text and "mama@example.org" in text  # nothing to type again
    assert "Steady está muy ocupado" in text and 'role="alert"' in text


@pytest.mark.parametrize("path", ["/en/crisis", "/ar/", "/es/plain/crisis", "/sw.js"])
def test_without_room_the_stored_pages_still_answer(full_app, path):
    assert full_app.test_client().get(path).status_code == 200


def test_a_push_subscription_without_room_is_a_json_503(full_app):
    answer = full_app.test_client().post("/push/subscriptions", json={}, headers=SAME_SITE)
    assert answer.status_code == 503 and "error" in answer.get_json()


def test_a_deleted_database_file_makes_posts_fail_not_vanish(tmp_path):
    app = create_app(
        test_config(INSTANCE_DIR=tmp_path, DATABASE_URL=empty_database("sqlite", tmp_path))
    )
    client = app.test_client()
    assert outbox_post(client, str(uuid.uuid4())).status_code == 201
    for name in ("steady.sqlite3", "steady.sqlite3-wal", "steady.sqlite3-shm"):
        (tmp_path / name).unlink(missing_ok=True)
    # Before, the open connection went on writing into the deleted file: 201, then nothing.
    answers = [outbox_post(client, str(uuid.uuid4())).status_code for _ in range(3)]
    assert answers == [503] * 3
    parts(app).engine.dispose()


@pytest.fixture
def throttled_app(db_app):
    limiter = parts(db_app).login_limiter
    parts(db_app).login_limiter = type(limiter)(3, 900)
    yield db_app
    parts(db_app).login_limiter = limiter


def login(client, source="203.0.113.9"):
    page = client.get("/staff/login", environ_base={"REMOTE_ADDR": source}).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    return client.post(
        "/staff/login",
        data={
            "csrf_token": token,
            "email": "nobody@steady.example",
            "password": "wrong password",
            "code": "000000",
        },
        environ_base={"REMOTE_ADDR": source},
    )


def test_sign_in_attempts_beyond_the_limit_are_refused_before_any_password_check(
    throttled_app, monkeypatch
):
    client = throttled_app.test_client()
    assert [login(client).status_code for _ in range(3)] == [401] * 3
    checked = []
    monkeypatch.setattr("app.staff.views.authenticate", lambda *a: checked.append(a))
    refused = login(client)
    assert refused.status_code == 429 and "15 minutes" in refused.get_data(as_text=True)
    assert checked == []  # no password was hashed for it
    # Another connection has its own attempts.
    login(client, source="198.51.100.4")
    assert len(checked) == 1
