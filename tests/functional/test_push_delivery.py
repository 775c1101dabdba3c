"""Sending end to end: pywebpush through real HTTP to the mock push service, which checks the
VAPID token and decrypts each payload; what each answer does; check-ins over the week."""

import json
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import update

from app import create_app
from app.db import utc_now
from app.parts import parts
from app.push import announce_new_version
from app.push.keys import create_keys
from app.push.messages import CHECK_IN_DAYS, MAX_PAYLOAD_BYTES, payload
from app.push.model import PushSubscription
from app.push.subscriptions import check_request, store
from tests.support.apps import empty_database
from tests.support.push import SUBJECT, push_config, rows, subscribe

# Words a notification must never carry, in any language: a lock screen is seen by others.
NEVER_SAID = (
    "abuse", "image", "picture", "photo", "nude", "sextortion", "teen", "child", "threat",
    "imagen", "foto", "adolescente", "hijo", "abuso", "amenaza",
    "صورة", "صور", "ابتزاز", "مراهق", "طفل", "إساءة", "تهديد",
)  # fmt: skip


def queue(app):
    return parts(app).push_queue


def received_by(service, subscription):
    path = subscription["endpoint"][len(service.origin) :]
    return [r for r in service.received if r.path == path]


def test_an_update_reaches_the_phone_encrypted_signed_and_in_its_language(
    app_db, api, push_service
):
    arabic = subscribe(api, push_service, locale="ar", plain=True)
    spanish = subscribe(api, push_service, locale="es")
    queue(app_db).fan_out("updates")

    (got,) = received_by(push_service, arabic)
    assert got.payload == {
        "topic": "updates",
        "title": "Steady",
        "body": "تم حفظ مساعدة جديدة على هاتفك.",
        "url": "/ar/plain/",
        "lang": "ar",
        "dir": "rtl",
    }
    assert got.headers["Topic"] == "updates"
    assert got.headers["Urgency"] == "low"
    assert got.headers["TTL"] == str(7 * 24 * 3600)
    assert got.claims["aud"] == push_service.origin
    assert got.claims["sub"] == SUBJECT
    assert time.time() < got.claims["exp"] <= time.time() + 24 * 3600
    (got,) = received_by(push_service, spanish)
    assert got.payload["body"] == "Se ha guardado nueva ayuda en su teléfono."
    assert got.payload["url"] == "/es/" and got.payload["dir"] == "ltr"
    assert not push_service.refused


@pytest.mark.parametrize("locale", ["en", "es", "ar"])
def test_every_notification_is_discreet_and_small(push_app, locale):
    with push_app.app_context():
        texts = [payload("updates", locale, False)]
        texts += [payload("check-in", locale, True, step) for step in range(len(CHECK_IN_DAYS))]
    for text in texts:
        assert len(text) < MAX_PAYLOAD_BYTES // 3
        lowered = text.decode().lower()
        assert not [word for word in NEVER_SAID if word in lowered], lowered
        assert '"title":"Steady"' in text.decode()


@pytest.mark.parametrize("status", [404, 410])
def test_a_gone_subscription_is_deleted(app_db, api, push_service, status):
    subscribe(api, push_service, status=status)
    kept = subscribe(api, push_service)
    queue(app_db).fan_out("updates")
    assert [row.endpoint for row in rows(app_db)] == [kept["endpoint"]]


def scheduled(app):
    return [(task.args, task.eta) for task in queue(app).huey.scheduled()]


@pytest.fixture
def clear_schedule(app_db):
    queue(app_db).huey.storage.flush_all()
    yield
    queue(app_db).huey.storage.flush_all()


def test_a_429_is_retried_after_what_retry_after_says(app_db, api, push_service, clear_schedule):
    subscribe(api, push_service, status=429, headers={"Retry-After": "120"})
    counts = queue(app_db).run_send_batch([rows(app_db)[0].id], "updates", 0)
    assert counts == {"retry": 1}
    ((args, eta),) = scheduled(app_db)
    assert args == ([rows(app_db)[0].id], "updates", 1)
    wait = (eta - utc_now()).total_seconds()
    assert 110 < wait <= 120


