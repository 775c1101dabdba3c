"""The first minute, without a browser: call links and isolation in texts, the main line of a
country, Start here's answers and checklists, filter counts, and easy-read texts."""

import json
import re

import pytest
from flask_babel import force_locale

from app.content.vocabulary import FACETS
from app.parts import parts
from app.views import calls, rich_text
from app.views.library_page import Cards, option_counts
from app.views.start import AGES

SHORT = frozenset({"911", "999", "000", "116123", "988"})


def render(text, rtl=False, citations=True):
    return str(
        rich_text.render(
            text, rtl=rtl, cite_label="source", short_numbers=SHORT, citations=citations
        )
    )


@pytest.mark.parametrize(
    ("text", "href", "shown"),
    [
        ("Call 0800 1111 today.", "tel:08001111", "0800 1111"),
        ("or by phone at 1-866-658-9022 [5].", "tel:18666589022", "1-866-658-9022"),
        ("Kids Helpline (1800 55 1800) is open", "tel:1800551800", "1800 55 1800"),
        ("call Triple Zero (000) now", "tel:000", "000"),
        ("Samaritans on 116 123, free", "tel:116123", "116 123"),
    ],
)
def test_phone_numbers_in_a_text_are_call_links_showing_their_digits(text, href, shown):
    html = render(text)
    assert f'<a class="tel" href="{href}"><bdi dir="ltr">{shown}</bdi></a>' in html


def test_a_lettered_number_is_only_shown_beside_its_digits():
    alone = render("You can call 1-800-THE-LOST. Ask them.")
    assert '<a class="tel" href="tel:18008435678"><bdi dir="ltr">1-800-843-5678</bdi></a>' in alone
    assert alone.index("1-800-THE-LOST") < alone.index("1-800-843-5678")
    beside = render("call 1-800-843-5678 (1-800-THE-LOST).")
    assert beside.count("tel:") == 1 and beside.count("843-5678") == 1


@pytest.mark.parametrize(
    "text",
    [
        "Congress created it in 1998.",
        "checked 2026-11-25",
        "over 10,000 reports",
        "24 hours a day, 7 days",
        "988lifeline.org",
        "aged 5 to 25",
    ],
)
def test_years_dates_counts_and_addresses_are_not_call_links(text):
    assert "tel:" not in render(text)


def test_in_right_to_left_text_numbers_addresses_and_english_are_isolated():
    html = render("اتصل بـ NCMEC على 1-800-843-5678 أو زُر tips.fbi.gov الآن", rtl=True)
    assert '<bdi dir="ltr">NCMEC</bdi>' in html
    assert '<bdi dir="ltr">tips.fbi.gov</bdi>' in html
    assert '<bdi dir="ltr">1-800-843-5678</bdi>' in html
    assert "<bdi" not in render("Call NCMEC at tips.fbi.gov")  # left to right: nothing to do


def test_easy_read_texts_keep_no_citation_markers():
    assert render("It works [1][2].", citations=False) == "It works."
    assert 'href="#source-1"' in render("It works [1].")


def test_the_main_line_prefers_a_line_for_anyone_and_skips_lines_without_a_phone(library):
    us = library.crisis.countries["us"]
    assert calls.main_line(us).phone == "+18008435678"
    assert calls.digits_only("1-800-THE-LOST (1-800-843-5678)") == "1-800-843-5678"
    assert calls.digits_only("0800 1111") == "0800 1111"


@pytest.mark.parametrize("locale", ["en", "es", "ar"])
def test_every_country_call_is_a_real_number_in_the_script_texts(client, library, locale):
    script = client.get(f"/{locale}/script-texts.js").get_data(as_text=True)
    prefix, _, rest = script.partition("=")
    assert prefix.strip() == "window.steadyTexts" and rest.rstrip().endswith(";")
    calls = json.loads(rest.rstrip().removesuffix(";"))["calls"]
    assert set(calls) == set(library.crisis.countries)
    for code, country in library.crisis.countries.items():
        if country.emergency:
            assert f'href="tel:{country.emergency}"' in calls[code], code


@pytest.mark.parametrize("locale", ["en", "es", "ar"])
def test_no_language_assumes_a_country_and_the_page_asks_for_it(client, library, locale):
    # A stored page is the same for everyone: no country's numbers, what works anywhere, and
    # the question with every country as a link, which works without JavaScript.
    html = client.get(f"/{locale}/").get_data(as_text=True)
    first_help = html[html.index('class="first-help"') : html.index("</aside>")]
    shown_calls = first_help[: first_help.index("data-country-choice")]
    assert "tel:" not in shown_calls
    question = {"en": "Which country are you in?", "es": "¿En qué país está?"}.get(locale)
    if question:
        assert question in first_help
    for code, country in library.crisis.countries.items():
        if country.emergency:
            assert f'href="/{locale}/crisis?country={code}" data-country="{code}"' in first_help
    assert f'<script src="/{locale}/script-texts.js" defer blocking="render"></script>' in html


