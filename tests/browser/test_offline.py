"""Offline and installable, in a real Chromium: the worker saves every case study and the crisis
help; with the server process stopped, they open with their real content."""

import re

import pytest
from playwright.sync_api import expect

from app.content import load_library
from app.i18n.localize import library_in
from tests.support.apps import ROOT
from tests.support.browser import (
    CHROMIUM_ARGS,
    KEEP_WHAT_THE_WORKER_TELLS,
    saved_then_offline,
    wait_until_saved,
)
from tests.support.ensure_chromium import find_chromium

pytestmark = pytest.mark.browser

TRANSLATIONS = ROOT / "translations"


def test_every_case_study_and_the_crisis_page_open_with_the_server_stopped(context, own_server):
    page, server, library = saved_then_offline(context, own_server)

    for case in library.case_studies:
        response = page.goto(f"{server.url}/en/case-studies/{case.slug}")
        assert response.ok
        assert page.locator("h1").inner_text() == case.title
        assert page.get_by_text(case.what_happened[0][:60]).count() == 1
    for url, heading in [
        ("/en/crisis", library.crisis.title),
        ("/en/crisis?country=gb", library.crisis.title),
    ]:
        page.goto(server.url + url)
        assert page.locator("h1").inner_text() == heading
    assert "Who to contact (United Kingdom)" in page.content()
    page.goto(f"{server.url}/en/plain/case-studies/{library.case_studies[0].slug}")
    assert page.get_by_role("heading", name="What to do now").count() == 1


def test_an_unsaved_page_offline_shows_the_offline_page_with_the_crisis_panel(context, own_server):
    page, server, _ = saved_then_offline(context, own_server)
    page.goto(server.url + "/en/case-studies/not-a-saved-page")
    assert page.locator("h1").inner_text() == "You are offline"
    assert page.get_by_role("complementary", name="If your teen is in crisis").count() == 1
    saved = page.locator(".saved-list a")
    assert saved.count() >= 7
    # Quick exit works offline too: the empty page needs no connection.
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.wait_for_url("about:blank")


def test_library_filters_work_offline(context, own_server):
    page, server, library = saved_then_offline(context, own_server)
    expected = {c.slug for c in library.case_studies if "mental-health" in c.tags["topics"]}
    assert expected and len(expected) < len(library.case_studies)

    page.goto(server.url + "/en/?topic=mental-health")  # not saved: the worker serves the library
    shown = set(
        page.locator(".card:not([hidden]) article").evaluate_all(
            "els => els.map(e => e.getAttribute('aria-labelledby').slice(5))"
        )
    )
    assert shown == expected

    page.goto(server.url + "/en/")
    page.locator(".filters summary").click()
    page.get_by_label("Mental health").check()
    page.get_by_role("button", name="Show matching case studies").click()
    assert page.url.endswith("/en/?topic=mental-health")
    assert page.locator(".card:not([hidden])").count() == len(expected)
    assert (
        f"Showing {len(expected)} of {len(library.case_studies)}"
        in page.locator("[data-result-count]").inner_text()
    )


def test_an_update_waits_for_consent_then_serves_the_new_text_offline(context, own_server):
    server = own_server()
    page = context.new_page()
    page.goto(server.url + "/en/case-studies/stopncii")
    wait_until_saved(page)
    old_version = page.evaluate("navigator.serviceWorker.controller.scriptURL")

    case_file = own_server.content / "case-studies" / "stopncii.toml"
    text = case_file.read_text(encoding="utf-8")
    new_title = "StopNCII, updated for the update test"
    case_file.write_text(
        re.sub(r'^title = ".*"$', f'title = "{new_title}"', text, count=1, flags=re.M),
        encoding="utf-8",
    )
    server.stop()
    server = own_server()

    page.reload()
    update = page.get_by_role("button", name="Update")
    update.wait_for(timeout=90_000)
    # Not reloaded under the parent's thumb: the old text stays until they agree.
    assert page.locator("h1").inner_text() != new_title
    with page.expect_navigation():
        update.click()
    server.stop()
    page.goto(server.url + "/en/case-studies/stopncii")
    assert page.locator("h1").inner_text() == new_title
    # The new version runs under the very same script URL: the worker is never renamed.
    assert page.evaluate("navigator.serviceWorker.controller.scriptURL") == old_version


def change_a_title(content, slug: str) -> None:
    """A new version of the content that changes a few files: one case study's title."""
    case_file = content / "case-studies" / f"{slug}.toml"
    case_file.write_text(
        case_file.read_text(encoding="utf-8").replace('title = "', 'title = "Changed: ', 1),
        encoding="utf-8",
    )


def test_a_broken_update_leaves_the_old_offline_copy_complete(context, own_server):
    server = own_server()
    page = context.new_page()
    page.goto(server.url + "/en/")
    wait_until_saved(page)
    library = load_library(own_server.content)

    change_a_title(own_server.content, "cybertipline")
    server.stop()
    # One changed precache URL now answers 500 (unchanged ones are copied, not fetched).
    server = own_server(fail_path="/en/case-studies/cybertipline")

    page.reload()
    page.locator("[data-offline-message]").filter(has_text="saved copy still works").wait_for(
        timeout=90_000
    )
    assert page.get_by_role("button", name="Try again").is_visible()
    server.stop()

    for case in library.case_studies:
        page.goto(f"{server.url}/en/case-studies/{case.slug}")
        assert page.locator("h1").inner_text() == case.title  # the old, complete copy
    page.goto(server.url + "/en/crisis")
    assert page.locator("h1").inner_text() == library.crisis.title


