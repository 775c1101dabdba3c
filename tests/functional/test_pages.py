"""Every page renders, carries the crisis panel and quick exit, and filters combine."""

import itertools
import re
from html import unescape

import pytest

from app.content.vocabulary import FACETS
from app.i18n.locales import direction
from app.web.security import DOCUMENT_ONLY
from tests.support.apps import html_pages
from tests.support.codings import DECOMPRESS


def test_root_redirects_to_a_locale(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/en/")


def test_every_case_study_renders_every_section(client, library):
    for case in library.case_studies:
        html = client.get(f"/en/case-studies/{case.slug}").get_data(as_text=True)
        assert f'<h1 id="case-title">{case.title}' in html.replace("&#39;", "'")
        for heading in (
            "The takeaway",
            "What happened",
            "The bigger picture",
            "What went right",
            "What the right move looks like",
            "How it could sound",
            "What to do",
            "Across the web",
        ):
            assert heading in html.replace("& ", "&amp; "), (case.slug, heading)
        # What to do, the right move and what to say come before the history.
        order = [
            html.index(f'id="{section}-title"')
            for section in (
                "solutions",
                "right-move",
                "dialogue",
                "what-happened",
                "bigger-picture",
                "sources",
            )
        ]
        assert order == sorted(order), case.slug
        sources = len(case.sources)
        assert f"Checked against {sources} sources" in html
        assert html.count('id="source-') == sources
        assert html.count('class="turn ') == len(case.dialogue)
        assert 'role="img" aria-label="' in html and "<svg" in html


def test_citations_link_to_their_source(client, library):
    case = library.get("stopncii")
    html = client.get("/en/case-studies/stopncii").get_data(as_text=True)
    cited = set(re.findall(r'href="#source-(\d+)"', html))
    assert cited, "no citation links rendered"
    assert all(1 <= int(n) <= len(case.sources) for n in cited)
    assert "[1]" not in re.sub(r"<a[^>]*>\[\d+\]", "", html.split("Across the web")[0]).replace(
        "[1]<", ""
    )


@pytest.mark.parametrize("kind", ["case", "library", "crisis", "about", "filtered", "404"])
def test_crisis_panel_and_quick_exit_on_every_page_type(client, library, kind):
    url = {
        "case": f"/en/case-studies/{library.case_studies[0].slug}",
        "library": "/en/",
        "crisis": "/en/crisis",
        "about": "/en/about",
        "filtered": "/en/?topic=tools",
        "404": "/en/case-studies/no-such-case",
    }[kind]
    html = client.get(url).get_data(as_text=True)
    assert "data-quick-exit" in html and "Exit this page" in html
    assert "If your teen is in crisis" in html
    # As read: phone numbers inside a step are links of their own.
    shown = " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())
    for step in library.crisis.steps:
        assert step.text in shown
    if kind != "crisis":
        assert 'href="/en/crisis"' in html


def test_every_stored_page_has_lang_and_quick_exit(app, client):
    for url in html_pages(app):
        locale = url.split("/")[1]
        html = client.get(url).get_data(as_text=True)
        opening = f'<!doctype html>\n<html lang="{locale}" dir="{direction(locale)}">'
        assert html.startswith(opening), url
        assert "data-quick-exit" in html, url


def test_unknown_pages_get_a_real_404_page(client):
    for url in ("/en/nope", "/xx/", "/en/case-studies/nope", "/static/nope.css"):
        response = client.get(url)
        assert response.status_code == 404, url
        html = response.get_data(as_text=True)
        assert "We could not find that page" in html and "If your teen is in crisis" in html


def test_a_post_to_a_page_is_a_clear_error_not_a_500(client):
    response = client.post("/en/", data={"x": "y"})
    assert response.status_code == 405
    assert "That did not work" in response.get_data(as_text=True)


def case_titles(html: str) -> set[str]:
    """Titles of the cards that are shown (not hidden) on a library page."""
    shown = re.findall(
        r'<li class="card" (?!hidden)[^>]*>\s*<article aria-labelledby="card-([\w-]+)"', html
    )
    return set(shown)


def test_filters_combine_across_facets_and_widen_within_one(client, library):
    def shown(query):
        return case_titles(client.get(f"/en/?{query}").get_data(as_text=True))

    def expected(**chosen):
        return {
            c.slug
            for c in library.case_studies
            if all(not keys or set(keys) & set(c.tags[table]) for table, keys in chosen.items())
        }

    assert shown("") == {c.slug for c in library.case_studies}
    assert shown("topic=mental-health") == expected(topics=["mental-health"])
    both = shown("topic=mental-health&topic=image-removal")
    assert both == expected(topics=["mental-health", "image-removal"])
    assert both > shown("topic=mental-health")
    narrowed = shown("topic=tools&age=13-15&context=limited-tech")
    assert narrowed == expected(
        topics=["tools"], age_bands=["13-15"], family_contexts=["limited-tech"]
    )
    assert narrowed <= shown("topic=tools")


def test_filter_shows_how_many_match_and_is_a_shareable_link(client, library):
    matching = [c for c in library.case_studies if "tools" in c.tags["topics"]]
    html = client.get("/en/?topic=tools").get_data(as_text=True)
    assert f"{len(matching)} of {len(library.case_studies)} case studies match" in html or (
        f"{len(matching)} of {len(library.case_studies)} case studies matches" in html
    )
    assert 'value="tools" checked' in html
    assert "Remove filter: Tools" in html


def carries_all(tags: dict[str, tuple[str, ...]], chosen: dict[str, set[str]]) -> bool:
    return all(not keys.isdisjoint(tags[table]) for table, keys in chosen.items())


def combination_matching_nothing(library) -> dict[str, str]:
    """One tag of each facet that no case study carries all together."""
    keys = [[(table, key) for key in library.vocabulary.keys(table)] for table, _ in FACETS]
    for combination in itertools.product(*keys):
        chosen = {table: {key} for table, key in combination}
        if not any(carries_all(case.tags, chosen) for case in library.case_studies):
            return dict(combination)
    pytest.fail("the test needs a filter combination that matches nothing")


def test_no_match_never_dead_ends(client, library):
    combination = combination_matching_nothing(library)
    params = dict(FACETS)
    query = "&".join(f"{params[table]}={key}" for table, key in combination.items())
    text = client.get(f"/en/?{query}").get_data(as_text=True)
    assert not case_titles(text)
    assert "No case study matches all of these filters." in text
    first_table, first_key = next(iter(combination.items()))
    label = library.vocabulary.label(first_table, first_key)
    assert f"Remove filter: {label}" in text
    assert 'href="/en/">see every case study' in text


def test_unknown_filter_values_are_ignored(client, library):
    html = client.get("/en/?topic=<script>&age=nonsense").get_data(as_text=True)
    assert len(case_titles(html)) == len(library.case_studies)
    assert "<script>" not in html.split("<main")[1]


def test_crisis_page_changes_contacts_by_country(client, library):
    crisis = library.crisis
    for code, country in crisis.countries.items():
        html = client.get(f"/en/crisis?country={code}").get_data(as_text=True)
        assert f"Who to contact ({country.name})" in html
        if country.emergency:
            assert f'href="tel:{country.emergency}"' in html
        else:  # "another country": no single number to give
            assert "Call the emergency number of the country you are in." in html
        for contact in country.contacts:
            if contact.phone:
                assert f'href="tel:{contact.phone}"' in html
            assert f'href="{contact.source}"' in html.replace("&amp;", "&")
    default = crisis.default_country("en")
    assert f"Who to contact ({default.name})" in client.get("/en/crisis").get_data(as_text=True)
    unknown = client.get("/en/crisis?country=zz")
    assert unknown.status_code == 200 and f"Who to contact ({default.name})" in unknown.get_data(
        as_text=True
    )


def test_every_crisis_contact_has_a_checked_source(library):
    for country in library.crisis.countries.values():
        if country.emergency:  # "another country" has no single emergency number
            assert country.emergency_source.startswith("https://")
        for contact in country.contacts:
            assert contact.source.startswith("https://") and contact.checked, contact.name
    assert {"us", "gb", "ca", "au", "ie"} <= set(library.crisis.countries)


def test_no_advice_to_copy_an_image(library):
    """We never tell anyone to screenshot, save or forward the picture itself: no sentence
    of advice (an instruction, or "you should/can ...") does that to an image."""
    act = r"(?:take a screenshot of|screenshot|forward|send|download|save|keep|copy)"
    advice = re.compile(rf"^(?:please\s+)?{act}\b|\byou (?:should|can|must|need to) {act}\b", re.I)
    image = re.compile(r"\b(image|picture|photo|nude|video)s?\b", re.I)
    for case in library.case_studies:
        texts = [
            case.takeaway_lead,
            *case.takeaway_points,
            *case.what_happened,
            *case.bigger_picture,
            *case.went_right,
            *case.right_move,
            *(s.text for s in case.solutions),
            *case.plain.steps,
            *case.plain.paragraphs,
            *(t.line for t in case.dialogue if t.speaker == "parent"),
        ]
        for text in texts:
            for sentence in re.split(r"(?<=[.!?])\s+", text):
                if advice.search(sentence):
                    assert not image.search(sentence), (case.slug, sentence)


SECURITY_HEADERS = {
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}


@pytest.mark.parametrize(
    "url",
    ["/en/", "/en/case-studies/stopncii", "/en/nope", "/", "/sw.js"],
)
def test_security_headers(client, url):
    response = client.get(url)
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "default-src 'none'" in csp


@pytest.mark.parametrize(
    "url",
    [
        "/static/css/steady.css",
        "/static/js/steady.js",
        "/static/icons/icon-192.png",
        "/en/manifest.webmanifest",
    ],
)
def test_what_a_page_loads_goes_without_the_documents_headers(client, url):
    # A stylesheet, an image or a manifest obeys the page's policy, not its own.
    headers = client.get(url).headers
    for name, value in SECURITY_HEADERS.items():
        assert headers[name] == value
    for name in DOCUMENT_ONLY:
        assert name not in headers, name


def test_no_inline_script_style_or_third_party_reference(client, app, library):
    for url in html_pages(app):
        html = client.get(url).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), url
        assert "<style" not in html and " style=" not in html, url
        # Our own origin, written in full where absolute links are required (hreflang).
        html = html.replace(f'"{app.config["SITE_URL"]}/', '"/')
        head = html.split("<main")[0]
        assert not re.search(r'(?:src|href)="(?:https?:)?//', head), f"{url}: another origin"
        assert not re.search(r'<(?:script|link|img)[^>]+(?:src|href)="https?://', html), url


