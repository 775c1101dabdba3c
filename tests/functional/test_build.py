"""The build: made once, shared by every worker, refused for bad content; and the pages joined or
stored from it are the very pages the views render."""

import gzip
import itertools
import random
import re
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner
from flask import Flask

from app import create_app
from app.cli.build import build as build_command
from app.config import load_config
from app.content import ContentError
from app.content.vocabulary import FACETS
from app.delivery.build import fingerprint
from app.delivery.joined import CardsInSequence, JoinedPage, stored_block
from app.i18n import LOCALE_COOKIE
from app.i18n.urls import page_path
from app.parts import parts
from app.views.library_page import Cards
from tests.support.apps import (
    CONTENT,
    ROOT,
    copy_translations,
    test_config,
    test_environ,
    test_folders,
)
from tests.support.codings import DECOMPRESS


def rendered_by_flask(app, url: str) -> tuple[int, bytes]:
    """The page as the view renders it, without any layer in front of Flask."""
    with app.test_request_context(url):
        response = app.full_dispatch_request()
        return response.status_code, response.get_data()


def filter_queries(library) -> list[str]:
    keys = {param: list(library.vocabulary.keys(table)) for table, param in FACETS}
    every = "&".join(f"{param}={key}" for param, values in keys.items() for key in values)
    chance = random.Random(13)
    queries = [
        "topic=tools",
        "age=16-18&topic=tools",
        "topic=mental-health&topic=image-removal",
        "age=under-13&profile=gamer&topic=mental-health&context=english-second",  # none match
        "topic=%3Cscript%3E&age=nonsense&topic=tools",  # unknown values are ignored
        "utm_source=x&topic=tools&topic=tools",
        every,
    ]
    for _ in range(12):
        chosen = [
            f"{param}={key}"
            for param, values in keys.items()
            for key in chance.sample(values, chance.randint(0, 2))
        ]
        queries.append("&".join(chance.sample(chosen, len(chosen))))
    return queries


def test_a_filtered_library_is_the_page_the_view_renders(app, client, library):
    for locale, plain in itertools.product(app.config["LOCALES"], (False, True)):
        path = page_path(locale, plain, "")
        for query in filter_queries(library):
            url = f"{path}?{query}"
            joined = client.get(url)
            assert joined.status_code == 200
            assert joined.get_data() == rendered_by_flask(app, url)[1], url
            compressed = client.get(url, headers={"Accept-Encoding": "gzip"})
            assert compressed.headers["Content-Encoding"] == "gzip"
            assert gzip.decompress(compressed.get_data()) == joined.get_data(), url
            # Compressed, though pieces compressed apart do less well than a whole page would.
            assert len(compressed.get_data()) < len(joined.get_data()) * 0.7


def test_a_library_query_that_chooses_nothing_is_the_stored_page(app, client):
    for locale, plain in itertools.product(app.config["LOCALES"], (False, True)):
        path = page_path(locale, plain, "")
        stored = client.get(path)
        assert stored.get_data() == rendered_by_flask(app, path)[1]
        for query in ("utm_source=x", "topic=%3Cscript%3E&age=nonsense", "country=gb"):
            asked = client.get(f"{path}?{query}")
            assert asked.get_data() == stored.get_data(), query
            assert asked.headers["ETag"] == stored.headers["ETag"]


def test_easy_read_start_pages_are_stored_but_not_saved_offline(app, client):
    url = "/en/plain/start/under-18/gb/shared"
    assert url in parts(app).build.entries
    assert client.get(url).get_data() == rendered_by_flask(app, url)[1]
    precache = parts(app).precache
    saved = {e["url"] for e in precache["core"] + sum(precache["locales"].values(), [])}
    assert url not in saved and url.replace("/plain", "") in saved


