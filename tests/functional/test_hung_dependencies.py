"""`make serve`'s server with a dependency hung as a SIGSTOPped one is (tests/support/frozen.py)
and 50 posts in flight: the crisis page still answers at once, every post gets a prompt answer
the outbox understands, and nothing is acknowledged that was not stored."""

import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest
from huey import RedisHuey, SqliteHuey
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from app.contact.model import ContactMessage
from app.db import database_url, make_engine, upgrade
from app.sealing import instance_sealer
from app.staff.accounts import add_staff
from tests.support.apps import POSTGRES_URL, emptied, flask, test_environ
from tests.support.frozen import relay, silent_server
from tests.support.production import production_server
from tests.support.visitors import post_message, post_subscription, request

IN_FLIGHT = 50
TIMEOUT_SECONDS = 2  # DATABASE_TIMEOUT_SECONDS and REDIS_TIMEOUT_SECONDS, kept short here
CRISIS_PAGE = "/en/crisis"


def post_as_the_outbox_does(port, source, tries=200):
    """Posted again after a 503 (more posts at once than the server takes), as the outbox
    does; the last status."""
    for _ in range(tries):
        status = post_message(port, source)
        if status != 503:
            return status
        time.sleep(0.05)
    return status


def crisis_page_seconds(port, times=20) -> list[float]:
    """How long each of `times` requests for the crisis page took (a timeout counts 5 s)."""
    took = []
    for _ in range(times):
        start = time.monotonic()
        try:
            assert request(port, "GET", CRISIS_PAGE, timeout=5)[0] == 200
            took.append(time.monotonic() - start)
        except TimeoutError:
            took.append(5.0)
    return took


@contextmanager
def in_flight(send, count=IN_FLIGHT):
    """`count` calls of send(source) at once, each from its own address; yields their futures
    once every one has been started."""
    started = threading.Barrier(count + 1)

    def one(n):
        started.wait()
        return send(f"127.0.0.{2 + n}")

    with ThreadPoolExecutor(count) as pool:
        futures = [pool.submit(one, n) for n in range(count)]
        started.wait()
        time.sleep(0.2)  # let the requests reach the server before the pages are asked for
        yield futures


def settled(futures) -> list:
    return [future.result(timeout=60) for future in futures]


def stored_count(url) -> int:
    engine = create_engine(database_url({"DATABASE_URL": url, "INSTANCE_DIR": "."}))
    with engine.connect() as connection:
        count = connection.scalar(select(func.count()).select_from(ContactMessage))
    engine.dispose()
    return count


def at_port(url: str, port: int) -> str:
    """`url` with its server on loopback at `port` (the relay in front of it)."""
    split = urllib.parse.urlsplit(url)
    user = split.netloc.rpartition("@")[0]
    return split._replace(netloc=f"{user}@127.0.0.1:{port}").geturl()


@pytest.mark.skipif(not POSTGRES_URL, reason="STEADY_TEST_POSTGRES_URL names no PostgreSQL")
def test_postgresql_hung_the_crisis_page_answers_and_posts_get_a_prompt_503(tmp_path):
    emptied(POSTGRES_URL, tmp_path)
    with relay(urllib.parse.urlsplit(POSTGRES_URL).port or 5432) as database:
        env = test_environ(
            FLASK_DATABASE_URL=at_port(POSTGRES_URL, database.port),
            FLASK_DATABASE_TIMEOUT_SECONDS=str(TIMEOUT_SECONDS),
        )
        with production_server(env) as port:
            assert post_message(port, "127.0.0.1") == 201
            database.freeze()
            with in_flight(lambda source: post_message(port, source)) as posts:
                took = crisis_page_seconds(port)
                statuses = settled(posts)
            assert sum(t < 1 for t in took) == 20, took
            # Before, each post held a thread with no time limit, and the page timed out.
            assert set(statuses) == {503}, statuses
            database.thaw()
            assert post_message(port, "127.0.0.1") == 201
    assert stored_count(POSTGRES_URL) == 2


STAFF = 2


@pytest.fixture(scope="module")
def on_sqlite():
    """make serve on SQLite, its mail server one that never answers, STAFF members to tell of
    each message; yields the port and the instance folder."""
    with silent_server() as smtp:
        env = test_environ(
            FLASK_DATABASE_TIMEOUT_SECONDS=str(TIMEOUT_SECONDS),
            FLASK_MAIL_BACKEND="smtp",
            FLASK_MAIL_SMTP_HOST="127.0.0.1",
            FLASK_MAIL_SMTP_PORT=str(smtp),
            FLASK_MAIL_SMTP_STARTTLS="false",
        )
        instance = Path(env["FLASK_INSTANCE_DIR"])
        engine = make_engine(f"sqlite:///{instance / 'steady.sqlite3'}")
        upgrade(engine)
        with Session(engine) as session:
            for n in range(STAFF):
                add_staff(session, instance_sealer(instance), f"m{n}@steady.example", "a" * 12)
        engine.dispose()
        with production_server(env) as port:
            yield port, instance


