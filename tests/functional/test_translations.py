"""Translations: locale choice, fallbacks, hostile or broken catalogues, translator workflow."""

import shutil
from functools import partial
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from app import create_app
from app.cli.translations import find_catalog_problems
from app.i18n.locales import direction
from app.parts import parts
from tests.support.apps import CONTENT, ROOT, flask, html_pages, test_config

TRANSLATIONS = ROOT / "translations"


@pytest.fixture
def translations_copy(tmp_path) -> Path:
    copy = tmp_path / "translations"
    shutil.copytree(TRANSLATIONS, copy)
    return copy


def edit_catalog(translations_dir: Path, locale: str, domain: str, change) -> None:
    """Change one catalogue with `change(catalog)`, then compile it as the set-up does."""
    path = translations_dir / locale / "LC_MESSAGES" / f"{domain}.po"
    with path.open("rb") as file:
        catalog = read_po(file, locale=locale)
    change(catalog)
    with path.open("wb") as file:
        write_po(file, catalog)
    with path.with_suffix(".mo").open("wb") as file:
        write_mo(file, catalog)


def test_root_chooses_saved_choice_then_browser_language_then_english(client):
    assert (
        client.get("/", headers={"Accept-Language": "es-MX,es;q=0.9"})
        .headers["Location"]
        .endswith("/es/")
    )
    assert (
        client.get("/", headers={"Accept-Language": "de-AT"}).headers["Location"].endswith("/de/")
    )
    assert (
        client.get("/", headers={"Accept-Language": "ja-JP"}).headers["Location"].endswith("/en/")
    )
    client.set_cookie("steady_locale", "ar")
    assert client.get("/", headers={"Accept-Language": "es"}).headers["Location"].endswith("/ar/")


def test_settings_remembers_the_choice_and_goes_on(client):
    response = client.get("/settings?locale=es&plain=1&next=/es/plain/crisis")
    assert response.status_code == 302 and response.headers["Location"] == "/es/plain/crisis"
    cookies = " ".join(response.headers.getlist("Set-Cookie"))
    assert "steady_locale=es" in cookies and "steady_plain=1" in cookies and "HttpOnly" in cookies
    assert client.get("/").headers["Location"].endswith("/es/plain/")


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_settings_never_redirects_elsewhere(client, target):
    assert client.get(f"/settings?next={target}").headers["Location"] == "/"


def test_every_page_renders_in_every_locale_and_mode(app, client):
    for url in html_pages(app):
        locale = url.split("/")[1]
        html = client.get(url).get_data(as_text=True)
        assert f'<html lang="{locale}" dir="{direction(locale)}">' in html, url
        assert ('<body class="plain">' in html) == ("/plain/" in url), url
        for other in app.config["LOCALES"]:
            assert f'hreflang="{other}"' in html, (url, other)


def test_the_language_menu_names_each_language_in_itself(client):
    html = client.get("/en/case-studies/stopncii").get_data(as_text=True)
    menu = html[html.index('<details class="language-menu">') : html.index("</details>")]
    assert '<span lang="en">English</span>' in menu
    for name, locale in [
        ("Español", "es"),
        ("العربية", "ar"),
        ("Français", "fr"),
        ("Português", "pt"),
        ("हिन्दी", "hi"),
        ("Filipino", "fil"),
        ("Bahasa Indonesia", "id"),
        ("Deutsch", "de"),
        ("اردو", "ur"),
    ]:
        assert f'lang="{locale}" hreflang="{locale}">{name}</a>' in menu
    assert "/settings?locale=es&amp;next=/es/case-studies/stopncii" in menu


def test_spanish_pages_are_in_spanish(client):
    html = client.get("/es/case-studies/stopncii").get_data(as_text=True)
    assert "Salir de esta página" in html
    assert "not yet translated" not in html


def test_arabic_is_right_to_left_and_complete(client):
    html = client.get("/ar/case-studies/cybertipline").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html
    assert '<span lang="en" dir="ltr">' not in html and "مغادرة هذه الصفحة" in html


