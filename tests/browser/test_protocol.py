"""One protocol between the pages and the worker: the message names and the worker's address are
defined once (service_worker/protocol.js), and in a real Chromium the page and the worker read
the very same definition."""

import re

import pytest

from tests.support.apps import ROOT
from tests.support.browser import wait_until_saved

PROTOCOL = ROOT / "service_worker" / "protocol.js"
SCRIPTS = sorted((ROOT / "service_worker").glob("*.js")) + sorted((ROOT / "static/js").glob("*.js"))


def protocol_names() -> set[str]:
    """Every string protocol.js defines but the root "/", which many addresses start with."""
    return set(re.findall(r'"([^"]+)"', PROTOCOL.read_text(encoding="utf-8"))) - {"/"}


@pytest.mark.browser
def test_the_page_and_the_worker_read_one_protocol(context, own_server):
    server = own_server()
    page = context.new_page()
    page.goto(server.url + "/en/contact")
    wait_until_saved(page)
    in_page = page.evaluate("() => window.STEADY_PROTOCOL")
    in_worker = context.service_workers[0].evaluate("() => STEADY_PROTOCOL")
    assert in_page and in_page == in_worker
    registered = page.evaluate(
        "() => navigator.serviceWorker.ready.then((r) => r.active.scriptURL)"
    )
    assert registered == server.url + in_page["workerUrl"]


@pytest.mark.parametrize("script", [s for s in SCRIPTS if s != PROTOCOL], ids=lambda s: s.name)
def test_no_script_writes_a_message_name_or_the_worker_address_by_hand(script):
    text = script.read_text(encoding="utf-8")
    written = {
        name for name in protocol_names() if re.search(f"[\"'`]{re.escape(name)}[\"'`]", text)
    }
    assert written == set()
