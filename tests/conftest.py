"""Every fixture of the tests: the real app on the real content, editable copies, databases, the
push service, servers in their own processes and Chromium. Helpers are in tests/support."""

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from app import create_app
from app.contact.retention import DailyPurge
from app.content import load_library
from app.parts import parts
from app.push.keys import create_keys
from app.web.rate_limit import RateLimiter
from tests.support import apps
from tests.support.apps import CONTENT, DATABASES, empty_database, empty_tables, test_config
from tests.support.browser import CHROMIUM_ARGS
from tests.support.ensure_chromium import find_chromium
from tests.support.live_server import LiveServer, free_port
from tests.support.push import REDIS_URL, push_config
from tests.support.push_service import MockPushService
from tests.support.redis_server import start_redis
from tests.support.staff import Staff

# Fails the run if anything was written into the checkout (git status, instance/).
pytest_plugins = ["tests.support.untouched"]


@pytest.fixture(scope="session", autouse=True)
def run_folder(tmp_path_factory) -> Path:
    """Where every app of this run writes (tests/support/apps.py test_config)."""
    apps.run_folder = tmp_path_factory.mktemp("run")
    return apps.run_folder


@pytest.fixture(scope="session")
def app():
    return create_app(test_config())


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def library():
    return load_library(CONTENT)


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A copy of the real content that a test may break."""
    copy = tmp_path / "content"
    shutil.copytree(CONTENT, copy)
    return copy


# ------------------------------------------------------------------ databases


@pytest.fixture(scope="session", params=DATABASES)
def stateful_app(request, tmp_path_factory):
    """The real app on a database of its own (each kind in turn), mail written to files."""
    instance = tmp_path_factory.mktemp(f"instance-{request.param}")
    app = create_app(
        test_config(
            INSTANCE_DIR=instance,
            DATABASE_URL=empty_database(request.param, instance),
            MAIL_BACKEND="file",
            # The tests sign in many times from one address; the throttle has tests of its own.
            STAFF_LOGIN_ATTEMPTS=1_000_000,
        )
    )
    yield app
    parts(app).engine.dispose()


@pytest.fixture
def db_app(stateful_app):
    """The stateful app with every table emptied and its counters reset, for one test."""
    empty_tables(stateful_app)
    parts(stateful_app).contact_limiter = RateLimiter(1000, 3600)
    parts(stateful_app).daily_purge = DailyPurge()
    for sent in (stateful_app.config["INSTANCE_DIR"] / "mail").glob("*.eml"):
        sent.unlink()
    return stateful_app


@pytest.fixture
def db_client(db_app):
    return db_app.test_client()


@pytest.fixture
def staff(db_app):
    """A member of staff of the stateful app (tests/support/staff.py signs them in)."""
    return Staff(db_app)


# ------------------------------------------------------------------ push


@pytest.fixture(scope="session")
def push_service():
    service = MockPushService().start()
    yield service
    service.stop()


@pytest.fixture(scope="session", params=DATABASES)
def push_app(request, tmp_path_factory, push_service):
    """The real app with keys, sending for real to the mock service, jobs run at once."""
    instance = tmp_path_factory.mktemp(f"push-{request.param}")
    create_keys(instance)
    app = create_app(push_config(instance, empty_database(request.param, instance), push_service))
    yield app
    parts(app).engine.dispose()


@pytest.fixture
def app_db(push_app):
    """The push app with its tables emptied for one test."""
    empty_tables(push_app)
    return push_app


@pytest.fixture
def api(app_db):
    return app_db.test_client()


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    if REDIS_URL:
        yield REDIS_URL
        return
    process, url = start_redis(tmp_path_factory.mktemp("redis"))
    yield url
    process.terminate()
    process.wait(timeout=10)


# ------------------------------------------------------------------ servers and Chromium


@pytest.fixture(scope="session")
def server(tmp_path_factory, run_folder):
    env = {
        "FLASK_INSTANCE_DIR": str(tmp_path_factory.mktemp("instance")),  # its database and keys
        "FLASK_BUILD_DIR": str(run_folder / "builds"),
    }
    live = LiveServer(free_port(), env=env).start()
    yield live
    live.stop()


@pytest.fixture(scope="session")
def browser():
    executable = find_chromium()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def own_port() -> int:
    """The port of every test's own server: the same site URL, so a server on content no
    earlier test changed opens the build an earlier one made. Each test's browser context
    starts empty, so nothing of an earlier test's origin is left in it."""
    return free_port()


@pytest.fixture
def own_server(tmp_path, run_folder, own_port):
    """A server of this test's own: a content copy the test may change, its own database and
    keys, and the same port across restarts (the worker and its outbox belong to the origin)."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    instance = tmp_path / "instance"
    servers = []

    def start(fail_path=None, **settings):
        """Start (again) on the same port; `settings` are FLASK_* variables of this start."""
        env = {
            "FLASK_CONTENT_DIR": str(content),
            "FLASK_INSTANCE_DIR": str(instance),
            "FLASK_BUILD_DIR": str(run_folder / "builds"),
            **settings,
        }
        if servers:
            server = LiveServer(servers[0].port, env=env, fail_path=fail_path).start()
        else:
            try:
                server = LiveServer(own_port, env=env, fail_path=fail_path).start()
            except RuntimeError:  # the port was taken meanwhile, by another program
                server = LiveServer(free_port(), env=env, fail_path=fail_path).start()
        servers.append(server)
        return server

    start.content = content
    start.instance = instance
    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, service_workers="allow")
    yield context
    context.close()