@pytest.mark.parametrize(
    "url", ["/en/nope", "/es/plain/nope", "/ar/a/b/c", "/en/case-studies/nope", "/xx/"]
)
def test_the_404_page_is_stored_for_each_language_and_mode(client, url):
    response = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 404
    assert response.headers["Content-Encoding"] == "gzip" and response.headers["ETag"]
    html = gzip.decompress(response.get_data()).decode()
    locale = url.split("/")[1] if url != "/xx/" else "en"
    assert html.startswith(f'<!doctype html>\n<html lang="{locale}"')
    assert ('<body class="plain">' in html) == ("/plain/" in url)
    # The page is about no address in particular: other languages lead to their libraries.
    assert "nope" not in html and "/a/b/c" not in html


@pytest.mark.parametrize(
    ("accept_language", "saved", "locale"),
    [("", None, "en"), ("es-MX,es;q=0.9,en;q=0.5", None, "es"), ("es", "ar", "ar")],
)
def test_a_404_outside_any_language_is_in_the_familys_language(app, accept_language, saved, locale):
    client = app.test_client()
    if saved:
        client.set_cookie(LOCALE_COOKIE, saved)
    for url in ("/no-such-page", "/xx/case-studies/stopncii"):
        response = client.get(url, headers={"Accept-Language": accept_language})
        assert response.status_code == 404
        assert response.get_data() == client.get(f"/{locale}/no-such-page").get_data()


def test_a_worker_opening_a_finished_build_never_loads_the_library(app):
    again = create_app(test_config())
    assert parts(again).build.folder == parts(app).build.folder
    libraries = parts(again).libraries
    client = again.test_client()
    for url in ("/en/case-studies/stopncii", "/es/?topic=tools", "/sw.js", "/en/crisis?country=zz"):
        assert client.get(url).status_code == 200, url
    # Not a page: no route, or a route whose every page is stored (no such case, age, country).
    for url in ("/ar/nope", "/en/case-studies/nope", "/es/plain/start/under-18/zz", "/ar/start/x"):
        assert client.get(url).status_code == 404, url
    assert "source" not in vars(libraries) and libraries.by_locale == {}
    assert parts(again).translation_problems == [
        str(problem) for problem in parts(app).translation_problems
    ]


# Libraries only some processes use, each imported on first use: together they would cost every
# web worker about 40 MB (Alembic migrates, Redis and PostgreSQL are optional, the queue and the
# sender push, textstat measures reading levels for `flask content check`).
IMPORTED_ON_FIRST_USE = (
    "alembic",
    "redis",
    "huey",
    "pywebpush",
    "requests",
    "psycopg",
    "textstat",
)