def test_an_update_giving_a_page_other_than_the_servers_keeps_the_old_copy(context, own_server):
    """A few changed files come one by one, not in a bundle: each is checked against its
    revision all the same, by its bytes (one letter changed, the length kept)."""
    server = own_server()
    page = context.new_page()
    page.add_init_script(KEEP_WHAT_THE_WORKER_TELLS)
    page.goto(server.url + "/en/case-studies/cybertipline")
    wait_until_saved(page)
    old_title = page.locator("h1").inner_text()

    change_a_title(own_server.content, "cybertipline")
    server.stop()
    server = own_server(fail_path="ALTER /en/case-studies/cybertipline")

    page.reload()
    page.wait_for_function(
        """() => window.told.some((message) => message.type === STEADY_PROTOCOL.tells.failed
            && String(message.reason).includes("/en/case-studies/cybertipline came other"))""",
        timeout=90_000,
    )
    expect(page.locator("[data-offline-message]")).to_contain_text("saved copy still works")
    server.stop()
    page.goto(server.url + "/en/case-studies/cybertipline")
    expect(page.locator("h1")).to_have_text(old_title)


def test_chromium_reports_no_installability_errors(browser, server, tmp_path):
    # A persistent profile: Chromium never offers to install from an incognito-like context.
    context = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=find_chromium(), args=CHROMIUM_ARGS
    )
    page = context.new_page()
    page.goto(server.url + "/en/")
    wait_until_saved(page)
    session = context.new_cdp_session(page)
    errors = session.send("Page.getInstallabilityErrors")["installabilityErrors"]
    manifest = session.send("Page.getAppManifest")
    context.close()
    assert errors == []
    assert not manifest.get("errors")


def test_worker_is_served_from_the_root_uncached(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-cache"
    assert "javascript" in response.headers["Content-Type"]


def test_spanish_and_plain_pages_open_offline(context, own_server):
    server = own_server()
    page = context.new_page()
    page.goto(server.url + "/es/plain/")
    wait_until_saved(page, "Listo para usar sin conexión")
    library = load_library(own_server.content)
    spanish, _ = library_in(library, TRANSLATIONS, "es")
    server.stop()

    for case in spanish.case_studies:
        assert not case.title.fallback
        for url in (f"/es/case-studies/{case.slug}", f"/es/plain/case-studies/{case.slug}"):
            response = page.goto(server.url + url)
            assert response.ok, url
            assert page.locator("html").get_attribute("lang") == "es"
            assert page.locator("h1").inner_text() == case.title
    page.goto(server.url + "/es/plain/crisis")
    assert "plain" in (page.locator("body").get_attribute("class") or "")
    # English is always saved as the fallback, and every language's crisis page is saved.
    page.goto(server.url + "/en/case-studies/stopncii")
    assert page.locator("h1").inner_text() == library.get("stopncii").title
    page.goto(server.url + "/ar/crisis")
    assert page.locator("html").get_attribute("dir") == "rtl"


def test_switching_to_an_unsaved_language_offline_says_what_is_saved(context, own_server):
    page, server, _ = saved_then_offline(context, own_server, "/en/case-studies/stopncii")
    page.locator(".language-menu summary").click()  # the header's language menu opens
    page.get_by_role("link", name="العربية").click()
    page.wait_for_load_state()
    # Arabic case pages were never saved on this device: the offline page says so plainly
    # and offers what is saved; the Arabic crisis page itself is saved.
    page.locator("[data-not-saved]").wait_for()
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.goto(server.url + "/ar/crisis")
    assert page.locator("html").get_attribute("lang") == "ar"


def test_a_worker_restarted_offline_still_knows_what_it_saved(context, own_server):
    page, server, _ = saved_then_offline(context, own_server, "/en/")
    list_url = page.evaluate(
        """async () => {
            for (const name of await caches.keys()) {
                if (!name.startsWith('steady-first-en-')) continue;
                const keys = await (await caches.open(name)).keys();
                const found = keys.map((r) => new URL(r.url).pathname)
                    .find((p) => p.startsWith('/sw-precache-'));
                if (found) return found;
            }
            return null;
        }"""
    )
    assert list_url and list_url.startswith("/sw-precache-en-"), "saved with its first stage"
    # The browser stops idle workers; the next one starts with nothing in memory.
    session = context.new_cdp_session(page)
    session.send("ServiceWorker.enable")
    session.send("ServiceWorker.stopAllWorkers")
    # Arabic pages were never saved: the restarted worker tries to save them, which fails with
    # no network (their list is not saved either), and says that Arabic is not saved yet,
    # offering to save it.
    page.goto(server.url + "/ar/crisis")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.locator("[data-offline-message]").filter(has_text="لم تُحفظ").wait_for(timeout=30_000)
    page.locator("[data-offline-save]").wait_for(timeout=30_000)
