"""A guide whose steps name one country's services (the US's CyberTipline) shows a family in
another country its own, in a real Chromium, in English, Spanish and Arabic: the services of
the kinds the steps are about, from the crisis contacts, offline too; none for a country the
steps name; a link to every country's services without JavaScript."""

import pytest
from playwright.sync_api import expect

from tests.support.browser import wait_until_saved

pytestmark = pytest.mark.browser

LOCALES = ("en", "es", "ar")
SCREEN = {"width": 360, "height": 740}
# already-paid's steps name the US's reporting services (for_other_countries in its file).
GUIDE = "case-studies/already-paid"
MEXICO = {"en": "Mexico", "es": "México", "ar": "المكسيك"}


def reporting_services(library, code) -> list[str]:
    """The number of each of a country's reporting services (its address where it has none),
    in the order the box lists them: a teen's family's services, crisis/contacts.toml."""
    country = library.crisis.countries[code]
    return [
        f"tel:{c.phone}" if c.phone else "web"
        for c in country.for_age("under-18")
        if "report" in c.kinds
    ]


def choose(page, server, locale, code):
    page.goto(f"{server.url}/{locale}/crisis?country={code}")
    assert page.evaluate("localStorage.getItem('steady-country')") == code


def first_addresses(box):
    """The number of each service the box lists ("web" for a service reached online only)."""
    return box.locator("li.contact").evaluate_all(
        """items => items.map(item => {
            const call = item.querySelector('.contact-actions a[href^="tel:"]');
            return call ? call.getAttribute('href') : 'web';
        })"""
    )


@pytest.mark.parametrize("locale", LOCALES)
def test_a_family_elsewhere_sees_its_own_reporting_services(browser, server, library, locale):
    context = browser.new_context(viewport=SCREEN, locale=locale)
    page = context.new_page()
    choose(page, server, locale, "mx")
    page.goto(f"{server.url}/{locale}/{GUIDE}")
    box = page.locator(".elsewhere")
    expect(box.locator("h3")).to_contain_text(MEXICO[locale])
    expected = reporting_services(library, "mx")
    assert expected, "Mexico lists a service to report to"
    expect(box.locator("li.contact")).to_have_count(len(expected))
    assert first_addresses(box) == expected
    # Every service shown says where it was checked.
    expect(box.locator("li.contact .checked a")).to_have_count(len(expected))
    # The way to every service of the country, in the page's own mode.
    expect(box.get_by_role("link", name=None).last).to_have_attribute(
        "href", f"/{locale}/crisis?country=mx#contacts-title"
    )
    context.close()


@pytest.mark.parametrize("locale", LOCALES)
def test_a_country_the_steps_name_gets_no_box(browser, server, locale):
    context = browser.new_context(viewport=SCREEN, locale=locale)
    page = context.new_page()
    choose(page, server, locale, "us")
    page.goto(f"{server.url}/{locale}/{GUIDE}")
    expect(page.locator(".elsewhere")).to_have_count(1)
    expect(page.locator(".elsewhere")).to_be_hidden()
    # The easy-read page follows the same rule; a UK family sees the UK's there, and the
    # way to all of them stays in easy read.
    page.goto(f"{server.url}/{locale}/plain/{GUIDE}")
    expect(page.locator(".elsewhere")).to_have_count(1)
    expect(page.locator(".elsewhere")).to_be_hidden()
    choose(page, server, locale, "gb")
    page.goto(f"{server.url}/{locale}/plain/{GUIDE}")
    expect(page.locator(".elsewhere li.contact").first).to_be_visible()
    expect(page.locator(".elsewhere a[data-crisis-link]")).to_have_attribute(
        "href", f"/{locale}/plain/crisis?country=gb#contacts-title"
    )
    context.close()


def test_where_a_country_lists_none_of_those_services_the_link_stays(browser, server):
    # Egypt lists no crisis line: the 988 guide's box keeps its link, never an empty heading.
    context = browser.new_context(viewport=SCREEN, locale="ar")
    page = context.new_page()
    choose(page, server, "ar", "eg")
    page.goto(f"{server.url}/ar/case-studies/988-lifeline")
    box = page.locator(".elsewhere")
    expect(box).to_be_visible()
    expect(box.locator("a[data-crisis-link]")).to_have_attribute(
        "href", "/ar/crisis?country=eg#contacts-title"
    )
    expect(box).to_have_attribute("data-answered", "eg")
    expect(box.locator("li.contact")).to_have_count(0)
    context.close()


def test_a_second_country_picked_at_once_is_the_one_shown(browser, server, library):
    context = browser.new_context(viewport=SCREEN, locale="en")
    page = context.new_page()
    page.goto(f"{server.url}/en/{GUIDE}")
    choice = page.locator("[data-country-choice]").first
    for code in ("mx", "es"):
        choice.locator("summary").click()
        choice.locator(f'[data-country="{code}"]').click()
    box = page.locator(".elsewhere")
    expect(box.locator("h3")).to_contain_text("Spain")
    expect(box.locator("li.contact")).to_have_count(len(reporting_services(library, "es")))
    assert first_addresses(box) == reporting_services(library, "es")
    context.close()


def test_with_no_country_known_the_box_links_to_every_country(browser, server):
    context = browser.new_context(viewport=SCREEN, locale="es")
    page = context.new_page()
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(f"{server.url}/es/{GUIDE}")
    link = page.locator(".elsewhere a")
    expect(link).to_have_count(1)
    expect(link).to_have_attribute("href", "/es/crisis#contacts-title")
    # No country's services are fetched without a country to show.
    page.wait_for_load_state("networkidle")
    assert not [url for url in asked if "/services.json" in url]
    context.close()


def test_without_javascript_the_link_leads_to_the_services_of_a_chosen_country(browser, server):
    context = browser.new_context(viewport=SCREEN, locale="en", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server.url}/en/{GUIDE}")
    page.locator(".elsewhere a").click()
    page.locator("#country").select_option("mx")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#contacts-title")).to_contain_text("Mexico")
    context.close()


def test_offline_the_family_sees_its_own_services(browser, own_server, library):
    server = own_server()
    context = browser.new_context(viewport=SCREEN, locale="ar")
    page = context.new_page()
    page.goto(f"{server.url}/ar/")
    wait_until_saved(page, "جاهز")
    server.stop()
    choose(page, server, "ar", "eg")
    page.goto(f"{server.url}/ar/{GUIDE}")
    box = page.locator(".elsewhere")
    expect(box.locator("li.contact")).to_have_count(len(reporting_services(library, "eg")))
    assert first_addresses(box) == reporting_services(library, "eg")
    context.close()
