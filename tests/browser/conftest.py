"""Real headless Chromium against the real app served over loopback HTTP."""

import pytest
from playwright.sync_api import sync_playwright

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
def stoppable_server(tmp_path):
    """A server on its own database, restartable on the same port (the worker and its outbox
    belong to the origin)."""
    instance = tmp_path / "instance"
    servers = []

    def start(fail_path=None):
        port = servers[0].port if servers else free_port()
        server = LiveServer(
            port, env={"FLASK_INSTANCE_DIR": str(instance)}, fail_path=fail_path
        ).start()
        servers.append(server)
        return server

    start.instance = instance
    yield start
    for server in servers:
        server.stop()
