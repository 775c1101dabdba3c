"""What the browser tests share: how Chromium is started, and waiting for the worker to save the
site, then taking the server away."""

import time

from app.content import load_library

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

READY = "Ready to use offline"


def wait_until_saved(page, ready=READY, timeout=90_000):
    """The worker controls the page, and the page says it is saved (`ready`, in its language)."""
    # Polled with evaluate(): wait_for_function() evaluates strings, which our CSP forbids.
    deadline = time.monotonic() + timeout / 1000
    controlled = (
        "() => !!navigator.serviceWorker.controller"
        " && navigator.serviceWorker.controller.state === 'activated'"
    )
    while not page.evaluate(controlled):
        assert time.monotonic() < deadline, "the service worker never took control"
        page.wait_for_timeout(100)
    page.locator("[data-offline-message]").filter(has_text=ready).wait_for(timeout=timeout)


def saved_then_offline(context, own_server, url="/en/"):
    """Open `url` once, wait until the worker saved everything, then stop the server process
    (set_offline is not enough: the worker's own fetches ignore it)."""
    server = own_server()
    page = context.new_page()
    page.goto(server.url + url)
    wait_until_saved(page)
    server.stop()
    return page, server, load_library(own_server.content)
