"""Delivered exactly once, over real HTTP to the app in its own process: a 2xx survives kill -9
of the server, and one message sent 100 times at once with one key is stored once."""

import json
import signal
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.contact.model import ContactMessage
from app.parts import parts
from tests.support.live_server import LiveServer, port_for

RETRIES = 200


@pytest.fixture
def live(db_app):
    """The app served over loopback from its own process, on the test's database."""
    server = LiveServer(
        port_for("live"),
        env={
            "FLASK_INSTANCE_DIR": str(db_app.config["INSTANCE_DIR"]),
            "FLASK_DATABASE_URL": db_app.config["DATABASE_URL"],
            "FLASK_CONTACT_RATE_LIMIT": "100000",
        },
    ).start()
    yield server
    server.stop()


def send(server, message: str, key: str) -> int:
    """The status of the answer, after trying again on a 503 as the phone's outbox does (more
    posts at once than the server takes are refused at once, not made to wait)."""
    for _ in range(RETRIES):
        status = send_once(server, message, key)
        if status != 503:
            return status
        time.sleep(0.05)
    return status


def send_once(server, message: str, key: str) -> int:
    request = urllib.request.Request(
        f"{server.url}/en/contact",
        data=urlencode({"message": message}).encode(),
        headers={"Idempotency-Key": key, "Sec-Fetch-Site": "same-origin"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            json.load(response)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def stored_keys(app) -> list[str]:
    with Session(parts(app).engine) as session:
        return list(session.scalars(select(ContactMessage.idempotency_key)))


def test_an_acknowledged_message_survives_kill_9_a_moment_later(db_app, live):
    keys = [str(uuid.uuid4()) for _ in range(10)]
    with ThreadPoolExecutor(10) as pool:
        statuses = list(pool.map(lambda key: send(live, "Please help us", key), keys))
    assert statuses == [201] * 10
    live.process.send_signal(signal.SIGKILL)
    live.process.wait(timeout=10)
    assert live.process.returncode == -signal.SIGKILL
    assert sorted(stored_keys(db_app)) == sorted(keys)


def test_one_message_sent_100_times_at_once_is_stored_once(db_app, live):
    key = str(uuid.uuid4())
    with ThreadPoolExecutor(100) as pool:
        statuses = list(pool.map(lambda _: send(live, "Sent from a flaky phone", key), range(100)))
    assert sorted(statuses) == [200] * 99 + [201]
    with Session(parts(db_app).engine) as session:
        assert session.scalar(select(func.count()).select_from(ContactMessage)) == 1
    assert stored_keys(db_app) == [key]


def test_the_server_log_keeps_no_address(db_app, live):
    assert send(live, "Please help us", str(uuid.uuid4())) == 201
    live.log.seek(0)
    log = live.log.read().decode()
    [request_line] = [line for line in log.splitlines() if "POST /en/contact" in line]
    # The visitor was on loopback; the line names no address at all.
    assert "127.0.0.1" not in request_line and request_line.startswith("- - - [")