@pytest.mark.parametrize("answer", [{"status": 503}, {"delay": 3.0}])
def test_a_5xx_or_timeout_is_retried_with_backoff_then_dropped(
    app_db, api, push_service, clear_schedule, answer
):
    subscribe(api, push_service, **answer)
    (row,) = rows(app_db)
    jobs, base = queue(app_db), app_db.config["PUSH_RETRY_BASE_SECONDS"]
    waits = []
    for attempt in range(app_db.config["PUSH_MAX_ATTEMPTS"] - 1):
        assert jobs.run_send_batch([row.id], "updates", attempt) == {"retry": 1}
        ((_, eta),) = scheduled(app_db)
        waits.append((eta - utc_now()).total_seconds())
        jobs.huey.storage.flush_all()
    assert [round(w / base) for w in waits] == [1, 2, 4]
    last = app_db.config["PUSH_MAX_ATTEMPTS"] - 1
    assert jobs.run_send_batch([row.id], "updates", last) == {"dropped": 1}
    assert scheduled(app_db) == []
    assert len(rows(app_db)) == 1  # the push is dropped, the subscription kept


def test_a_redirect_is_never_followed(app_db, api, push_service):
    target = push_service.subscription()
    subscribe(api, push_service, status=307, headers={"Location": target["endpoint"]})
    assert queue(app_db).run_send_batch([rows(app_db)[0].id], "updates", 0) == {"dropped": 1}
    assert received_by(push_service, target) == []


def answer_with(service, subscription, status: int) -> None:
    """What the mock service answers for this subscription from now on."""
    service.receivers[subscription["endpoint"][len(service.origin) :]].status = status


def failing_for(app, subscription, days: float) -> None:
    """As if sends to it had been failing for `days`, none going through since."""
    with parts(app).sessions() as session:
        session.execute(
            update(PushSubscription)
            .where(PushSubscription.endpoint == subscription["endpoint"])
            .values(failing_since=utc_now() - timedelta(days=days))
        )
        session.commit()


def failing_since(app) -> dict[str, object]:
    return {row.endpoint: row.failing_since for row in rows(app)}


@pytest.mark.parametrize("status", [400, 403, 503])
def test_a_subscription_failing_for_give_up_days_is_deleted_at_its_next_failed_send(
    app_db, api, push_service, clear_schedule, status
):
    days = app_db.config["PUSH_GIVE_UP_DAYS"]
    hopeless = subscribe(api, push_service, status=status)
    recovered = subscribe(api, push_service, status=status)
    lately = subscribe(api, push_service, status=status)
    ids = [row.id for row in rows(app_db)]
    jobs = queue(app_db)
    failed = "retry" if status == 503 else "dropped"
    assert jobs.run_send_batch(ids, "updates", 0) == {failed: 3}
    noted = failing_since(app_db)
    assert all(when is not None for when in noted.values())

    # A second failure keeps the time of the first: failing since then, not since now.
    jobs.run_send_batch(ids, "updates", 0)
    assert failing_since(app_db) == noted

    failing_for(app_db, hopeless, days + 0.01)
    failing_for(app_db, recovered, days + 0.01)
    failing_for(app_db, lately, days - 1)
    answer_with(push_service, recovered, 201)
    assert jobs.run_send_batch(ids, "updates", 0) == {"given_up": 1, "sent": 1, failed: 1}
    after = failing_since(app_db)
    assert hopeless["endpoint"] not in after
    assert after[recovered["endpoint"]] is None  # one went through: nothing is failing
    assert after[lately["endpoint"]] is not None


def test_a_delivered_push_clears_a_short_run_of_failures(app_db, api, push_service):
    family = subscribe(api, push_service, status=503)
    (row,) = rows(app_db)
    assert queue(app_db).run_send_batch([row.id], "updates", 3) == {"dropped": 1}
    assert rows(app_db)[0].failing_since is not None
    answer_with(push_service, family, 201)
    assert queue(app_db).run_send_batch([row.id], "updates", 0) == {"sent": 1}
    assert rows(app_db)[0].failing_since is None


def test_a_row_stored_before_a_host_was_refused_is_deleted_at_its_next_send(app_db, push_service):
    keys = push_service.subscription()["keys"]
    with parts(app_db).sessions() as session:
        session.add(
            PushSubscription(
                endpoint="https://a.b.push.apple.com/QGuP2-aBc",
                p256dh=keys["p256dh"],
                auth=keys["auth"],
                locale="en",
                topics="updates",
            )
        )
        session.commit()
    assert queue(app_db).run_send_batch([rows(app_db)[0].id], "updates", 0) == {"gone": 1}
    assert rows(app_db) == []