def test_sqlite_locked_the_crisis_page_answers_and_posts_get_a_prompt_503(on_sqlite):
    port, instance = on_sqlite
    database = f"sqlite:///{instance / 'steady.sqlite3'}"
    before = stored_count(database)
    assert post_message(port, "127.0.0.1") == 201
    # Another program holds the write lock, as a long migration or a backup would.
    holder = create_engine(database).raw_connection()
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with in_flight(lambda source: post_message(port, source)) as posts:
            took = crisis_page_seconds(port)
            statuses = settled(posts)
    finally:
        holder.rollback()
        holder.close()
    assert sum(t < 1 for t in took) == 20, took
    assert set(statuses) == {503}, statuses
    assert post_message(port, "127.0.0.1") == 201
    assert stored_count(database) == before + 2


def test_mail_server_hung_posts_are_answered_at_once_and_the_notices_wait_in_the_queue(
    on_sqlite,
):
    port, instance = on_sqlite
    queue = SqliteHuey("steady", filename=str(instance / "queue.db"))
    waiting = queue.pending_count()
    with in_flight(lambda source: post_as_the_outbox_does(port, source)) as posts:
        took = crisis_page_seconds(port)
        statuses = settled(posts)
    # Before, each post told every member inside the request: 20 s each, the page gone.
    assert sum(t < 1 for t in took) == 20, took
    assert statuses == [201] * IN_FLIGHT
    # Every notice waits in the queue, for a consumer to send when the server answers.
    assert queue.pending_count() == waiting + STAFF * IN_FLIGHT


def subscribe(port, source):
    for _ in range(200):  # posted again after a 503, as the Notifications page's script does
        status = post_subscription(port, source)
        if status != 503:
            return status
        time.sleep(0.05)
    return status


def test_redis_hung_pages_and_posts_answer_and_the_update_is_announced_once_it_is_back(
    redis_url, tmp_path
):
    with relay(urllib.parse.urlsplit(redis_url).port) as redis:
        redis.freeze()  # hung before the server starts, as after a reboot
        through_relay = f"redis://127.0.0.1:{redis.port}/0"
        env = test_environ(
            FLASK_QUEUE="redis",
            FLASK_QUEUE_REDIS_URL=through_relay,
            FLASK_CONTACT_RATE_LIMIT_REDIS_URL=through_relay,
            FLASK_REDIS_TIMEOUT_SECONDS="1",
            FLASK_PUSH_VAPID_SUBJECT="mailto:push-test@steady.example.org",
            FLASK_PUSH_ANNOUNCE_RETRY_SECONDS="1",
        )
        assert flask("push", "keys", env=env).returncode == 0
        instance = Path(env["FLASK_INSTANCE_DIR"])
        engine = make_engine(f"sqlite:///{instance / 'steady.sqlite3'}")
        upgrade(engine)
        with Session(engine) as session:  # each message queues a notice: one more Redis call
            add_staff(session, instance_sealer(instance), "m@steady.example", "a" * 12)
        engine.dispose()
        with production_server(env) as port:

            def post_or_subscribe(source):
                if int(source.rpartition(".")[2]) % 2:
                    return post_as_the_outbox_does(port, source)
                return subscribe(port, source)

            with in_flight(post_or_subscribe) as requests:
                took = crisis_page_seconds(port)
                statuses = settled(requests)
            assert sum(t < 1 for t in took) == 20, took
            # The rate limit lets messages in when it cannot count; the notice is logged.
            assert statuses == [201] * IN_FLIGHT
            redis.thaw()
            # Before, the version was marked as announced though nothing was queued, and the
            # update push never went out. Now its job is queued once Redis is back.
            queued = RedisHuey("steady", url=redis_url)
            deadline = time.monotonic() + 30
            while not announcements(queued) and time.monotonic() < deadline:
                time.sleep(0.2)
            assert len(announcements(queued)) == 1
            queued.flush()
            queued.storage.conn.connection_pool.disconnect()


def announcements(queued) -> list[bytes]:
    """The announcement jobs waiting (read raw: this process registered no jobs)."""
    return [job for job in queued.storage.enqueued_items() if b"push.announce" in job]
