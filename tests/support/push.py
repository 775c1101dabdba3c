"""Push fixtures: the app with real VAPID keys, a mock push service on loopback, and queues."""

import os
import shutil

import pytest

from app import create_app
from app.db import Base
from app.push.keys import create_keys
from tests.conftest import DATABASES, empty_database
from tests.push_service import MockPushService
from tests.redis_server import start_redis

SUBJECT = "mailto:push-test@steady.example.org"


@pytest.fixture(scope="session")
def push_service():
    service = MockPushService().start()
    yield service
    service.stop()


def push_config(instance, database_url, push_service, **overrides) -> dict:
    return {
        "TESTING": True,
        "INSTANCE_DIR": instance,
        "DATABASE_URL": database_url,
        "PUSH_VAPID_SUBJECT": SUBJECT,
        "PUSH_QUEUE": "immediate",
        "PUSH_TEST_SERVICES": [push_service.origin],
        "PUSH_ANNOUNCE_UPDATES": False,
        "PUSH_TIMEOUT_SECONDS": 2,
        "PUSH_SUBSCRIBE_RATE_LIMIT": 1_000_000,
        **overrides,
    }


@pytest.fixture(scope="session", params=DATABASES)
def push_app(request, tmp_path_factory, push_service):
    """The real app with keys, sending for real to the mock service, jobs run at once."""
    instance = tmp_path_factory.mktemp(f"push-{request.param}")
    create_keys(instance)
    app = create_app(push_config(instance, empty_database(request.param, instance), push_service))
    yield app
    app.extensions["steady_engine"].dispose()


def empty_tables(app) -> None:
    with app.extensions["steady_engine"].begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture
def app_db(push_app):
    """The push app with its tables emptied for one test."""
    empty_tables(push_app)
    return push_app


@pytest.fixture
def api(app_db):
    return app_db.test_client()


# The queue tests run on the embedded SQLite queue, and on Redis when there is one: the one
# STEADY_TEST_REDIS_URL names (.ci/run starts Debian's redis-server), else a redis-server of
# the fixture's own when the program is installed.
REDIS_URL = os.environ.get("STEADY_TEST_REDIS_URL", "")
QUEUES = ["sqlite", "redis"] if REDIS_URL or shutil.which("redis-server") else ["sqlite"]


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    if REDIS_URL:
        yield REDIS_URL
        return
    process, url = start_redis(tmp_path_factory.mktemp("redis"))
    yield url
    process.terminate()
    process.wait(timeout=10)