@pytest.mark.parametrize(
    "url", ["/en/case-studies/stopncii", "/en/?topic=tools", "/static/css/steady.css"]
)
def test_compressed_with_etag_and_a_repeat_visit_is_a_304(client, url):
    plain = client.get(url).get_data()
    assert plain.startswith((b"<!doctype html>", b":root"))
    for accepted in ("gzip", "gzip, br"):
        first = client.get(url, headers={"Accept-Encoding": accepted})
        assert first.status_code == 200
        coding = first.headers["Content-Encoding"]
        assert "Accept-Encoding" in first.headers["Vary"]
        assert DECOMPRESS[coding](first.get_data()) == plain
        etag = first.headers["ETag"]
        again = client.get(url, headers={"Accept-Encoding": accepted, "If-None-Match": etag})
        assert again.status_code == 304 and again.get_data() == b""


@pytest.mark.parametrize("url", ["/en/case-studies/stopncii", "/static/css/steady.css"])
def test_a_stored_page_is_sent_in_brotli_where_taken_smaller_than_gzip(client, url):
    packed = {
        coding: client.get(url, headers={"Accept-Encoding": coding}) for coding in ("br", "gzip")
    }
    assert packed["br"].headers["Content-Encoding"] == "br"
    assert len(packed["br"].get_data()) < 0.95 * len(packed["gzip"].get_data())
    assert packed["br"].headers["ETag"] != packed["gzip"].headers["ETag"]
    assert DECOMPRESS["br"](packed["br"].get_data()) == client.get(url).get_data()


