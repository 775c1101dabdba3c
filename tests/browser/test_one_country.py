"""The calls in a real Chromium, in English, Spanish and Arabic: one country everywhere once
chosen (the thank-you page included), none assumed by a language, another one tap away on the
first screen of every page; each line saying whether it answers now, worked out offline with
a fixed clock; and call, text and link buttons whose words and numbers never break across
lines, at 320 px and at 200% zoom."""

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LOCALES = ("en", "es", "ar")
SCREEN = {"width": 360, "height": 740}
# Each country's name as the page writes it (CLDR, through Babel).
MEXICO = {"en": "Mexico", "es": "México", "ar": "المكسيك"}
UNITED_KINGDOM = {"en": "United Kingdom", "es": "Reino Unido", "ar": "المملكة المتحدة"}


def phone_for(browser, locale, **options):
    """A phone whose language names no country ("es", not "es-MX"): none can be known."""
    context = browser.new_context(viewport=SCREEN, locale=locale, **options)
    return context, context.new_page()


def in_first_screen(locator) -> bool:
    box = locator.bounding_box()
    return (
        box is not None
        and locator.is_visible()
        and 0 <= box["y"]
        and box["y"] + box["height"] <= SCREEN["height"]
        and 0 <= box["x"]
        and box["x"] + box["width"] <= SCREEN["width"]
    )


def choose(page, server, locale, code):
    """The family picks a country as on the crisis page (the choice is kept on the phone)."""
    page.goto(f"{server.url}/{locale}/crisis?country={code}")
    assert page.evaluate("localStorage.getItem('steady-country')") == code


@pytest.mark.parametrize("locale", LOCALES)
def test_the_thank_you_page_shows_the_country_the_family_chose(browser, server, locale):
    context, page = phone_for(browser, locale)
    choose(page, server, locale, "gb")
    page.goto(f"{server.url}/{locale}/contact/thanks")
    danger = page.locator("section.emergency")
    expect(danger.locator("a.call").first).to_have_attribute("href", "tel:999")
    dialled = danger.locator('a[href^="tel:"]').evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    assert dialled == ["tel:999", "tel:116123", "tel:+448088005000"]
    assert danger.locator("[data-crisis-link]").get_attribute("href").endswith("?country=gb")
    context.close()


@pytest.mark.parametrize("locale", LOCALES)
def test_no_language_sends_a_family_abroad_it_asks_in_one_tap(browser, server, locale):
    context, page = phone_for(browser, locale)
    page.goto(f"{server.url}/{locale}/")
    help_now = page.locator(".first-help")
    # No country's numbers: what works anywhere, and the question on the first screen.
    assert help_now.locator('[data-calls] a[href^="tel:"]').count() == 0
    ask = help_now.locator(".country-ask summary")
    assert in_first_screen(ask)
    ask.click()  # one tap: the list
    mexico = help_now.get_by_role("link", name=MEXICO[locale], exact=True)
    assert in_first_screen(mexico)
    mexico.click()  # and one more: Mexico's calls, in place
    expect(help_now.locator("a.call").first).to_have_attribute("href", "tel:911")
    expect(help_now.locator("[data-country-named]")).to_contain_text(MEXICO[locale])
    assert page.url == f"{server.url}/{locale}/"
    assert page.evaluate("localStorage.getItem('steady-country')") == "mx"
    # Remembered: the next page, and the crisis page opened without a country, follow it.
    page.goto(f"{server.url}/{locale}/about")
    expect(page.locator(".first-help a.call").first).to_have_attribute("href", "tel:911")
    page.goto(f"{server.url}/{locale}/crisis")
    page.wait_for_url(f"{server.url}/{locale}/crisis?country=mx")
    context.close()


@pytest.mark.parametrize("locale", LOCALES)
def test_without_javascript_the_stored_page_asks_and_lists_every_country(browser, server, locale):
    context, page = phone_for(browser, locale, java_script_enabled=False)
    page.goto(f"{server.url}/{locale}/case-studies/first-hour")
    assert page.locator('.first-help [data-calls] a[href^="tel:"]').count() == 0
    assert in_first_screen(page.locator(".first-help .call-note"))
    page.locator(".first-help .country-ask summary").click()
    page.locator(".first-help").get_by_role("link", name=MEXICO[locale], exact=True).click()
    assert page.url == f"{server.url}/{locale}/crisis?country=mx"
    assert page.locator("a.call").first.get_attribute("href") == "tel:911"
    context.close()


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize(
    "rest",
    [
        "",
        "case-studies/stopncii",
        "case-studies/first-hour",
        "crisis",
        "start/under-18/gb/not-safe",
        "contact",
        "contact/thanks",
        "start",
    ],
)
def test_another_country_is_one_tap_from_the_first_screen(browser, server, locale, rest):
    context, page = phone_for(browser, locale)
    choose(page, server, locale, "gb")
    page.goto(f"{server.url}/{locale}/{rest}")
    page.wait_for_load_state("load")
    choice = page.locator("[data-country-choice] summary").first
    expect(choice).to_contain_text(UNITED_KINGDOM[locale])
    assert in_first_screen(choice), "the country's name is below the first screen"
    choice.click()
    mexico = page.locator("[data-country-choice]").first.get_by_role(
        "link", name=MEXICO[locale], exact=True
    )
    expect(mexico).to_be_visible()
    context.close()


