"""The stages the worker saves, derived from what the views mark (never a list of addresses),
and the bundles that carry each stage in one response."""

import gzip
import json

import pytest

from app.content.crisis import ANOTHER_COUNTRY
from app.delivery.bundle import LINES, LineBook
from app.delivery.precache import bundle_url, stage_entries
from app.parts import parts
from app.views.start import AGES


def cut_apart(body: bytes) -> dict[str, tuple[str, bytes]]:
    """A bundle's files as the worker reads them: {url: (content type, bytes)}."""
    head, _, rest = body.partition(b"\n")
    files, book = {}, []
    for url, content_type, size, form in json.loads(head):
        if form == LINES:
            line, _, rest = rest.partition(b"\n")
            data = LineBook.read(json.loads(line), book).encode()
        else:
            data, rest = rest[:size], rest[size:]
        assert len(data) == size, url
        files[url] = (content_type, data)
    assert rest == b"", "bytes after the last file"
    return files


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_the_first_hour_of_a_language_is_its_crisis_help_and_start_here_for_any_country(
    app, library, locale
):
    first = set(parts(app).precache["first"][locale])
    every = {e["url"] for e in parts(app).precache["locales"][locale]}
    for age in AGES:
        situations = [s.key for s in library.checklists.for_age(age)]
        assert situations
        assert {f"/{locale}/start/{age}", f"/{locale}/start/{age}/{ANOTHER_COUNTRY}"} <= first
        assert {f"/{locale}/start/{age}/{ANOTHER_COUNTRY}/{s}" for s in situations} <= first
        # Each country's pages come with the rest of the language: saved, but not first.
        for code in set(library.crisis.countries) - {ANOTHER_COUNTRY}:
            assert f"/{locale}/crisis?country={code}" in every - first
            assert f"/{locale}/start/{age}/{code}" in every - first
            assert {f"/{locale}/start/{age}/{code}/{s}" for s in situations} <= every - first
    assert {f"/{locale}/crisis", f"/{locale}/offline", f"/{locale}/script-texts.js"} <= first
    # The rest of the language comes after: case studies, easy-read pages, other languages.
    assert not [url for url in first if "/case-studies/" in url or "/plain/" in url]
    assert not [url for url in first if not url.startswith(f"/{locale}/")]


def test_the_core_saved_first_is_what_those_pages_load(app):
    precache = parts(app).precache
    essential = precache["essential"]
    assert any(url.startswith("/static/css/steady.css?") for url in essential)
    assert any(url.startswith("/static/js/steady.js?") for url in essential)
    # Install icons and the scripts of other pages wait for the second stage.
    assert not any("icon-512" in url or "/js/contact.js" in url for url in essential)
    stages = stage_entries(precache)
    every = {e["url"] for e in precache["core"]} | {
        e["url"] for entries in precache["locales"].values() for e in entries
    }
    assert set().union(*({e["url"] for e in s} for s in stages.values())) == every


def test_each_bundle_holds_its_stage_byte_for_byte_compressed_as_one(app, client):
    precache = parts(app).precache
    for kind, entries in stage_entries(precache).items():
        response = client.get(
            bundle_url(kind, precache["version"]), headers={"Accept-Encoding": "gzip"}
        )
        assert response.status_code == 200
        assert "immutable" in response.headers["Cache-Control"]
        files = cut_apart(gzip.decompress(response.get_data()))
        assert list(files) == [e["url"] for e in entries], kind
        for url, (content_type, body) in files.items():
            page = client.get(url)
            assert body == page.get_data() and content_type == page.content_type, url
    # Every line the pages share sent once: far smaller than its pages compressed one by one.
    pages_en = stage_entries(precache)["pages-en"]
    one_by_one = sum(
        len(client.get(e["url"], headers={"Accept-Encoding": "gzip"}).get_data()) for e in pages_en
    )
    bundled = client.get(
        bundle_url("pages-en", precache["version"]), headers={"Accept-Encoding": "gzip"}
    )
    assert len(bundled.get_data()) < one_by_one / 8
