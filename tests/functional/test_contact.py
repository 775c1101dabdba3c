"""The contact form: stored and linked everywhere, a message stored once and sealed, every bad
post a clear 4xx in the family's language, and nothing kept that identifies the sender."""

import re
import uuid
from datetime import timedelta
from email import message_from_bytes
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select, text, update

from app import db
from app.cli.contact import contact_cli
from app.contact.model import ContactMessage
from app.contact.retention import DAY_SECONDS, DailyPurge
from app.db import utc_now
from app.parts import parts
from app.queue import run_queued
from app.sealing import current_sealer
from app.staff.model import StaffMember
from app.web.rate_limit import RateLimiter

MESSAGE = "Someone is threatening to share a photo of my daughter. What do we do first?"
SAME_SITE = {"Sec-Fetch-Site": "same-origin", "Origin": "null"}


def post(client, url="/en/contact", headers=None, **fields):
    data = {"message": MESSAGE, "reply_to": "", "country": "", "age_band": ""} | fields
    return client.post(url, data=data, headers={**SAME_SITE, **(headers or {})})


def stored(app) -> list[ContactMessage]:
    with app.app_context():
        return list(db.session().scalars(select(ContactMessage)))


def test_the_form_is_stored_and_precached_in_every_language_and_mode(app):
    pages = parts(app).build.entries
    precached = {e["url"] for urls in parts(app).precache["locales"].values() for e in urls}
    for locale in app.config["LOCALES"]:
        for path in (f"/{locale}/contact", f"/{locale}/plain/contact", f"/{locale}/contact/thanks"):
            assert path in pages
            assert path in precached


@pytest.mark.parametrize("url", ["/en/", "/es/about", "/ar/plain/crisis", "/en/case-studies"])
def test_every_page_footer_links_to_the_form(client, url):
    page = client.get(url).get_data(as_text=True)
    footer = page.partition('<footer class="site-footer">')[2]
    locale_and_mode = "/".join(url.strip("/").split("/")[:2]) if "/plain/" in url else url[1:3]
    assert f'href="/{locale_and_mode}/contact"' in footer


def test_the_crisis_page_links_to_the_form(client):
    main = client.get("/es/crisis").get_data(as_text=True).partition("<main")[2]
    assert 'href="/es/contact"' in main.partition("</main>")[0]


def test_the_form_has_its_fields_a_visible_limit_and_no_attachments(client):
    page = client.get("/en/contact").get_data(as_text=True)
    for name in ("message", "reply_to", "country", "age_band"):
        assert f'id="{name}" name="{name}"' in page
        assert f'<label for="{name}">' in page
    assert "Up to 5000 characters" in page
    assert 'type="file"' not in page and "multipart" not in page
    assert "never send the picture to anyone, including us" in page
    assert "If you leave this empty, we cannot reply to you" in page