def test_the_first_calls_lead_with_a_line_open_day_and_night(library):
    countries = library.crisis.countries
    # The UK's main line keeps hours: Samaritans, open day and night, comes before it.
    assert [line.name for line in calls.first_lines(countries["gb"])] == [
        "Samaritans",
        "NSPCC Helpline",
    ]
    assert [line.name for line in calls.first_lines(countries["es"])][0].startswith("Teléfono ANAR")
    # Egypt's main line is open day and night: it is the only one.
    assert [line.phone for line in calls.first_lines(countries["eg"])] == ["16000"]


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        (
            "en",
            "Monday to Friday, 8:00\u202fAM to 10:00\u202fPM; Saturday to Sunday, "
            "9:00\u202fAM to 6:00\u202fPM (United Kingdom Time)",
        ),
        ("es", "de lunes a viernes, de 8:00 a 22:00; de sábado a domingo, de 9:00 a 18:00"),
        ("ar", "من الاثنين إلى الجمعة"),
    ],
)
def test_hours_are_written_by_babel_in_the_page_language(app, library, locale, expected):
    nspcc = next(c for c in library.crisis.countries["gb"].contacts if c.name == "NSPCC Helpline")
    with app.test_request_context(f"/{locale}/crisis"), force_locale(locale):
        assert expected in calls.hours_text(nspcc.hours)


def start_paths(library) -> list[str]:
    """The address (after the locale and mode) of every page of the flow."""
    paths = ["start"]
    for age in AGES:
        paths.append(f"start/{age}")
        for code in library.crisis.countries:
            paths.append(f"start/{age}/{code}")
            paths += [f"start/{age}/{code}/{s.key}" for s in library.checklists.for_age(age)]
    return paths


@pytest.mark.parametrize("locale", ["en", "es", "ar"])
def test_every_start_here_page_is_stored_and_links_onwards(app, client, library, locale):
    stored = parts(app).build.entries
    saved = {entry["url"] for entry in parts(app).precache["locales"][locale]}
    for rest in start_paths(library):
        assert {f"/{locale}/{rest}", f"/{locale}/plain/{rest}"} <= set(stored), rest
        # Not saved twice: offline, an easy-read one opens its standard twin.
        assert f"/{locale}/{rest}" in saved and f"/{locale}/plain/{rest}" not in saved
    assert client.get(f"/{locale}/plain/start/under-18/gb/shared").status_code == 200
    html = client.get(f"/{locale}/start").get_data(as_text=True)
    for age in AGES:
        assert f'href="/{locale}/start/{age}"' in html
    html = client.get(f"/{locale}/start/under-18/gb").get_data(as_text=True)
    for situation in library.checklists.situations:
        assert f'href="/{locale}/start/under-18/gb/{situation}"' in html


def test_start_here_pages_are_saved_for_offline_use(app):
    saved = {entry["url"] for entry in parts(app).precache["locales"]["es"]}
    assert "/es/start/18-and-over/us/shared" in saved


@pytest.mark.parametrize(
    "url",
    [
        "/en/start/12",
        "/en/start/under-18/xx",
        "/en/start/under-18/gb/bored",
        "/en/start/under-18/gb/threatened/more",
    ],
)
def test_an_answer_that_is_not_one_of_the_choices_is_a_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "We could not find that page" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("url", "present", "absent"),
    [
        ("/en/start/under-18/us/shared", "Take It Down (NCMEC)", "StopNCII.org"),
        ("/en/start/18-and-over/us/shared", "StopNCII.org", "Take It Down (NCMEC)"),
        (
            "/en/start/under-18/gb/threatened",
            "Report Remove (Childline and IWF)",
            "Revenge Porn Helpline",
        ),
    ],
)
def test_the_checklist_names_the_tools_for_the_teens_age(client, url, present, absent):
    html = client.get(url).get_data(as_text=True)
    # The services listed for the age; the crisis steps above them name the removal tool for
    # each age (Take It Down under 18, StopNCII 18 and over) on every page.
    services = html[html.index('<ul class="contacts">') :]
    assert present in services and absent not in services
    assert 'class="button button-urgent call" href="tel:' in html


