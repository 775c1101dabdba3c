"""A translator's file can never take the site down, put markup on a page, or hide a fault.

Every test works on a copy of translations/, changed as a careless or hostile translator would,
then compiled and checked with the real commands.
"""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from app import create_app
from app.i18n import catalogs
from app.i18n.catalogs import PLACEHOLDER
from app.i18n.locales import SOURCE_LOCALE, discover_locales
from app.parts import parts
from tests.support.apps import ROOT, flask, html_pages, test_config

TRANSLATIONS = ROOT / "translations"
PLANTED = '<a href="tel:+10000" data-planted>call</a><script>planted()</script>'


@pytest.fixture
def translations_copy(tmp_path) -> Path:
    copy = tmp_path / "translations"
    shutil.copytree(TRANSLATIONS, copy)
    return copy


def compile_and_check(translations_dir: Path) -> tuple[subprocess.CompletedProcess, str]:
    compiled = flask("translations", "compile", "--translations-dir", str(translations_dir))
    assert compiled.returncode == 0, compiled.stderr  # one bad file never stops the set-up
    checked = flask("translations", "check", "--translations-dir", str(translations_dir))
    return compiled, checked.stdout + checked.stderr if checked.returncode else ""


def po(translations_dir: Path, locale: str, domain: str) -> Path:
    return translations_dir / locale / "LC_MESSAGES" / f"{domain}.po"


def line_of(path: Path, text: str) -> int:
    return path.read_text(encoding="utf-8").split("\n").index(text) + 1


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def every_page_of(app, locale: str) -> list[str]:
    stored = [url for url in html_pages(app) if url.startswith(f"/{locale}/")]
    dynamic = [f"/{locale}/?topic=tools", f"/{locale}/?age=nothing", f"/{locale}/nope"]
    return stored + dynamic


def plant_markup(translations_dir: Path, locale: str) -> None:
    """Markup in every message of every domain of one language, placeholders kept."""
    for domain in ("messages", "content"):
        path = po(translations_dir, locale, domain)
        with path.open("rb") as file:
            catalog = read_po(file, locale=locale)
        for message in catalog:
            if not message.id:
                continue
            ids = (message.id,) if isinstance(message.id, str) else message.id
            # Keep the placeholders and citations, or the check would rightly leave it out.
            planted = f"{PLANTED} {' '.join(PLACEHOLDER.findall(ids[-1]))}"
            message.string = (
                planted if isinstance(message.id, str) else (planted,) * len(message.string)
            )
            message.flags.discard("fuzzy")
        with path.open("wb") as file:
            write_po(file, catalog)


# Every language a translator has added, so a new one is covered without a change here.
TRANSLATED = [locale for locale in discover_locales(TRANSLATIONS) if locale != SOURCE_LOCALE]


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """(the app, what the check says) with markup planted in every message of every language:
    one build for the tests of all, each looking at its own language's pages. The app is built
    with the markup check switched off, as if a catalogue got past it, to show that the pages
    still escape what a translation holds."""
    translations = tmp_path_factory.mktemp("planted") / "translations"
    shutil.copytree(TRANSLATIONS, translations)
    for locale in TRANSLATED:
        plant_markup(translations, locale)
    _, problems = compile_and_check(translations)
    for locale in TRANSLATED:  # compiled as they are, as if the check had let them through
        for domain in ("messages", "content"):
            with po(translations, locale, domain).open("rb") as file:
                catalog = read_po(file, locale=locale)
            with po(translations, locale, domain).with_suffix(".mo").open("wb") as file:
                write_mo(file, catalog)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(catalogs, "markup_problem", lambda source, translation: None)
        patch.setattr(catalogs, "facts_problem", lambda source, translation: None)
        yield create_app(test_config(TRANSLATIONS_DIR=translations)), problems


def test_the_check_refuses_markup_planted_in_any_language(planted):
    _, problems = planted
    for locale in TRANSLATED:
        for domain in ("messages", "content"):
            refused = rf"translations/{locale}/LC_MESSAGES/{domain}\.po:\d+: .*markup"
            assert re.search(refused, problems), (locale, domain)


