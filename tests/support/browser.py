"""Real headless Chromium against the real app served over loopback HTTP."""

import shutil

import pytest
from playwright.sync_api import sync_playwright

from tests.conftest import CONTENT
from tests.ensure_chromium import find_chromium
from tests.live_server import LiveServer, free_port

# As the machine probe found: without these, Chromium keeps trying to reach Google's hosts.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    instance = tmp_path_factory.mktemp("instance")  # its own database and keys
    live = LiveServer(free_port(), env={"FLASK_INSTANCE_DIR": str(instance)}).start()
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


@pytest.fixture
def own_server(tmp_path):
    """A server of this test's own: a content copy the test may change, its own database and
    keys, and the same port across restarts (the worker and its outbox belong to the origin)."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    instance = tmp_path / "instance"
    servers = []

    def start(fail_path=None, **settings):
        """Start (again) on the same port; `settings` are FLASK_* variables of this start."""
        port = servers[0].port if servers else free_port()
        env = {"FLASK_CONTENT_DIR": str(content), "FLASK_INSTANCE_DIR": str(instance), **settings}
        server = LiveServer(port, env=env, fail_path=fail_path).start()
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