def test_check_ins_arrive_after_one_three_and_seven_days_then_stop(app_db, api, push_service):
    family = subscribe(api, push_service, locale="es", topics=("updates", "check-in"))
    subscribe(api, push_service, locale="es", topics=("updates",))
    jobs = queue(app_db)
    assert jobs.run_check_ins() == 0  # nothing is due on the first day
    pages = []
    for days in CHECK_IN_DAYS:
        with parts(app_db).sessions() as session:
            session.execute(
                update(PushSubscription)
                .where(PushSubscription.check_ins_since.is_not(None))
                .values(check_ins_since=utc_now() - timedelta(days=days, minutes=1))
            )
            session.commit()
        assert jobs.run_check_ins() == 1
        assert jobs.run_check_ins() == 0  # each is sent once
        pages.append(received_by(push_service, family)[-1].payload["url"])
    assert pages == ["/es/crisis", "/es/", "/es/contact"]
    assert [r.headers["Topic"] for r in received_by(push_service, family)] == ["check-in"] * 3
    assert rows(app_db)[0].check_ins_sent == 3


def test_a_new_content_version_is_announced_once(app_db, api, push_service):
    family = subscribe(api, push_service)
    with app_db.test_request_context():
        announce_new_version(app_db, "v-test-1")
        announce_new_version(app_db, "v-test-1")  # another process, or a restart
    assert len(received_by(push_service, family)) == 1


def test_an_announcement_whose_batches_cannot_be_queued_is_not_marked_as_made(
    app_db, api, push_service, monkeypatch
):
    family = subscribe(api, push_service)
    jobs = queue(app_db)

    def queue_down(topic):
        raise ConnectionError("the queue is down")

    monkeypatch.setattr(jobs, "run_fan_out", queue_down)
    with pytest.raises(ConnectionError):
        jobs.run_announce("v-test-2")
    monkeypatch.undo()
    # Before, the version was marked first and never announced once the queue came back.
    assert jobs.run_announce("v-test-2") is True
    assert jobs.run_announce("v-test-2") is False
    assert len(received_by(push_service, family)) == 1


def test_endpoints_are_never_logged(app_db, api, push_service, caplog):
    subscribe(api, push_service, delay=3.0)
    subscribe(api, push_service, status=410)
    with caplog.at_level("DEBUG"):
        queue(app_db).fan_out("updates")
    assert "/push/" not in caplog.text


def test_the_first_request_after_start_up_announces_the_version_once(tmp_path, push_service):
    create_keys(tmp_path)
    config = push_config(tmp_path, empty_database("sqlite", tmp_path), push_service)
    config.update(PUSH_ANNOUNCE_UPDATES=True, PUSH_SENDER="recording")
    first, second = create_app(config), create_app(config)  # two processes, one version
    wanted = check_request(
        {"subscription": push_service.subscription(), "locale": "ar", "topics": ["updates"]},
        first.config["LOCALES"],
        (push_service.origin,),
    )
    with parts(first).sessions() as session:
        store(session, wanted)

    for _ in range(3):
        assert first.test_client().get("/sw.js").status_code == 200
        assert second.test_client().get("/sw.js").status_code == 200
    announcers_finish()
    sent = parts(first).push_sender.sent + parts(second).push_sender.sent
    assert [(push.topic, json.loads(push.payload)["lang"]) for push in sent] == [("updates", "ar")]
    for app in (first, second):
        parts(app).engine.dispose()


def announcers_finish() -> None:
    """The announcements are made beside the requests, in threads of their own."""
    for thread in threading.enumerate():
        if thread.name.startswith("announce-"):
            thread.join(timeout=30)
            assert not thread.is_alive()


def test_flask_push_commands_send_and_queue_what_is_due(app_db, api, push_service):
    from app.cli.push import push_cli

    family = subscribe(api, push_service, locale="ar", topics=("updates", "check-in"))
    runner = app_db.test_cli_runner()
    sent = runner.invoke(push_cli, ["send", "updates"])
    assert sent.exit_code == 0 and "queued updates" in sent.output
    assert [r.payload["topic"] for r in received_by(push_service, family)] == ["updates"]

    assert "queued 0 check-in(s)" in runner.invoke(push_cli, ["check-ins"]).output
    with parts(app_db).sessions() as session:
        session.execute(
            update(PushSubscription).values(check_ins_since=utc_now() - timedelta(days=2))
        )
        session.commit()
    assert "queued 1 check-in(s)" in runner.invoke(push_cli, ["check-ins"]).output
    assert received_by(push_service, family)[-1].payload["url"] == "/ar/crisis"
    assert runner.invoke(push_cli, ["send", "everything"]).exit_code != 0