@pytest.mark.parametrize("locale", TRANSLATED)
def test_markup_planted_in_every_message_of_every_domain_shows_as_text(planted, locale):
    app, _ = planted
    client = app.test_client()
    for url in every_page_of(app, locale):
        html = client.get(url).get_data(as_text=True)
        assert "data-planted>" not in html and "<script>planted" not in html, url
        # The translations were used (as text), so the test is not passing on English.
        assert "data-planted&gt;" in html, url
    # The scripts' words: the call buttons are markup, escaped like the page; the rest is
    # text, which the scripts only ever set as textContent.
    script = client.get(f"/{locale}/script-texts.js").get_data(as_text=True)
    texts = json.loads(script.partition("=")[2].strip().removesuffix(";"))
    for html in texts["calls"].values():
        assert "data-planted>" not in html and "data-planted&gt;" in html
    assert PLANTED in texts["quickExit"]["exiting"] and PLANTED in texts["offline"]["failed"]


def test_lazy_translations_are_text_even_through_escape(translations_copy):
    from markupsafe import escape

    from app.i18n.text import lazy_gettext

    app = create_app(test_config())
    with app.test_request_context("/en/"):
        assert str(escape(lazy_gettext("<b>not markup</b>"))) == "&lt;b&gt;not markup&lt;/b&gt;"


def test_no_module_takes_the_unescaped_lazy_gettext():
    for path in (ROOT / "app").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"from flask_babel import[^\n]*lazy_", text), path


BROKEN = {
    # name: (domain, change to the .po text, the source shown instead, the msgid reported)
    "stray percent": (
        'msgid "Call %(number)s"\nmsgstr "Llamar al %(number)s"',
        'msgid "Call %(number)s"\nmsgstr "Llamar 100% al %(number)s"',  # "% a" is a format
    ),
    "percent at the end": (
        'msgid "Call %(number)s"\nmsgstr "Llamar al %(number)s"',
        'msgid "Call %(number)s"\nmsgstr "Llamar al %(number)s 100%"',
    ),
    "unterminated string": (
        'msgid "Call %(number)s"\nmsgstr "Llamar al %(number)s"',
        'msgid "Call %(number)s"\nmsgstr "Llamar al %(number)s',
    ),
    "NUL byte": (
        'msgid "Call %(number)s"\nmsgstr "Llamar al %(number)s"',
        'msgid "Call %(number)s"\nmsgstr "Llamar\x00 al %(number)s"',
    ),
}


@pytest.mark.parametrize("name", BROKEN)
def test_a_broken_message_falls_back_to_the_source_and_is_reported_by_line(translations_copy, name):
    old, new = BROKEN[name]
    path = po(translations_copy, "es", "messages")
    replace_in(path, old, new)
    line = line_of(path, 'msgid "Call %(number)s"')
    compiled, problems = compile_and_check(translations_copy)
    assert f"{path}:{line}" in problems or f"{path}:{line + 1}" in problems, problems
    assert "'Call %(number)s'" in problems

    app = create_app(test_config(TRANSLATIONS_DIR=translations_copy))
    html = app.test_client().get("/es/crisis?country=us").get_data(as_text=True)
    # The source, on an otherwise Spanish page (a contact's call button).
    assert '>Call <bdi dir="ltr">' in html
    assert "Salir de esta página" in html


def test_a_stray_percent_in_a_compiled_catalogue_never_stops_start_up(translations_copy):
    """Even a .mo built by another tool: the app checks what it loads."""
    from babel.messages.mofile import write_mo

    path = po(translations_copy, "es", "messages")
    replace_in(path, 'msgstr "Salir de esta página"', 'msgstr "Salir 100% de esta página"')
    with path.open("rb") as file:
        catalog = read_po(file, locale="es")
    with path.with_suffix(".mo").open("wb") as file:
        write_mo(file, catalog)
    app = create_app(test_config(TRANSLATIONS_DIR=translations_copy))
    html = app.test_client().get("/es/").get_data(as_text=True)
    assert "Exit this page" in html
    assert any("breaks formatting" in str(p) for p in parts(app).translation_problems)


@pytest.mark.parametrize(
    "header",
    [
        "nplurals=2; plural=(n != 1",  # does not parse
        "nplurals=x; plural=(n != 1);",  # not a number
        "nplurals=2; plural=(n / 0);",  # parses, fails for every n
        "nplurals=2; plural=(n % 0 == 1);",
        "plural=n;",
    ],
)
def test_a_broken_plural_forms_header_is_reported_and_the_language_still_served(
    translations_copy, header
):
    path = po(translations_copy, "es", "messages")
    replace_in(path, "Plural-Forms: nplurals=2; plural=(n != 1);", f"Plural-Forms: {header}")
    compiled, problems = compile_and_check(translations_copy)
    assert f"{path}:" in problems and "Plural-Forms" in problems, problems

    app = create_app(test_config(TRANSLATIONS_DIR=translations_copy))
    assert "es" in app.config["LOCALES"]
    client = app.test_client()
    html = client.get("/es/case-studies/stopncii").get_data(as_text=True)
    assert "Salir de esta página" in html and "fuente" in html.lower()
    assert client.get("/es/?topic=tools").status_code == 200