def test_a_message_is_stored_sealed_and_the_family_thanked_in_their_language(db_app, db_client):
    response = post(
        db_client, "/es/contact", reply_to="parent@example.org", country="es", age_band="13-15"
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/es/contact/thanks"
    assert "Set-Cookie" not in response.headers
    thanks = db_client.get("/es/contact/thanks").get_data(as_text=True)
    assert '<html lang="es"' in thanks and 'href="/es/crisis"' in thanks
    # Stored, the same for everyone: its calls assume no country (country.js puts up the
    # family's, tests/browser/test_one_country.py), so it never sends a family abroad.
    danger = thanks.partition('id="danger-title"')[2]
    assert "data-calls" in danger and "tel:" not in danger.partition("data-crisis-link")[0]

    [message] = stored(db_app)
    assert (message.locale, message.country, message.age_band, message.status) == (
        "es",
        "es",
        "13-15",
        "new",
    )
    assert MESSAGE.encode() not in message.body and b"parent@" not in message.reply_to
    with db_app.app_context():
        assert current_sealer().open(message.body) == MESSAGE
        assert current_sealer().open(message.reply_to) == "parent@example.org"


def test_the_stored_data_alone_reveals_neither_text_nor_address(db_app, db_client):
    db_client.post(
        "/en/contact",
        data={"message": MESSAGE, "reply_to": "+44 7700 900123"},
        headers=SAME_SITE,
        environ_base={"REMOTE_ADDR": "203.0.113.77"},
    )
    assert len(stored(db_app)) == 1
    url = db_app.config["DATABASE_URL"]
    if url.startswith("sqlite"):  # the database file itself, and its write-ahead log
        database = Path(url.partition(":///")[2])
        raw = b"".join(path.read_bytes() for path in database.parent.glob(database.name + "*"))
    else:  # every row of every table, as PostgreSQL writes it out (bytea in hex)
        with parts(db_app).engine.connect() as connection:
            rows = [
                row
                for table in db.Base.metadata.sorted_tables
                for row in connection.execute(text(f"SELECT t::text FROM {table.name} t")).scalars()
            ]
        raw = "".join(rows).encode()
    for secret in (b"threatening", b"7700 900123", b"203.0.113.77"):
        assert secret not in raw and secret.hex().encode() not in raw


def test_errors_are_summarised_linked_to_each_field_and_what_was_typed_is_kept(db_app, db_client):
    response = post(
        db_client,
        "/en/contact",
        message="  ",
        reply_to="not <an> address",
        country="XX",
        age_band="99",
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    summary = page.partition("data-error-summary")[2].partition("</div>")[0]
    assert re.findall(r'href="#(\w+)"', summary) == ["message", "reply_to", "country", "age_band"]
    assert "Write your message" in summary
    assert 'value="not &lt;an&gt; address"' in page
    assert page.count('aria-invalid="true"') == 4
    assert stored(db_app) == []


def test_a_long_message_is_refused_with_its_length_and_kept(db_client):
    response = post(db_client, message="a" * 5001)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "5000 characters or fewer. It is 5001 characters now" in page
    assert "a" * 5001 in page


def test_errors_are_in_the_family_language(db_client):
    page = post(db_client, "/ar/contact", message="").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl"' in page
    assert "Write your message" not in page


@pytest.mark.parametrize("reply_to", ["name@example.org", "+34 600 123 456", "(020) 7946-0958"])
def test_good_reply_addresses_are_accepted(db_client, reply_to):
    assert post(db_client, reply_to=reply_to).status_code == 303


@pytest.mark.parametrize("reply_to", ["name@", "@example.org", "12345", "call me", "a@b", "+1" * 9])
def test_bad_reply_addresses_are_refused(db_client, reply_to):
    assert post(db_client, reply_to=reply_to).status_code == 400


def test_the_outbox_gets_2xx_for_a_new_message_and_for_a_repeat_stored_once(db_app, db_client):
    key = str(uuid.uuid4())
    first = post(db_client, headers={"Idempotency-Key": key})
    again = post(db_client, headers={"Idempotency-Key": key})
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json == {"result": "received", "thanks": "/en/contact/thanks"}
    assert [m.idempotency_key for m in stored(db_app)] == [key]


def test_the_outbox_gets_the_field_errors_as_json(db_client):
    response = post(
        db_client, "/es/contact", headers={"Idempotency-Key": str(uuid.uuid4())}, message=""
    )
    assert response.status_code == 400
    assert set(response.json["errors"]) == {"message"}


def test_a_key_that_is_not_a_uuid_is_refused(db_app, db_client):
    response = post(db_client, headers={"Idempotency-Key": "1; DROP TABLE"})
    assert response.status_code == 400 and "error" in response.json
    assert stored(db_app) == []


def test_the_honeypot_looks_like_success_and_stores_nothing(db_app, db_client):
    response = post(db_client, website="https://spam.example")
    assert response.status_code == 303
    assert stored(db_app) == []


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Sec-Fetch-Site": "same-origin", "Origin": "https://evil.example"},
        {"Origin": "https://evil.example"},
    ],
)
def test_a_post_from_another_site_is_refused_in_the_family_language(db_app, db_client, headers):
    response = db_client.post("/es/contact", data={"message": MESSAGE}, headers=headers)
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert '<html lang="es"' in page and "another website" not in page
    assert stored(db_app) == []


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Origin": "http://localhost"},
        {"Origin": "http://127.0.0.1:5000"},
        {"Sec-Fetch-Site": "same-origin", "Origin": "null"},
        {"Sec-Fetch-Site": "none"},
    ],
)
def test_a_post_from_our_own_page_is_accepted(db_client, headers):
    response = db_client.post("/en/contact", data={"message": MESSAGE}, headers=headers)
    assert response.status_code == 303


def test_a_huge_post_is_refused_before_it_is_read(db_app, db_client):
    response = post(db_client, "/es/contact", message="x" * 200_000)
    assert response.status_code == 413
    assert '<html lang="es"' in response.get_data(as_text=True)
    assert stored(db_app) == []


