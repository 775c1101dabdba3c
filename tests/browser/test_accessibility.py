"""axe-core in a real Chromium finds nothing on any page type, light or dark, and pages
reflow at a 320 px width (what 400% zoom leaves on a laptop, 200% on a large phone)."""

import pytest
from axe_playwright_python.sync_playwright import Axe

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
    "start": "/en/start",
    "start-country": "/es/start/under-18",
    "checklist": "/en/start/under-18/gb/threatened",
    "arabic-checklist": "/ar/start/18-and-over/us/not-safe",
    "spanish-library": "/es/",
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
    hidden = page.evaluate("""() => ['.quick-exit-bar', '.site-nav', '.language-switcher']
        .map(s => document.querySelector(s)).filter(Boolean)
        .every(el => getComputedStyle(el).display === 'none')""")
    source_link = page.evaluate("""() => getComputedStyle(
        document.querySelector('.sources a'), '::after').content""")
    context.close()
    assert hidden
    assert "http" in source_link or "attr(href)" in source_link
