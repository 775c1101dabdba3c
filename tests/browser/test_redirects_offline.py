"""The worker's offline copy of /settings sends a family nowhere the server would not: the same
pattern and the same reading of page addresses, checked in a real Chromium."""

from urllib.parse import urlencode, urlsplit

import pytest

from app.i18n.urls import safe_redirect_target
from tests.support.browser import saved_then_offline
from tests.support.hostile import HOSTILE_TARGETS, OWN_TARGETS

pytestmark = pytest.mark.browser

LOCALES = ("en", "es", "ar")


def test_the_worker_decides_every_target_as_the_server_does(context, own_server):  # noqa: F811
    server = own_server()
    page = context.new_page()
    page.goto(server.url + "/en/")
    worker = (
        context.service_workers[0]
        if context.service_workers
        else context.wait_for_event("serviceworker")
    )
    for target in HOSTILE_TARGETS + OWN_TARGETS:
        in_worker = worker.evaluate("target => safeRedirectTarget(target)", target)
        assert in_worker == safe_redirect_target(target, LOCALES), repr(target)
    assert worker.evaluate("() => safeRedirectTarget(null)") == "/"


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/",
        "/\\evil.example",
        "/%2F%2Fevil.example",
        "/en/../..//evil.example",
        "/\t/evil.example",
        "/en/\n",
        "https:evil.example",
        "/\uff0fevil.example",
        "javascript:alert(1)",
    ],
)
def test_offline_a_hostile_next_stays_on_steady(context, own_server, target):  # noqa: F811
    page, server, _ = saved_then_offline(context, own_server)
    page.goto(server.url + "/settings?" + urlencode({"locale": "es", "next": target}))
    landed = urlsplit(page.url)
    assert f"{landed.scheme}://{landed.netloc}" == server.url, page.url
    assert landed.path == "/", page.url
    assert page.locator(".crisis-panel").count() == 1  # the offline page, help included


def test_offline_our_own_page_is_where_settings_goes(context, own_server):  # noqa: F811
    page, server, _ = saved_then_offline(context, own_server)
    page.goto(server.url + "/settings?" + urlencode({"locale": "es", "next": "/es/crisis"}))
    # The crisis page, then (country.js) the one of the country the browser's language names.
    assert page.url.split("?")[0] == server.url + "/es/crisis"
    assert page.locator("html").get_attribute("lang") == "es"
