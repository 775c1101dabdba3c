"""The first screen on a 360 x 740 phone, in a real Chromium: on every page type in every
language, a call button and the first crisis step are in it; numbers in the right-to-left
languages read exactly as dialled; the offline status tells the truth."""

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from app.content import load_library
from app.i18n.locales import direction, discover_locales
from app.i18n.localize import library_in
from tests.support.apps import CONTENT, ROOT
from tests.support.browser import saved_then_offline, wait_until_saved

pytestmark = pytest.mark.browser

LOCALES = discover_locales(ROOT / "translations")
RIGHT_TO_LEFT = [locale for locale in LOCALES if direction(locale) == "rtl"]
PAGES = (
    "",
    "case-studies/stopncii",
    "case-studies/report-remove",
    "crisis",
    "crisis?country=gb",
    "about",
    "install",
    "offline",
    "start",
    "start/under-18",
    "start/under-18/gb",
    "start/under-18/gb/threatened",
    "start/18-and-over/us/shared",
    "start/under-18/us/not-safe",
    "plain/",
    "plain/case-studies/cybertipline",
    "plain/crisis",
    "no-such-page",
)
SCREEN = {"width": 360, "height": 740}


@pytest.fixture(scope="module")
def first_steps():
    """Per language, the first crisis step, and the first step of each checklist shown."""
    library = load_library(CONTENT)
    steps = {}
    for locale in LOCALES:
        localized = library_in(library, ROOT / "translations", locale)[0]
        steps[locale] = localized.crisis.steps[0].text
        checklists = localized.checklists
        for situation in checklists.situations.values():
            for age in situation.ages:
                first = checklists.steps(situation)[0].words(age)
                steps[locale, age, situation.key] = first
    return steps


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(viewport=SCREEN)
    yield context.new_page()
    context.close()


def in_first_screen(locator) -> bool:
    box = locator.bounding_box()
    return (
        box is not None
        and locator.is_visible()
        and box["y"] >= 0
        and box["y"] + box["height"] <= SCREEN["height"]
        and box["x"] >= 0
        and box["x"] + box["width"] <= SCREEN["width"]
    )


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("rest", PAGES)
def test_a_call_button_and_the_first_step_are_in_the_first_screen(
    phone, server, first_steps, locale, rest
):
    phone.goto(f"{server.url}/{locale}/{rest}")
    calls = phone.locator('a.call[href^="tel:"]')
    assert calls.count() >= 1
    assert in_first_screen(calls.first), "no call button in the first screen"
    first_step = phone.locator(".first-steps li, .crisis-steps-full li, .checklist li").first
    parts = rest.split("/")
    checklist = len(parts) == 4 and parts[0] == "start"
    expected = first_steps[locale, parts[1], parts[3]] if checklist else first_steps[locale]
    assert expected[:40] in first_step.inner_text()
    assert in_first_screen(first_step), "the first step is below the first screen"


# For each number shown (the digits of one text: a phone number, or a service's name such as
# "988 Suicide & Crisis Lifeline"), where each digit is, in the order it is written: a number
# reads as dialled when its digits appear line by line, left to right, in that order. A
# right-to-left button puts the name right of the number: each is read on its own.
DIGIT_POSITIONS = """(elements) => elements.flatMap((element) => {
    const numbers = [];
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const positions = [];
        for (let i = 0; i < node.data.length; i++) {
            if (!/[0-9]/.test(node.data[i])) continue;
            const range = document.createRange();
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            const box = range.getBoundingClientRect();
            positions.push([Math.round(box.top + box.height / 2), box.left]);
        }
        if (positions.length) numbers.push({ text: node.data, positions });
    }
    return numbers;
})"""


def misread_numbers(page, selector: str) -> list[str]:
    found = page.locator(selector).evaluate_all(DIGIT_POSITIONS)
    assert found, f"no numbers found by {selector}"
    misread = []
    for number in found:
        lines = [line for line, _ in number["positions"]]
        # A wrapped number continues on a line below; on one line, digits go left to right.
        if lines != sorted(lines) or number["positions"] != sorted(number["positions"]):
            misread.append(number["text"])
    return misread


@pytest.mark.parametrize("locale", RIGHT_TO_LEFT)
@pytest.mark.parametrize(
    "rest",
    [
        "",
        "crisis?country=gb",
        "crisis?country=us",
        "case-studies/report-remove",
        "case-studies/cybertipline",
        "start/under-18/gb/not-safe",
        "plain/crisis?country=au",
    ],
)
def test_every_phone_number_right_to_left_reads_as_dialled(phone, server, locale, rest):
    phone.goto(f"{server.url}/{locale}/{rest}")
    assert misread_numbers(phone, 'a[href^="tel:"]') == []


def test_the_number_check_sees_a_reordered_number(phone, server):
    # Without isolation, Arabic text shows "116 123" as "123 116": the check must see that.
    phone.goto(server.url + "/ar/")
    phone.evaluate("""() => {
        const p = document.createElement('p');
        p.id = 'unisolated';
        p.textContent = 'اتصل بالرقم 116 123 الآن';
        document.querySelector('main').prepend(p);
    }""")
    assert misread_numbers(phone, "#unisolated") == ["اتصل بالرقم 116 123 الآن"]


