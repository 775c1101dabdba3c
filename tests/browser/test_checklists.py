"""Start here's checklists on a 360 x 740 phone, in English, Spanish and Arabic, JavaScript off:
the answers lead by links to the situation's checklist, whose steps, payment steps and guide
link fit the screen's width. Screenshots go to /tmp/shots-checklists/ to be looked at."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots-checklists")
SCREEN = {"width": 360, "height": 740}
# What the answer to "What is happening?" reads, and the guide's address, per language.
PAID = {"en": "We have already paid", "es": "Ya pagamos", "ar": "دفعنا المال بالفعل"}


@pytest.fixture(scope="module")
def phone(browser):
    # No JavaScript: every answer is a link and every checklist a stored page.
    context = browser.new_context(viewport=SCREEN, java_script_enabled=False)
    yield context.new_page()
    context.close()


def fits_the_width(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= SCREEN["width"]


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png")
    page.screenshot(path=SHOTS / f"{name}-full.png", full_page=True)


@pytest.mark.parametrize("locale", ["en", "es", "ar"])
def test_already_paid_by_links_without_javascript(phone, server, locale):
    phone.goto(f"{server.url}/{locale}/start/under-18/gb")
    shoot(phone, f"{locale}-question-3")
    phone.get_by_role("link", name=PAID[locale], exact=True).click()
    expect(phone).to_have_url(f"{server.url}/{locale}/start/under-18/gb/paid")
    steps = phone.locator(".checklist li")
    expect(steps).to_have_count(9)
    expect(phone.locator('.checklist li[data-kind="payment"]')).to_have_count(2)
    expect(phone.locator('a[href^="tel:999"]').first).to_be_visible()
    guide = phone.locator(".guide-link a")
    expect(guide).to_have_attribute("href", f"/{locale}/case-studies/already-paid")
    assert fits_the_width(phone)
    if locale == "ar":
        expect(phone.locator("html")).to_have_attribute("dir", "rtl")
    shoot(phone, f"{locale}-paid-under-18-gb")
    guide.click()
    expect(phone).to_have_url(f"{server.url}/{locale}/case-studies/already-paid")


@pytest.mark.parametrize("locale", ["en", "es", "ar"])
@pytest.mark.parametrize(
    ("rest", "guide"),
    [
        ("18-and-over/gb/fake", "stopncii"),
        ("under-18/us/at-school", "at-school"),
        ("18-and-over/mx/not-safe", "first-hour"),
    ],
)
def test_every_checklist_fits_and_links_to_its_guide(phone, server, locale, rest, guide):
    phone.goto(f"{server.url}/{locale}/start/{rest}")
    expect(phone.locator(".checklist li").first).to_be_visible()
    expect(phone.locator(".guide-link a")).to_have_attribute(
        "href", f"/{locale}/case-studies/{guide}"
    )
    assert fits_the_width(phone)
    shoot(phone, f"{locale}-{rest.replace('/', '-')}")