def test_a_browser_language_with_a_region_is_followed_on_a_page_of_another_language(
    browser, server
):
    # Arabic pages on a phone set to Arabic, then British English: the family is in the UK.
    context = browser.new_context(viewport=SCREEN, locale="ar")
    context.add_init_script(
        "Object.defineProperty(navigator, 'languages', {get: () => ['ar', 'en-GB']})"
    )
    page = context.new_page()
    page.goto(f"{server.url}/ar/")
    expect(page.locator(".first-help a.call").first).to_have_attribute("href", "tel:999")
    context.close()


# ---- A line that answers now. December: London is on UTC, Madrid an hour ahead.
MONDAY_7_AM = datetime(2026, 12, 7, 7, 0, tzinfo=UTC)
MONDAY_NOON = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
SATURDAY_NOON = datetime(2026, 12, 12, 12, 0, tzinfo=UTC)
CLOSED_TILL_EIGHT = {
    "en": "Closed now, opens at 8:00\u202fAM",
    "es": "Cerrado ahora, abre a las 8:00",
    "ar": "مغلق الآن، يفتح الساعة 8:00",
}
OPEN_NOW = {"en": "Open now", "es": "Abierto ahora", "ar": "مفتوح الآن"}


def at(browser, locale, moment):
    context = browser.new_context(viewport=SCREEN, locale=locale)
    page = context.new_page()
    page.clock.set_fixed_time(moment)
    return context, page


@pytest.mark.parametrize("locale", LOCALES)
def test_a_closed_main_line_says_when_it_opens_and_a_24_hour_line_comes_first(
    browser, server, locale
):
    context, page = at(browser, locale, MONDAY_7_AM)
    choose(page, server, locale, "gb")
    page.goto(f"{server.url}/{locale}/about")
    calls = page.locator(".first-help a.call")
    expect(calls.nth(2)).to_have_attribute("href", "tel:+448088005000")  # NSPCC, third
    expect(calls.nth(2).locator("[data-line-status]")).to_contain_text(CLOSED_TILL_EIGHT[locale])
    # "In danger now" leads with the emergency number and a line open day and night.
    assert calls.nth(0).get_attribute("href") == "tel:999"
    assert calls.nth(1).get_attribute("href") == "tel:116123"
    assert in_first_screen(calls.nth(1))
    context.close()


@pytest.mark.parametrize("locale", LOCALES)
def test_on_a_checklist_the_main_line_leads_while_open_and_steps_back_when_closed(
    browser, server, locale
):
    context, page = at(browser, locale, MONDAY_NOON)
    page.goto(f"{server.url}/{locale}/start/under-18/gb/threatened")
    calls = page.locator("main a.call")
    assert calls.nth(0).get_attribute("href") == "tel:999"
    expect(calls.nth(1).locator("[data-line-status]")).to_have_text(OPEN_NOW[locale])
    assert calls.nth(1).get_attribute("href") == "tel:+448088005000"
    assert calls.nth(2).get_attribute("href") == "tel:116123"
    page.clock.set_fixed_time(MONDAY_7_AM)
    page.reload()
    # Closed: the line open day and night comes first.
    expect(calls.nth(1)).to_have_attribute("href", "tel:116123")
    expect(calls.nth(2).locator("[data-line-status]")).to_contain_text(CLOSED_TILL_EIGHT[locale])
    # Not safe now: the emergency number and the line open day and night, whatever the hour.
    page.goto(f"{server.url}/{locale}/start/under-18/gb/not-safe")
    dialled = page.locator("main .calls a.call").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    assert dialled == ["tel:999", "tel:116123"]
    context.close()