def test_too_many_new_messages_from_one_sender_wait_but_a_retry_still_succeeds(db_app, db_client):
    parts(db_app).contact_limiter = RateLimiter(2, 3600)
    key = str(uuid.uuid4())
    assert post(db_client, headers={"Idempotency-Key": key}).status_code == 201
    assert post(db_client).status_code == 303
    refused = post(db_client, "/es/contact")
    assert refused.status_code == 429
    assert '<html lang="es"' in refused.get_data(as_text=True)
    # The phone retrying a message we already have is not a new message.
    assert post(db_client, headers={"Idempotency-Key": key}).status_code == 200
    # Another sender is counted apart.
    other = db_client.post(
        "/en/contact", data={"message": MESSAGE}, environ_base={"REMOTE_ADDR": "198.51.100.4"}
    )
    assert other.status_code == 303


def test_the_rate_limiter_forgets_senders_when_its_window_turns():
    now = [1000.0]
    limiter = RateLimiter(1, 60, clock=lambda: now[0])
    assert limiter.allow("203.0.113.1") and not limiter.allow("203.0.113.1")
    key, counts = limiter.key, dict(limiter.counts)
    assert all(b"203.0.113.1" not in tag for tag in counts)
    now[0] += 60
    assert limiter.allow("203.0.113.1")
    assert limiter.key != key


def test_staff_are_told_a_message_waits_but_not_what_it_says(db_app, db_client):
    with db_app.app_context():
        db.session().add(
            StaffMember(email="reader@steady.example", password_hash="x", totp_secret=b"x")
        )
        db.session().commit()
    post(db_client, reply_to="parent@example.org")
    mail_folder = db_app.config["INSTANCE_DIR"] / "mail"
    # Nothing sent inside the family's request: the queue sends it.
    assert not list(mail_folder.glob("*.eml"))
    assert run_queued(parts(db_app).queue.huey) == 1
    [sent] = list(mail_folder.glob("*.eml"))
    mail = message_from_bytes(sent.read_bytes())
    assert mail["To"] == "reader@steady.example"
    assert "/staff/" in mail.get_payload()
    assert "threatening" not in sent.read_text() and "parent@" not in sent.read_text()


def close(app, age_days: int) -> None:
    with app.app_context():
        db.session().execute(
            update(ContactMessage).values(
                status="closed", closed_at=utc_now() - timedelta(days=age_days)
            )
        )
        db.session().commit()


def test_purge_forgets_messages_closed_longer_ago_than_retention(db_app, db_client, monkeypatch):
    for _ in range(2):
        post(db_client)
    close(db_app, 91)
    post(db_client)  # still open: kept whatever its age
    monkeypatch.setenv("FLASK_DATABASE_URL", db_app.config["DATABASE_URL"])
    monkeypatch.setenv("FLASK_INSTANCE_DIR", str(db_app.config["INSTANCE_DIR"]))
    result = CliRunner().invoke(contact_cli, ["purge"])
    assert result.exit_code == 0, result.output
    assert "deleted 2" in result.output
    assert [m.status for m in stored(db_app)] == ["new"]


def test_purge_keeps_messages_closed_within_the_retention(db_app, db_client, monkeypatch):
    post(db_client)
    close(db_app, 89)
    monkeypatch.setenv("FLASK_DATABASE_URL", db_app.config["DATABASE_URL"])
    result = CliRunner().invoke(contact_cli, ["purge"])
    assert "deleted 0" in result.output
    assert len(stored(db_app)) == 1


def test_the_daily_job_runs_once_a_day():
    now = [0.0]
    job = DailyPurge(clock=lambda: now[0])
    assert job.due() and not job.due()
    now[0] += DAY_SECONDS - 1
    assert not job.due()
    now[0] += 1
    assert job.due()


def test_the_first_post_of_the_day_purges_what_is_past_retention(db_app, db_client):
    post(db_client)
    close(db_app, 91)
    parts(db_app).daily_purge = DailyPurge()  # a new day
    post(db_client)
    assert [m.status for m in stored(db_app)] == ["new"]


def test_the_about_page_says_what_happens_to_a_message(client):
    about = client.get("/en/about").get_data(as_text=True)
    section = about.partition('id="contact"')[2].partition("<h2")[0]
    for promise in ("no cookies", "encrypted", "90 days", "even if you use"):
        assert promise in section
