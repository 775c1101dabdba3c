"""A weak signal is not no signal, in a real Chromium: a page the worker has not saved, answering
slower than the worker's network timeout, is shown when it arrives; where a stand-in for it is
saved (the same page without its query), the stand-in is shown after the timeout instead."""

import pytest
from playwright.sync_api import expect

from tests.support.browser import wait_until_saved
from tests.support.held_server import held_server

pytestmark = pytest.mark.browser


def answered_slowly(server, path: str, seconds: float) -> None:
    server.holding.hold(lambda environ: environ["PATH_INFO"] == path, seconds=seconds)


def past_the_timeout(worker) -> float:
    """Longer than the worker waits for the network where it has a stand-in to show."""
    return worker.evaluate("NETWORK_TIMEOUT_MS") / 1000 + 2


def test_a_language_not_saved_yet_is_shown_when_it_arrives_slowly(context):
    with held_server() as server:
        page = context.new_page()
        page.goto(server.url + "/en/")
        wait_until_saved(page)  # English only: Spanish is not saved until the family uses it
        seconds = past_the_timeout(context.service_workers[0])
        answered_slowly(server, "/es/", seconds)

        page.goto(server.url + "/es/", timeout=(seconds + 30) * 1000)
        expect(page.locator("html")).to_have_attribute("lang", "es")
        expect(page.locator("ul.cards")).to_be_visible()  # the library, not the offline page
        expect(page.locator("[data-saved-list]")).to_have_count(0)


def test_a_filtered_library_falls_back_to_the_saved_library_after_the_timeout(context, library):
    matching = [c for c in library.case_studies if "mental-health" in c.tags["topics"]]
    with held_server() as server:
        page = context.new_page()
        page.goto(server.url + "/en/")
        wait_until_saved(page)
        answered_slowly(server, "/en/", seconds=120)

        page.goto(server.url + "/en/?topic=mental-health")
        # The saved library, filtered in place by filters.js, long before the server answers.
        expect(page.locator("[data-result-count]")).to_contain_text(
            f"Showing {len(matching)} of {len(library.case_studies)}"
        )
        assert page.url.endswith("/en/?topic=mental-health")