def test_plain_version_puts_the_steps_first(client, library):
    case = library.get("stopncii")
    html = client.get("/en/plain/case-studies/stopncii").get_data(as_text=True)
    steps_at = html.index("What to do now")
    assert steps_at < html.index(case.plain.paragraphs[0][:40].replace("'", "&#39;"))
    assert "Full version" in html
    standard = client.get("/en/case-studies/stopncii").get_data(as_text=True)
    assert "/settings?plain=1&amp;next=/en/plain/case-studies/stopncii" in standard


# Changes that show on different pages are made together in one copy of the catalogues, so
# that one build serves several tests; each test looks only at what its own change does.


def app_with(tmp_path_factory, library, *changes):
    """The app on a copy of the catalogues, each (locale, domain, change) made and compiled."""
    copy = tmp_path_factory.mktemp("translations") / "translations"
    shutil.copytree(TRANSLATIONS, copy)
    for locale, domain, change in changes:
        edit_catalog(copy, locale, domain, partial(change, library=library))
    return create_app(test_config(TRANSLATIONS_DIR=copy))


def first_paragraph_stale(catalog, library):
    first = library.get("stopncii").what_happened[0]
    catalog.get(first, context="stopncii|what_happened.text.1").flags.add("fuzzy")


def exit_button_forgotten(catalog, library):
    catalog.get("Exit this page").string = ""


@pytest.fixture(scope="module")
def stale_and_missing(tmp_path_factory, library):
    """A stale Spanish paragraph on the StopNCII page, and no Spanish for the exit button (an
    interface message, which falls back without a mark on the page)."""
    return app_with(
        tmp_path_factory,
        library,
        ("es", "content", first_paragraph_stale),
        ("es", "messages", exit_button_forgotten),
    )


def test_a_fuzzy_content_translation_falls_back_to_english_marked_as_such(
    stale_and_missing, library
):
    first = library.get("stopncii").what_happened[0]
    client = stale_and_missing.test_client()
    html = client.get("/es/case-studies/stopncii").get_data(as_text=True)
    assert html.count('<span lang="en" dir="ltr">') == 1
    assert html.count('<span class="untranslated">') == 1
    assert first[:50].replace("'", "&#39;") in html


def test_a_missing_interface_message_falls_back_to_english(stale_and_missing):
    client = stale_and_missing.test_client()
    assert "Exit this page" in client.get("/es/").get_data(as_text=True)


def test_a_stale_crisis_step_is_never_shown_out_of_date(translations_copy, library):
    # A copy of its own: the crisis steps are on every page, marked wherever they are.
    step = library.crisis.steps[0].text

    def make_stale(catalog):
        catalog.get(step, context="crisis|steps.reassure").flags.add("fuzzy")

    edit_catalog(translations_copy, "es", "content", make_stale)
    client = create_app(test_config(TRANSLATIONS_DIR=translations_copy)).test_client()
    html = client.get("/es/crisis").get_data(as_text=True)
    assert f'<span lang="en" dir="ltr">{step}' in html.replace("&#39;", "'")


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def interface_poisoned(catalog, library):
    catalog.get("Exit this page").string = HOSTILE
    catalog_entry = catalog.get("Skip to main content")
    catalog_entry.string = HOSTILE


def title_poisoned(catalog, library):
    catalog.get(library.get("stopncii").title, context="stopncii|title").string = HOSTILE


def placeholder_renamed(catalog, library):
    catalog.get("Call %(number)s").string = "Llame al %(numero)s"


def citations_dropped(catalog, library):
    entry = catalog.get(
        library.get("stopncii").what_happened[0], context="stopncii|what_happened.text.1"
    )
    entry.string = entry.string.replace("[1]", "").replace("[2]", "").replace("[3]", "")


