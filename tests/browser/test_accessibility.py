"""axe-core in a real Chromium finds nothing on any page type, light or dark, and pages
reflow at a 320 px width (what 400% zoom leaves on a laptop, 200% on a large phone)."""

import uuid
from pathlib import Path
from urllib.parse import urlencode
from urllib.request import Request, urlopen

import pyotp
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlalchemy.orm import Session

from app.db import database_url, make_engine
from app.sealing import instance_sealer
from app.staff.accounts import add_staff

pytestmark = pytest.mark.browser

PAGE_TYPES = {
    "library": "/en/",
    "library-filtered": "/en/?topic=tools&age=16-18",
    "library-no-match": "/en/?age=under-13&profile=gamer&topic=mental-health"
    "&context=english-second",
    "case-study": "/en/case-studies/stopncii",
    "crisis": "/en/crisis?country=gb",
    "about": "/en/about",
    "not-found": "/en/no-such-page",
    "install": "/en/install",
    "offline": "/en/offline",
    "plain-case-study": "/en/plain/case-studies/stopncii",
    "plain-library": "/en/plain/",
    "spanish-case-study": "/es/case-studies/report-remove",
    "spanish-plain-crisis": "/es/plain/crisis?country=us",
    "arabic-library": "/ar/",
    "arabic-case-study": "/ar/case-studies/stopncii",
    "arabic-plain-case": "/ar/plain/case-studies/cybertipline",
    "arabic-crisis": "/ar/crisis",
    "contact": "/en/contact",
    "arabic-plain-contact": "/ar/plain/contact",
    "contact-thanks": "/es/contact/thanks",
    "arabic-contact-thanks": "/ar/contact/thanks",
    "staff-login": "/staff/login",
    "start": "/en/start",
    "start-country": "/es/start/under-18",
    "checklist": "/en/start/under-18/gb/threatened",
    "arabic-checklist": "/ar/start/18-and-over/us/not-safe",
    "spanish-library": "/es/",
    "record": "/en/record",
    "arabic-record": "/ar/record",
    "spanish-plain-record": "/es/plain/record",
    "record-blank": "/en/record/blank",
    "arabic-record-blank": "/ar/record/blank",
}


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", PAGE_TYPES)
def test_axe_finds_no_violations(browser, server, axe, name, scheme):
    context = browser.new_context(viewport={"width": 360, "height": 740}, color_scheme=scheme)
    page = context.new_page()
    page.goto(server.url + PAGE_TYPES[name])
    open_everything(page)
    results = axe.run(page)
    context.close()
    assert results.violations_count == 0, results.generate_report()


def lose_the_pages_own_post(route):
    """No answer to the page's own post (it carries a key): the ordinary post goes instead."""
    if route.request.headers.get("idempotency-key"):
        route.abort()
    else:
        route.continue_()