def test_external_links_leak_no_referrer(client):
    html = client.get("/en/case-studies/stopncii").get_data(as_text=True)
    external = re.findall(r'<a href="https://[^"]+"[^>]*>', html)
    assert external
    assert all('rel="noreferrer noopener"' in tag for tag in external)


def test_versioned_assets_are_cached_for_a_year(client):
    html = client.get("/en/").get_data(as_text=True)
    css = re.search(r'href="(/static/css/steady.css\?v=\w+)"', html).group(1)
    assert "immutable" in client.get(css).headers["Cache-Control"]
    assert client.get("/static/css/steady.css").headers["Cache-Control"] == "no-cache"


def test_blank_exit_page_says_nothing_about_steady(client):
    html = client.get("/blank").get_data(as_text=True)
    assert "Steady" not in html and "crisis" not in html.lower()


def test_scripts_and_styles_are_served_without_comments_and_in_one_file(client):
    script = client.get("/static/js/steady.js").get_data(as_text=True)
    for part in ("quick-exit-active", "steady-country", "data-offline-status"):
        assert part in script  # quick exit, the country, the offline status: all three
    assert "\n//" not in script and "\n  " not in script
    css = client.get("/static/css/steady.css").get_data(as_text=True)
    assert "/*" not in css and ".first-help" in css
    assert client.get("/static/js/quick-exit.js").status_code == 404