@pytest.fixture(scope="module")
def hostile_and_mismatched(tmp_path_factory, library):
    """Markup in the Spanish exit button, skip link and StopNCII title; a renamed placeholder
    in the call button, and the citations dropped from StopNCII's first paragraph."""
    return app_with(
        tmp_path_factory,
        library,
        ("es", "messages", interface_poisoned),
        ("es", "content", title_poisoned),
        ("es", "messages", placeholder_renamed),
        ("es", "content", citations_dropped),
    )


def test_a_hostile_translation_is_shown_as_text(hostile_and_mismatched):
    client = hostile_and_mismatched.test_client()
    html = client.get("/es/case-studies/stopncii").get_data(as_text=True)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert" in html


def test_a_placeholder_mismatch_falls_back_and_is_reported(hostile_and_mismatched):
    app = hostile_and_mismatched
    html = app.test_client().get("/es/crisis?country=us").get_data(as_text=True)
    assert 'Call <bdi dir="ltr"><span class="number">988</span></bdi>' in html  # the source
    reported = [str(p) for p in parts(app).translation_problems]
    assert any("Call %(number)s" in p for p in reported)
    assert any("(content): placeholders" in p for p in reported)
    stopncii = app.test_client().get("/es/case-studies/stopncii").get_data(as_text=True)
    assert (
        '<span lang="en" dir="ltr">' in stopncii
    )  # the paragraph that lost its citations is shown in English
    problems = find_catalog_problems(app.config["TRANSLATIONS_DIR"], CONTENT)
    assert any("%(numero)s" in p for p in problems)


def test_a_locale_added_as_files_only_is_served(translations_copy):
    init = flask("translations", "init", "fr", "--translations-dir", str(translations_copy))
    assert init.returncode == 0, init.stderr

    def translate_button(catalog):
        catalog.get("Exit this page").string = "Quitter cette page"

    edit_catalog(translations_copy, "fr", "messages", translate_button)
    compiled = flask("translations", "compile", "--translations-dir", str(translations_copy))
    assert compiled.returncode == 0, compiled.stderr

    app = create_app(test_config(TRANSLATIONS_DIR=translations_copy))
    assert "fr" in app.config["LOCALES"]
    client = app.test_client()
    html = client.get("/fr/").get_data(as_text=True)
    assert '<html lang="fr" dir="ltr">' in html and "Quitter cette page" in html
    assert "Français" in client.get("/en/").get_data(as_text=True)
    urls = {entry["url"] for entry in parts(app).precache["locales"]["fr"]}
    assert "/fr/case-studies/stopncii" in urls and "/fr/plain/case-studies/stopncii" in urls


def test_the_committed_catalogues_are_current_and_sound():
    assert find_catalog_problems(TRANSLATIONS, CONTENT) == []


def test_a_content_change_makes_the_template_out_of_date(translations_copy, content_copy):
    path = content_copy / "case-studies" / "stopncii.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('title = "', 'title = "New: ', 1), encoding="utf-8"
    )
    problems = find_catalog_problems(translations_copy, content_copy)
    assert any("content.pot is out of date" in p for p in problems)


def test_coverage_reports_each_locale():
    result = flask("translations", "coverage")
    assert result.returncode == 0, result.stderr
    lines = {line.split()[0]: line for line in result.stdout.splitlines()[1:]}
    assert "100%" in lines["es"].split()[-2] or "454/454" in lines["es"]
    assert set(lines) >= {"es", "ar"}


def test_spanish_plain_text_is_easy_to_read():
    result = flask("content", "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "es stopncii (plain): fernandez_huerta" in result.stdout


def test_content_catalogues_never_claim_to_be_format_strings(translations_copy):
    """Babel takes "90% of" for a Python format; msgfmt and Poedit would then reject a correct
    translation, so content messages must stay marked no-python-format after an update."""
    assert (
        flask("translations", "update", "--translations-dir", str(translations_copy)).returncode
        == 0
    )
    for path in translations_copy.glob("*/LC_MESSAGES/content.po"):
        flags = [
            line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#,")
        ]
        assert flags, path
        assert not any(" python-format" in line for line in flags), path