@pytest.mark.parametrize("locale", ["en", "ar"])
@pytest.mark.parametrize("answer", ["in place", "ordinary post"])
def test_axe_finds_no_violations_in_the_contact_form_with_errors(
    browser, server, axe, locale, answer
):
    # The page shows the server's answer in place (contact.js); when its own post gets no
    # answer, the ordinary post goes and the server renders the form with its errors.
    context = browser.new_context(viewport={"width": 360, "height": 740}, service_workers="block")
    page = context.new_page()
    if answer == "ordinary post":
        page.route(f"{server.url}/{locale}/contact", lose_the_pages_own_post)
    page.goto(f"{server.url}/{locale}/contact")
    page.fill("#reply_to", "not an address")
    page.click("form[data-contact-form] button[type=submit]")
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary.locator("a")).to_have_count(2)
    # The summary has focus, so a screen reader starts with what to fix.
    expect(summary).to_be_focused()
    results = axe.run(page)
    context.close()
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_axe_finds_no_violations_in_the_record_written_with_an_error_and_locked(
    browser, server, axe, locale
):
    """The record page as record.js draws it: entries written, a problem summarised, and
    locked (only the passphrase field shown)."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, service_workers="block")
    page = context.new_page()
    page.goto(f"{server.url}/{locale}/record")
    page.fill("#accounts-platform", "Instagram")
    page.fill("#accounts-seen", "2026-11-28")
    page.locator('[data-entry-form="accounts"] button[type=submit]').click()
    expect(page.locator('[data-entries="accounts"] .record-entry')).to_have_count(1)
    page.locator('[data-entry-form="payments"] button[type=submit]').click()
    expect(page.locator("[data-error-summary]")).to_be_focused()
    found = [axe.run(page)]
    page.fill("#lock-passphrase", "quiet river morning")
    page.fill("#lock-repeat", "quiet river morning")
    page.locator("[data-lock-form] button[type=submit]").click()
    expect(page.locator("[data-lock-open]")).to_be_visible()
    page.reload()
    expect(page.locator("[data-unlock]")).to_be_visible()
    found.append(axe.run(page))
    context.close()
    for results in found:
        assert results.violations_count == 0, results.generate_report()


def open_everything(page):
    """Open what a family may open: the filters and the language menu."""
    page.locator("details").evaluate_all("els => els.forEach(e => e.open = true)")


@pytest.mark.parametrize("text_size", ["100%", "200%"])
@pytest.mark.parametrize("name", PAGE_TYPES)
def test_no_horizontal_scroll_at_320_px(browser, server, name, text_size):
    """320 CSS px is a desktop at 400% zoom; text at 200% is the browser's text size setting."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(server.url + PAGE_TYPES[name])
    open_everything(page)
    page.evaluate(f"document.documentElement.style.fontSize = '{text_size}'")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
        .map(el => el.tagName + '.' + el.className).slice(0, 5)""")
    context.close()
    assert overflow <= 0, wide


def test_tap_targets_are_at_least_44_px(browser, server):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(server.url + "/en/crisis")
    small = page.evaluate("""() => [...document.querySelectorAll(
        '.quick-exit, .site-nav a, .button, .contact-actions a, select')]
        .filter(el => el.getClientRects().length && el.getBoundingClientRect().height < 44)
        .map(el => el.outerHTML.slice(0, 80))""")
    context.close()
    assert small == []


def test_a_case_study_prints_without_the_controls(browser, server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(server.url + "/en/case-studies/stopncii")
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.quick-exit-bar', '.site-nav', '.first-help']
        .map(s => document.querySelector(s)).filter(Boolean)
        .every(el => getComputedStyle(el).display === 'none')""")
    source_link = page.evaluate("""() => getComputedStyle(
        document.querySelector('.sources a'), '::after').content""")
    context.close()
    assert hidden
    assert "http" in source_link or "attr(href)" in source_link


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations_in_the_staff_inbox(browser, server, axe, scheme):
    instance = Path(server.env["FLASK_INSTANCE_DIR"])
    engine = make_engine(database_url({"DATABASE_URL": "", "INSTANCE_DIR": instance}))
    email = f"axe-{scheme}@steady.example"
    with Session(engine) as session:
        uri = add_staff(session, instance_sealer(instance), email, "a long enough password")
    engine.dispose()
    context = browser.new_context(viewport={"width": 360, "height": 740}, color_scheme=scheme)
    page = context.new_page()
    urlopen(
        Request(
            f"{server.url}/en/contact",
            data=urlencode({"message": "Help", "reply_to": "a@example.org"}).encode(),
            headers={"Idempotency-Key": str(uuid.uuid4())},
        )
    )
    page.goto(f"{server.url}/staff/login")
    page.fill("#email", email)
    page.fill("#password", "a long enough password")
    page.fill("#code", pyotp.parse_uri(uri).now())
    with page.expect_navigation():
        page.click("button[type=submit]")
    violations = []
    for url in ("/staff/", "/staff/audit", "/staff/sessions"):
        page.goto(server.url + url)
        assert page.locator("h1").count() == 1
        violations.append(axe.run(page))
        if url == "/staff/":
            page.locator(".staff-inbox a").first.click()
            page.wait_for_load_state()
            assert "Help" in page.inner_text("blockquote")
            violations.append(axe.run(page))
    context.close()
    for results in violations:
        assert results.violations_count == 0, results.generate_report()


FOCUSED = """() => {
    const focused = document.activeElement;
    return { inMain: focused.closest("main") !== null, href: focused.getAttribute("href") };
}"""


@pytest.mark.parametrize("locale", ["en", "es", "ar"])
def test_the_first_tab_stops_reach_exit_and_the_help_now_calls(page, server, locale):
    page.goto(f"{server.url}/{locale}/case-studies/stopncii")
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("[data-quick-exit]")).to_be_focused()
    # The skip link passes the menu, not the numbers: after it, the calls, then the page.
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    before_main = []
    for _ in range(20):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["inMain"]:
            break
        before_main.append(focused["href"])
    else:
        pytest.fail("the main content was never reached")
    expected = page.locator(".first-help a.call").evaluate_all(
        "(links) => links.map((link) => link.getAttribute('href'))"
    )
    assert expected and before_main[: len(expected)] == expected


# A 320 x 740 phone zoomed to 200%: the page is laid out for 160 x 370 CSS pixels.
ZOOMED_PHONE = {"width": 160, "height": 370}
COVERED = """(link) => {
    const box = link.getBoundingClientRect();
    const found = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return !(found && link.contains(found));
}"""


@pytest.mark.parametrize("locale", ["en", "es", "ar"])
def test_at_200_percent_on_a_small_phone_the_header_is_small_and_covers_no_call(
    browser, server, locale
):
    context = browser.new_context(viewport=ZOOMED_PHONE)
    page = context.new_page()
    page.goto(f"{server.url}/{locale}/case-studies/stopncii")
    header = page.locator(".quick-exit-bar").bounding_box()
    assert header["height"] <= 0.15 * ZOOMED_PHONE["height"]
    exit_box = page.locator("[data-quick-exit]").bounding_box()
    assert exit_box["x"] >= 0 and exit_box["x"] + exit_box["width"] <= ZOOMED_PHONE["width"]
    # Scrolled to the top of the screen, as a link or the keyboard would bring it, the
    # Emergency button is not under the pinned header.
    emergency = page.locator(".first-help a.call").first
    emergency.evaluate("(link) => link.scrollIntoView({ block: 'start' })")
    assert not emergency.evaluate(COVERED)
    emergency.focus()
    assert not emergency.evaluate(COVERED)
    context.close()