def test_not_safe_right_now_puts_the_calls_before_everything_else(client):
    html = client.get("/en/start/under-18/us/not-safe").get_data(as_text=True)
    main = html[html.index("<main") :]
    assert main.index('href="tel:911"') < main.index("What to do first")


def test_filter_options_count_what_ticking_them_would_show(library):
    cards = Cards([(case.slug, case.tags) for case in library.case_studies])
    facet_keys = {table: library.vocabulary.keys(table) for table, _ in FACETS}
    chosen = {table: set() for table, _ in FACETS}
    counts = option_counts(cards, chosen, facet_keys)
    for (table, key), count in counts.items():
        assert count == sum(key in case.tags[table] for case in library.case_studies)
    chosen["topics"] = {"mental-health"}
    narrowed = option_counts(cards, chosen, facet_keys)
    assert any(narrowed[key] < counts[key] for key in counts if key[0] != "topics")


def test_filter_counts_are_on_the_page(client, library):
    html = client.get("/en/?topic=mental-health").get_data(as_text=True)
    assert re.search(r"data-option-count>\(\d+\)</span>", html)
    assert "data-clear-filters" in html and "data-clear-filters hidden" not in html
    assert "data-clear-filters hidden" in client.get("/en/").get_data(as_text=True)


def test_easy_read_library_and_case_studies_drop_the_filters_and_citation_markers(client, library):
    html = client.get("/en/plain/").get_data(as_text=True)
    assert "data-filter-form" not in html
    case = library.case_studies[0]
    assert case.plain.paragraphs[0][:30].replace("'", "&#39;") in html
    page = client.get(f"/en/plain/case-studies/{case.slug}").get_data(as_text=True)
    assert 'class="cite"' not in page and not re.search(r"\[\d+\]", page)
    assert page.count('id="source-') == len(case.sources)


def test_a_link_never_holds_a_call_link(client, library):
    """A number in a title or in a link's own text stays text: links may not nest."""
    for url in ["/en/", "/en/case-studies/988-lifeline", "/ar/", "/en/offline"]:
        html = client.get(url).get_data(as_text=True)
        for anchor in re.findall(r"<a [^>]*>(.*?)</a>", html, flags=re.S):
            assert "<a " not in anchor, (url, anchor[:80])
    html = client.get("/en/case-studies/988-lifeline").get_data(as_text=True)
    assert f'<h1 id="case-title">{library.get("988-lifeline").title}</h1>' in html


@pytest.mark.parametrize("locale", ["en", "es", "ar"])
def test_where_the_emergency_number_is_regional_the_calls_say_what_to_call_elsewhere(
    client, locale
):
    # Saudi Arabia's 911 answers in four regions; the police's 999 is a tap away under it.
    html = client.get(f"/{locale}/crisis?country=sa").get_data(as_text=True)
    calls = html[html.index('<ul class="calls">') :]
    calls = calls[: calls.index("</ul>")]
    emergency, note = calls.index('href="tel:911"'), calls.index('class="call-note"')
    assert emergency < note < calls.index('href="tel:999"')


@pytest.mark.parametrize("locale", ["en", "es", "ar"])
def test_every_country_services_are_in_the_guides_file(client, library, locale):
    adult_only_numbers = set()
    every = client.get(f"/{locale}/services.json").get_json()
    assert set(every) == set(library.crisis.countries)
    for code, country in library.crisis.countries.items():
        services = every[code]
        teen = country.for_age("under-18")
        assert services.count('class="contact" data-kinds=') == len(teen), code
        # An adult-only service is not a teen's family's.
        teen_numbers = {contact.phone for contact in teen}
        for contact in country.contacts:
            if contact.phone and contact.phone not in teen_numbers:
                assert f'href="tel:{contact.phone}"' not in services, (code, contact.name)
                adult_only_numbers.add(contact.phone)
    assert adult_only_numbers, "the check above met an adult-only line"


def test_a_guide_naming_one_country_services_links_to_every_country(client):
    html = client.get("/en/case-studies/first-hour").get_data(as_text=True)
    box = html[html.index('class="elsewhere"') :]
    box = box[: box.index("</aside>")]
    assert 'data-steps-name="us gb"' in box and 'data-elsewhere="report crisis-line"' in box
    assert 'href="/en/crisis#contacts-title" data-crisis-link' in box
    guide_without = client.get("/en/case-studies/reporting-on-platforms").get_data(as_text=True)
    assert 'class="elsewhere"' not in guide_without