def test_a_line_closed_for_the_weekend_names_the_day_it_opens(browser, server):
    context, page = at(browser, "en", SATURDAY_NOON)
    page.goto(f"{server.url}/en/crisis?country=gb")
    revenge_porn_helpline = page.locator('.contact-actions a[href="tel:+443456000459"]')
    expect(revenge_porn_helpline).to_contain_text("Closed now, opens Monday at 10:00\u202fAM")
    context.close()


def test_the_hours_follow_the_line_time_zone(browser, server):
    # 07:30 in Madrid is 06:30 UTC: Spain's 017 (08:00 to 23:00, Madrid time) opens at 8.
    context, page = at(browser, "es", datetime(2026, 12, 7, 6, 30, tzinfo=UTC))
    page.goto(f"{server.url}/es/crisis?country=es")
    # 017's card among Spain's services (the calls at the top lead with lines open day and night).
    line = page.locator('a[href="tel:017"]').first
    expect(line).to_contain_text("Cerrado ahora, abre a las 8:00")
    page.clock.set_fixed_time(datetime(2026, 12, 7, 7, 30, tzinfo=UTC))
    page.reload()
    expect(line).to_contain_text("Abierto ahora")
    context.close()


# ---- Buttons read whole.
# Every word (text between spaces, or between the <wbr> of an address) and every number
# (.number, whole) in every visible button, with the line boxes it takes: more than one line
# box is a break inside it; a box past the screen's edge is a word that does not fit.
BROKEN_WORDS = """() => {
    const broken = [];
    const lines = (range) => {
        const tops = [];
        for (const rect of range.getClientRects()) {
            const known = tops.some((top) => Math.abs(top - rect.top) < 3);
            if (rect.width && !known) tops.push(rect.top);
        }
        return tops.length;
    };
    const outside = (range) => [...range.getClientRects()].some(
        (rect) => rect.width && (rect.left < -1 || rect.right > window.innerWidth + 1));
    for (const button of document.querySelectorAll('.button')) {
        if (!button.getClientRects().length) continue;
        const units = [];
        for (const number of button.querySelectorAll('.number')) {
            const range = document.createRange();
            range.selectNodeContents(number);
            units.push([number.textContent, range]);
        }
        const walker = document.createTreeWalker(button, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (node.parentElement.closest('.number')) continue;
            for (const word of node.data.matchAll(/[^ \\t\\n\\r]+/g)) {
                const range = document.createRange();
                range.setStart(node, word.index);
                range.setEnd(node, word.index + word[0].length);
                units.push([word[0], range]);
            }
        }
        for (const [text, range] of units) {
            if (lines(range) > 1 || outside(range)) {
                broken.push(button.textContent.trim() + ' :: ' + text);
            }
        }
    }
    return broken;
}"""
WHOLE_PAGES = (
    "",
    "case-studies/cybertipline",
    "case-studies/first-hour",
    "crisis?country=us",
    "crisis?country=gb",
    "crisis?country=ca",
    "crisis?country=es",
    "start/under-18/gb/not-safe",
    "start/18-and-over/us/threatened",
    "contact",
    "contact/thanks",
)
# 320 px, and a 320 px phone at 200% zoom: 160 CSS px on a screen of twice the density.
SIZES = {
    "320px": {"viewport": {"width": 320, "height": 640}},
    "200%": {"viewport": {"width": 160, "height": 370}, "device_scale_factor": 2},
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("locale", LOCALES)
def test_no_button_breaks_inside_a_word_or_a_number(browser, server, locale, size):
    context = browser.new_context(locale=locale, **SIZES[size])
    page = context.new_page()
    broken = {}
    for code in ("us", "gb"):  # the first-screen calls of two countries as well
        page.goto(f"{server.url}/{locale}/crisis?country={code}")
        for rest in WHOLE_PAGES:
            page.goto(f"{server.url}/{locale}/{rest}")
            page.wait_for_load_state("load")
            found = page.evaluate(BROKEN_WORDS)
            if found:
                broken[f"{code} /{locale}/{rest}"] = found
    context.close()
    assert broken == {}


def test_the_word_check_sees_a_word_broken_across_lines(browser, server):
    # What the page looked like before: words allowed to break anywhere inside a button.
    context = browser.new_context(bypass_csp=True, **SIZES["200%"])
    page = context.new_page()
    page.goto(f"{server.url}/en/crisis?country=us")
    page.add_style_tag(
        content=".button, .button * { overflow-wrap: anywhere !important; "
        "white-space: normal !important; } .button { inline-size: 4rem !important; }"
    )
    assert page.evaluate(BROKEN_WORDS) != []
    context.close()