def test_a_worker_starts_without_what_only_some_processes_use(app):
    started = "import sys; from app import create_app; create_app(); print(*sys.modules)"
    output = subprocess.run(
        [sys.executable, "-c", started],
        cwd=ROOT,
        env=test_environ(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    imported = {name.partition(".")[0] for name in output.split()}
    assert "flask" in imported and not imported & set(IMPORTED_ON_FIRST_USE)


def build_name(**settings) -> str:
    """The folder a build of these settings gets, a fingerprint of what it is made of, found
    without building."""
    probe = Flask(__name__)
    load_config(probe.config, test_config(**settings))
    return fingerprint(probe.config)


@pytest.mark.parametrize(
    ("setting", "folder", "changed"),
    [
        ("CONTENT_DIR", "content", "case-studies/stopncii.toml"),
        ("CONTENT_DIR", "content", "case-studies/stopncii.svg"),
        ("CONTENT_DIR", "content", "case-studies/new.toml"),
        ("TRANSLATIONS_DIR", "translations", "es/LC_MESSAGES/content.mo"),
        ("STATIC_DIR", "static", "css/steady.css"),
        ("SERVICE_WORKER_DIR", "service_worker", "push.js"),
    ],
)
def test_any_change_to_a_file_the_site_is_made_of_names_a_new_build(
    tmp_path, setting, folder, changed
):
    copy = tmp_path / folder
    shutil.copytree(ROOT / folder, copy)
    # Not where the files are: a copy of them shares the build (the tests' copies do).
    assert build_name(**{setting: copy}) == build_name()
    with (copy / changed).open("a", encoding="utf-8") as file:
        file.write("\n")
    assert build_name(**{setting: copy}) != build_name()


@pytest.mark.parametrize(
    ("setting", "value"), [("SITE_URL", "https://steady.example"), ("THEME_COLOUR", "#000000")]
)
def test_a_setting_the_pages_show_names_a_new_build(setting, value):
    assert build_name(**{setting: value}) != build_name()


def break_date(case_file) -> None:
    text = case_file.read_text(encoding="utf-8")
    case_file.write_text(re.sub(r"(?m)^updated = .*$", 'updated = "soon"', text), encoding="utf-8")


def test_bad_content_is_refused_with_file_and_field_though_a_build_exists(app, content_copy):
    settings = test_config(CONTENT_DIR=content_copy)
    # A build of this very content exists: the app's own (a copy shares its build).
    made = parts(create_app(settings)).build.folder
    assert made == parts(app).build.folder
    builds = sorted(settings["BUILD_DIR"].iterdir())
    break_date(content_copy / "case-studies" / "stopncii.toml")
    with pytest.raises(ContentError) as refused:
        create_app(settings)
    assert "stopncii.toml" in str(refused.value) and "updated" in str(refused.value)
    assert sorted(settings["BUILD_DIR"].iterdir()) == builds  # nothing written


@pytest.fixture(scope="module")
def changed_app(tmp_path_factory):
    """The app on a copy of the content changed twice, built once for the two tests below: a
    case study's title, and 20 case studies more (copies of one)."""
    content = tmp_path_factory.mktemp("changed") / "content"
    shutil.copytree(CONTENT, content)
    cases = content / "case-studies"
    model = (cases / "stopncii.toml").read_text(encoding="utf-8")
    for n in range(20):
        (cases / f"more-{n:02d}.toml").write_text(model, encoding="utf-8")
        (cases / f"more-{n:02d}.svg").write_bytes((cases / "stopncii.svg").read_bytes())
    changed = model.replace('title = "', 'title = "New: ', 1)
    (cases / "stopncii.toml").write_text(changed, encoding="utf-8")
    return create_app(test_config(CONTENT_DIR=content))


def test_a_content_change_is_a_new_build_and_a_new_worker(app, changed_app):
    before, after = app, changed_app
    assert parts(after).build.folder.name == fingerprint(after.config)
    assert parts(after).build.folder != parts(before).build.folder
    old_worker = before.test_client().get("/sw.js").get_data()
    new_worker = after.test_client().get("/sw.js").get_data()
    assert old_worker != new_worker  # the browser sees a new version
    html = after.test_client().get("/en/case-studies/stopncii").get_data(as_text=True)
    assert "New: " in html


def test_a_build_after_a_change_holds_its_own_bytes_in_every_coding(app, changed_app):
    """The changed build reuses the forms the first one compressed for the same bytes: every
    form it holds is its own page's, the changed pages' included."""
    build, first = parts(changed_app).build, parts(app).build
    assert build.folder.parent == first.folder.parent  # the first build was there to reuse
    kept = 0
    for url, entry in build.entries.items():
        stored = entry.stored(build.public)
        plain = stored.read(None)
        for coding in stored.codings:
            assert DECOMPRESS[coding](stored.read(coding)) == plain, (url, coding)
        kept += url in first.entries and first.entries[url].etag == entry.etag
    assert 0 < kept < len(build.entries)


def test_the_worker_script_does_not_grow_with_the_library(app, changed_app):
    bigger = changed_app
    scripts = [a.test_client().get("/sw.js").get_data() for a in (app, bigger)]
    assert len(scripts[0]) == len(scripts[1])  # only the version differs
    client = bigger.test_client()
    first_line = scripts[1].decode().splitlines()[0]
    list_url = first_line.split('"precacheUrl":"')[1].split('"')[0].replace("{locale}", "en")
    listing = client.get(list_url)
    assert listing.status_code == 200 and "immutable" in listing.headers["Cache-Control"]
    saved = {entry["url"] for entry in listing.get_json()["pages"]}
    assert "/en/case-studies/more-19" in saved and "/en/plain/case-studies/more-00" in saved


def test_workers_starting_together_build_once(content_copy, tmp_path):
    # A build folder of their own: no build of this content may exist yet. Three languages, so
    # the three finish within the time however busy the machine is.
    translations = copy_translations(tmp_path / "translations")
    start = (
        "import sys; from app import create_app; create_app({'CONTENT_DIR': sys.argv[1], "
        "'BUILD_DIR': sys.argv[2], 'TRANSLATIONS_DIR': sys.argv[3]})"
    )
    command = [sys.executable, "-c", start, str(content_copy), str(tmp_path / "build")]
    command.append(str(translations))
    workers = [subprocess.Popen(command, cwd=ROOT, env=test_environ()) for _ in range(3)]
    try:
        assert [worker.wait(timeout=120) for worker in workers] == [0, 0, 0]
    finally:
        for worker in workers:  # none left running into the next test
            worker.kill()
            worker.wait()
    folders = [p for p in (tmp_path / "build").iterdir() if p.is_dir()]
    assert len(folders) == 1 and not folders[0].name.startswith(".")


def test_flask_build_builds_once_and_refuses_bad_content_by_name(app, content_copy, monkeypatch):
    for name, value in test_folders().items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("FLASK_CONTENT_DIR", str(content_copy))
    runner = CliRunner()
    first = runner.invoke(build_command)
    assert first.exit_code == 0 and "pages and files ready" in first.output
    # The content is the app's: its build, made once, is the one opened.
    assert f"{parts(app).build.folder}:" in first.output
    builds = sorted(app.config["BUILD_DIR"].iterdir())
    break_date(content_copy / "case-studies" / "stopncii.toml")
    refused = runner.invoke(build_command)
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    assert "stopncii.toml [updated]" in refused.output
    assert sorted(app.config["BUILD_DIR"].iterdir()) == builds  # the last good one stays


def test_a_filtered_page_holds_only_the_matching_cards_and_says_so(client, library):
    matching = {c.slug for c in library.case_studies if "mental-health" in c.tags["topics"]}
    assert 0 < len(matching) < len(library.case_studies)
    html = client.get("/en/?topic=mental-health").get_data(as_text=True)
    assert '<ul class="cards" data-partial>' in html
    assert set(re.findall(r'<h2 id="card-([a-z0-9-]+)"', html)) == matching
    assert f"{len(matching)} of {len(library.case_studies)} case studies" in html
    every = client.get("/en/").get_data(as_text=True)
    assert '<ul class="cards">' in every
    assert len(re.findall(r'<h2 id="card-', every)) == len(library.case_studies)


def test_cards_joined_in_any_selection_decompress_exactly():
    """Cards compressed after runs of those before them, joined as a filter picks them: the
    stream must decode to exactly the cards, whatever falls out (here 120 cards, over 32 KB)."""
    chance = random.Random(7)
    words = "card parent teen report block help call safe image tool guide".split()
    cards = [
        f'<li class="card" data-n="{n}">{" ".join(chance.choices(words, k=150))}</li>'.encode()
        for n in range(120)
    ]
    sequence = CardsInSequence(cards)
    library = Cards([(f"card-{n}", {}) for n in range(len(cards))])
    for share in (1.0, 0.97, 0.8, 0.5, 0.1, 0.0):
        matched = sum(1 << n for n in range(len(cards)) if chance.random() < share)
        body, deflated = [b"<ul>"], [stored_block(b"<ul>")]
        sequence.join(library.shown(matched), body, deflated)
        page = JoinedPage(body, deflated, "etag")
        shown = b"".join(card for n, card in enumerate(cards) if matched >> n & 1)
        assert gzip.decompress(page.read("gzip")) == b"<ul>" + shown


@pytest.mark.parametrize(
    "bits, runs",
    [
        ("", []),
        ("1", [(0, 1)]),
        ("0110", [(1, 3)]),
        ("1101110001", [(0, 2), (3, 6), (9, 10)]),
        ("0" * 70 + "1" * 60, [(70, 130)]),
    ],
)
def test_shown_cards_are_runs_of_neighbours(bits, runs):
    library = Cards([(f"card-{n}", {}) for n in range(len(bits))])
    matched = sum(1 << n for n, bit in enumerate(bits) if bit == "1")
    assert library.shown(matched) == runs