def test_a_plural_rule_that_fails_at_run_time_in_a_compiled_catalogue_is_replaced(
    translations_copy,
):
    from babel.messages.mofile import write_mo

    path = po(translations_copy, "es", "messages")
    with path.open("rb") as file:
        catalog = read_po(file, locale="es")
    catalog._plural_expr = "(n / 0)"  # as a .mo built elsewhere could carry it
    with path.with_suffix(".mo").open("wb") as file:
        write_mo(file, catalog)
    app = create_app(test_config(TRANSLATIONS_DIR=translations_copy))
    assert app.test_client().get("/es/?topic=tools").status_code == 200
    assert any("Plural-Forms" in str(p) for p in parts(app).translation_problems)


BAD_FOLDERS = ["xx", "es-ES", "EN", "zz_Qq"]


@pytest.fixture(scope="module")
def bad_folders(tmp_path_factory):
    """(what compiling said, what the check says, the app) with a copy of Spanish under each
    bad folder name: compiled, checked and built once for the test of each name."""
    translations = tmp_path_factory.mktemp("bad-folders") / "translations"
    shutil.copytree(TRANSLATIONS, translations)
    for folder in BAD_FOLDERS:
        shutil.copytree(translations / "es", translations / folder)
    compiled, problems = compile_and_check(translations)
    return compiled, problems, create_app(test_config(TRANSLATIONS_DIR=translations))


@pytest.mark.parametrize("folder", BAD_FOLDERS)
def test_a_locale_folder_with_a_bad_code_is_skipped_with_a_reason(bad_folders, folder):
    compiled, problems, app = bad_folders
    assert f"{folder!r}" in compiled.stderr and f"{folder!r}" in problems
    assert folder not in app.config["LOCALES"] and "es" in app.config["LOCALES"]
    assert any(f"{folder!r}" in reason for reason in parts(app).skipped_locales)
    assert app.test_client().get(f"/{folder}/").status_code == 404


def test_a_truncated_compiled_catalogue_skips_its_language_and_check_says_so(translations_copy):
    flask("translations", "compile", "--translations-dir", str(translations_copy))
    mo = translations_copy / "ar" / "LC_MESSAGES" / "messages.mo"
    mo.write_bytes(mo.read_bytes()[:100])
    app = create_app(test_config(TRANSLATIONS_DIR=translations_copy))
    assert app.config["LOCALES"] == ("en", "es")
    assert any(str(mo) in reason for reason in parts(app).skipped_locales)
    assert app.test_client().get("/ar/").status_code == 404
    checked = flask("translations", "check", "--translations-dir", str(translations_copy))
    assert checked.returncode != 0 and str(mo) in checked.stderr


def test_an_html_file_in_place_of_a_catalogue_skips_its_language(translations_copy):
    path = po(translations_copy, "ar", "content")
    path.write_text("<!doctype html><html><body><h1>404 Not Found</h1></body></html>\n")
    compiled, problems = compile_and_check(translations_copy)
    assert f"not compiled: {path}" in compiled.stderr
    assert f"{path}: is not a catalogue" in problems
    app = create_app(test_config(TRANSLATIONS_DIR=translations_copy))
    assert "ar" not in app.config["LOCALES"]  # never English pages under /ar/


def test_translation_commands_honour_the_apps_translations_setting(translations_copy):
    env = {"FLASK_TRANSLATIONS_DIR": str(translations_copy)}
    replace_in(
        po(translations_copy, "es", "messages"),
        'msgstr "Salir de esta página"',
        'msgstr "Salir 100% de esta página"',
    )
    for mo in translations_copy.glob("*/LC_MESSAGES/*.mo"):
        mo.unlink()
    assert flask("translations", "compile", env=env).returncode == 0
    assert (translations_copy / "es" / "LC_MESSAGES" / "messages.mo").exists()
    checked = flask("translations", "check", env=env)
    assert checked.returncode != 0 and str(translations_copy) in checked.stderr


def test_content_check_honours_the_apps_content_setting(content_copy):
    path = content_copy / "case-studies" / "stopncii.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('title = "', 'title = "\u202e', 1))
    checked = flask("content", "check", env={"FLASK_CONTENT_DIR": str(content_copy)})
    assert checked.returncode != 0
    assert f"{path} [title]" in checked.stderr


def test_the_committed_catalogues_pass_the_stricter_check():
    assert flask("translations", "check").returncode == 0