@pytest.mark.parametrize("locale", RIGHT_TO_LEFT)
def test_english_fallback_and_names_right_to_left_are_isolated(phone, server, locale):
    phone.goto(f"{server.url}/{locale}/case-studies/cybertipline")
    isolated = phone.locator('main bdi[dir="ltr"]').all_inner_texts()
    assert "NCMEC" in isolated
    assert any(text.startswith("1-800-") for text in isolated)


def test_call_buttons_follow_the_country_the_family_picked(phone, server):
    phone.goto(server.url + "/en/crisis?country=gb")
    phone.goto(server.url + "/en/case-studies/stopncii")
    emergency = phone.locator(".first-help a.call").first
    assert emergency.get_attribute("href") == "tel:999"
    assert "United Kingdom" in phone.locator(".first-help [data-country-named]").inner_text()


@pytest.mark.parametrize(
    ("language", "page", "country", "emergency"),
    [
        ("es-MX", "/es/", "mx", "tel:911"),
        ("en-GB", "/en/case-studies/stopncii", "gb", "tel:999"),
        ("ar-JO", "/ar/", "jo", "tel:911"),
    ],
)
def test_with_no_choice_the_browser_language_country_is_followed(
    browser, server, language, page, country, emergency
):
    context = browser.new_context(viewport=SCREEN, locale=language)
    phone = context.new_page()
    phone.goto(server.url + page)
    first_call = phone.locator(".first-help a.call").first
    assert first_call.get_attribute("href") == emergency
    crisis = phone.locator("[data-crisis-link]").first.get_attribute("href")
    assert crisis.endswith(f"?country={country}")
    # Followed, not remembered: nothing was chosen by the family.
    assert phone.evaluate("localStorage.getItem('steady-country')") is None
    context.close()


def test_an_unsaved_language_offline_says_so_and_offers_to_save_it(context, own_server):
    page, server, _ = saved_then_offline(context, own_server, "/en/")
    page.goto(server.url + "/es/")  # Spanish was never saved: the offline page answers
    message = page.locator("[data-offline-message]")
    message.filter(has_text="Español todavía no está guardado").wait_for()
    assert "no se pudo guardar" not in message.inner_text()
    # Online as far as the browser knows, the page first tries to save it (the button hidden
    # meanwhile); once that fails, the button is offered.
    page.get_by_role("button", name="Guardar Español para usar sin conexión").wait_for()
    # The status is at the foot of the page: it never comes between a heading and its help.
    status_top = page.locator("[data-offline-status]").bounding_box()["y"]
    assert status_top > page.locator("main").bounding_box()["y"]


def test_an_unsaved_language_online_is_saved_and_then_says_ready(context, own_server):
    server = own_server()
    page = context.new_page()
    page.goto(server.url + "/en/")
    wait_until_saved(page)
    page.goto(server.url + "/ar/about")
    wait_until_saved(page, "جاهز")


def test_a_browser_without_workers_is_told_offline_saving_is_not_available(browser, server):
    context = browser.new_context(viewport=SCREEN)
    context.add_init_script("delete Navigator.prototype.serviceWorker;")
    page = context.new_page()
    page.goto(server.url + "/en/")
    message = page.locator("[data-offline-message]")
    assert "not available in this browser" in message.inner_text()
    assert "connection and try again" not in message.inner_text()
    context.close()


def test_filter_counts_follow_the_ticks_and_clear_all_works_with_javascript(phone, server):
    phone.goto(server.url + "/en/")
    phone.locator(".filters summary").click()
    total = phone.locator(".card").count()
    mental_health = phone.get_by_label(re.compile("Mental health"))
    count = int(re.search(r"\((\d+)\)", mental_health.locator("xpath=..").inner_text())[1])
    assert 0 < count < total
    mental_health.check()
    phone.get_by_role("button", name="Show matching case studies").click()
    assert phone.locator(".card:not([hidden])").count() == count
    # Every count now says what ticking one more option would show.
    for label in phone.locator("label.check").all():
        shown = int(re.search(r"\((\d+)\)", label.inner_text())[1])
        assert shown <= total
    clear = phone.get_by_role("link", name="Clear all filters")
    clear.click()
    assert phone.locator(".card:not([hidden])").count() == total
    assert phone.url == server.url + "/en/"
    assert not clear.is_visible()
    assert not mental_health.is_checked()


def test_the_filters_script_comes_only_when_the_filters_are_opened(browser, server):
    # A first visit downloads what it shows; the filters' script follows the family's tap.
    context = browser.new_context(viewport=SCREEN, service_workers="block")
    page = context.new_page()
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(server.url + "/en/")
    page.wait_for_load_state("load")
    assert not [url for url in asked if "filters.js" in url]
    with page.expect_request(re.compile(r"/static/js/filters\.js")):
        page.locator(".filters summary").click()
    total = page.locator(".card").count()
    page.get_by_label(re.compile("Mental health")).check()
    page.get_by_role("button", name="Show matching case studies").click()
    expect(page.locator("[data-result-count]")).not_to_contain_text(f"Showing {total} of")
    assert page.url.endswith("/en/?topic=mental-health")  # filtered in place, address replaced
    context.close()


def test_a_filtered_page_from_the_server_completes_its_list_to_filter_in_place(
    phone, server, library
):
    total = len(library.case_studies)
    phone.goto(server.url + "/en/?topic=mental-health")
    matching = phone.locator(".card").count()
    assert 0 < matching < total  # only the matching cards came from the server
    tools = phone.get_by_label(re.compile("Tools"))  # the filters are open: one is ticked
    tools.check()  # the counts follow, over every card
    expected = sum(
        1 for c in library.case_studies if {"mental-health", "tools"} & set(c.tags["topics"])
    )
    # The whole list has come (a locator waits without evaluating strings, which CSP forbids).
    phone.locator(".card").nth(total - 1).wait_for(state="attached")
    assert phone.locator(".card").count() == total
    phone.get_by_role("button", name="Show matching case studies").click()
    query = parse_qs(urlsplit(phone.url).query)
    assert sorted(query["topic"]) == ["mental-health", "tools"]
    assert phone.locator(".card:not([hidden])").count() == expected
    assert f"Showing {expected} of {total}" in phone.locator("[data-result-count]").inner_text()


def test_a_filtered_page_that_cannot_complete_its_list_asks_the_server(browser, server, library):
    # The whole library cannot be fetched (no connection, nothing saved): filtering in place
    # would count only the cards on the page, so the server is asked instead. No worker here:
    # one would answer from what it saved, past the route that fails the fetch.
    context = browser.new_context(viewport=SCREEN, service_workers="block")
    phone = context.new_page()
    phone.route(server.url + "/en/", lambda route: route.abort())
    phone.goto(server.url + "/en/?topic=mental-health")
    phone.get_by_label(re.compile("Tools")).check()
    phone.get_by_role("button", name="Show matching case studies").click()
    phone.wait_for_url(re.compile(r"topic=tools"))
    expected = sum(
        1 for c in library.case_studies if {"mental-health", "tools"} & set(c.tags["topics"])
    )
    assert phone.locator(".card").count() == expected  # as the server joined them
    assert sorted(parse_qs(urlsplit(phone.url).query)["topic"]) == ["mental-health", "tools"]
    context.close()


def test_an_easy_read_start_here_page_opens_offline_as_its_standard_twin(context, own_server):
    page, server, _ = saved_then_offline(context, own_server, "/en/")
    page.goto(server.url + "/en/plain/start/under-18/gb/shared")
    assert page.locator("h1").inner_text() == "The picture has been shared"
    assert page.locator('a.call[href^="tel:"]').count() >= 1


def test_start_here_leads_to_a_checklist_without_javascript(browser, server):
    context = browser.new_context(viewport=SCREEN, java_script_enabled=False)
    page = context.new_page()
    page.goto(server.url + "/en/")
    page.get_by_role("link", name="Start here").click()
    page.get_by_role("link", name="Under 18").click()
    page.get_by_role("link", name="United Kingdom").click()
    page.get_by_role("link", name="The picture has already been shared").click()
    assert page.url == server.url + "/en/start/under-18/gb/shared"
    assert page.locator("h1").inner_text() == "The picture has been shared"
    assert page.get_by_role("heading", name="Report Remove (Childline and IWF)").count() == 1
    assert in_first_screen(page.locator('a.call[href="tel:999"]'))
    context.close()


@pytest.mark.parametrize("locale", LOCALES)
def test_the_installed_app_is_named_only_steady(phone, server, locale):
    # The name Chromium would put on a shared phone's home screen, from the page's own
    # manifest: it must say no more than the Install page promises ("Steady").
    phone.goto(f"{server.url}/{locale}/install")
    session = phone.context.new_cdp_session(phone)
    manifest = json.loads(session.send("Page.getAppManifest")["data"])
    session.detach()
    assert (manifest["name"], manifest["short_name"]) == ("Steady", "Steady")
    assert manifest["lang"] == locale
    assert phone.locator('meta[name="apple-mobile-web-app-title"]').get_attribute("content") == (
        "Steady"
    )


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("mode", ["", "plain/"])
def test_the_library_leads_with_the_first_hour(phone, server, locale, mode):
    # The guide a family needs first is the first card, in every language and reading mode.
    first_hour = library_in(load_library(CONTENT), ROOT / "translations", locale)[0].get(
        "first-hour"
    )
    phone.goto(f"{server.url}/{locale}/{mode}")
    first_card = phone.locator(".card h2 a").first
    expect(first_card).to_have_text(str(first_hour.title))
    expect(first_card).to_have_attribute("href", f"/{locale}/{mode}case-studies/first-hour")
