"""What goes into the build, and the layers that answer from it before Flask.

`write_site` renders the build through the app's own views: the stored pages, the error pages
of each language and mode (404, 405 and a refused Host), the pieces and frame of the library
page, the precache list and the worker. `serve_site` puts the layers in front of Flask:
StoredPages for every stored URL, then FastPages for a filtered library (joined from its
pieces) and for the stored error pages; everything else (forms, settings, the staff inbox)
reaches Flask.
"""

import hashlib
import json
import threading
from functools import partial

from flask import Flask, g, render_template
from jinja2.utils import url_quote
from markupsafe import Markup, escape
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.wrappers import Request

from ..guard import HOST_PROBLEM
from ..i18n import QUERY_SLOT, preferred_locale_of, translation_problems
from ..i18n.urls import page_path, split_page_path
from ..views.errors import STORED_ERRORS, error_headers, last_resort_pages, stored_error_key
from ..views.library_page import Item, Pieces, filtered_items, live_pieces
from .assets import IMMUTABLE, versioned_url
from .build import Build, BuildWriter, open_or_build
from .joined import CardsInSequence, CompressedAfter, JoinedPage, filled_in
from .pages import (
    StoredPages,
    answer,
    pages_not_saved,
    pages_to_store,
    prerender,
    query_values,
    stored_endpoints,
)
from .precache import precache_manifest
from .stored import Stored
from .worker import WORKER_URL, precache_list, precache_list_url, worker_script

# Where the filters and cards go in the stored frame of the library page.
FILTERED_SLOT = "\x1d"
# An address no page has, to render each language's 404 page.
MISSING_PAGE = "__steady-missing__"


def modes(app: Flask):
    for locale in app.config["LOCALES"]:
        for plain in (False, True):
            yield locale, plain


def write_site(app: Flask, writer: BuildWriter) -> None:
    # pages_to_store loads the library first: a broken content file raises ContentError,
    # naming file and field, before a single page is rendered.
    pages = prerender(app, pages_to_store(app))
    stored_pages = {**pages, **prerender(app, pages_not_saved(app))}
    for url, stored in stored_pages.items():
        writer.add(url, stored)
    writer.extra["stored_endpoints"] = stored_endpoints(app, stored_pages)
    assets = app.extensions["steady_assets"]
    for name, stored in assets.items():
        writer.write(f"static/{name}", stored)
    asset_urls = {versioned_url(name, stored): stored for name, stored in assets.items()}
    manifest = precache_manifest(pages, asset_urls, app.config["LOCALES"])
    writer.add(precache_list_url(manifest["version"]), precache_list(manifest), IMMUTABLE)
    worker = worker_script(
        app.config["SERVICE_WORKER_DIR"], manifest["version"], app.config["LOCALES"]
    )
    writer.add(WORKER_URL, worker)
    writer.extra["version"] = manifest["version"]
    writer.extra["errors"] = write_error_pages(app, writer)
    writer.extra["last_resort"] = {
        locale: writer.add_private(f"errors/500/{locale}.html", Stored.of(page, "text/html")).file
        for locale, page in last_resort_pages(app).items()
    }
    writer.extra["library_pages"] = {
        mode_name(locale, plain): write_library_page(app, writer, locale, plain)
        for locale, plain in modes(app)
    }
    writer.extra["translation_problems"] = [str(p) for p in translation_problems(app)]
    writer.extra["query_values"] = query_values(app.extensions["steady_libraries"].source)


def write_error_pages(app: Flask, writer: BuildWriter) -> dict[str, dict]:
    client, written = app.test_client(), {}
    for locale, plain in modes(app):
        # How to meet each stored error: an address no page has, a method the crisis page does
        # not take, a Host header refused (as app/guard.py HostGuard marks it).
        refused = {HOST_PROBLEM: "the Host header is malformed"}
        asking = {
            "404": ("GET", page_path(locale, plain, MISSING_PAGE), {}),
            "405": ("PUT", page_path(locale, plain, "crisis"), {}),
            "unserved-host": ("GET", page_path(locale, plain, ""), refused),
        }
        for kind in STORED_ERRORS:
            method, url, environ = asking[kind]
            response = client.open(
                url,
                method=method,
                base_url=app.config["SITE_URL"],
                headers={"Accept-Encoding": "identity"},
                environ_overrides=environ,
            )
            code = STORED_ERRORS[kind].code
            if response.status_code != code:
                raise RuntimeError(f"the {kind} page answered {response.status_code}")
            key = stored_error_key(kind, locale, plain)
            stored = Stored.of(response.get_data(), response.content_type)
            written[key] = writer.add_private(f"errors/{key}.html", stored).__dict__
    return written


def mode_name(locale: str, plain: bool) -> str:
    return f"{locale}-{'plain' if plain else 'full'}"


def write_library_page(app: Flask, writer: BuildWriter, locale: str, plain: bool) -> str:
    """The library page's every piece, and its frame with slots for the query and the
    filtered part, as one file the app reads on the first filtered request."""
    library = app.extensions["steady_libraries"][locale]
    with app.test_request_context(page_path(locale, plain, ""), app.config["SITE_URL"]):
        pieces = live_pieces(library)
        every = pieces.every_piece()
        g.query_slot = True
        html = render_template("library/index.html", filtered=Markup(FILTERED_SLOT))
    frame = split_frame(html)
    page = {
        "facet_keys": pieces.facet_keys,
        "cards": pieces.cards.cards,
        "pieces": [[list(key), text] for key, text in every.items()],
        "frame": frame,
    }
    stored = Stored.of(json.dumps(page, ensure_ascii=False), "application/json")
    return writer.add_private(f"library/{mode_name(locale, plain)}.json", stored).file


# The query slot as this_page_in leaves it in an attribute, and after |urlencode.
SLOTS = {QUERY_SLOT: "query", url_quote(QUERY_SLOT): "query-urlencoded", FILTERED_SLOT: "filtered"}


def split_frame(html: str) -> list[str]:
    """[text, slot, text, slot, ..., text]: the page split at each slot."""
    parts, rest = [], html
    while True:
        found = [(rest.find(mark), mark) for mark in SLOTS if mark in rest]
        if not found:
            return [*parts, rest]
        at, mark = min(found)
        parts += [rest[:at], SLOTS[mark]]
        rest = rest[at + len(mark) :]


class LibraryPage:
    """One language and mode of the library page, loaded from the build on first use: each
    piece kept encoded and compressed, so a request only joins bytes."""

    def __init__(self, data: dict):
        cards = [(slug, {t: tuple(k) for t, k in tags.items()}) for slug, tags in data["cards"]]
        facet_keys = {table: tuple(keys) for table, keys in data["facet_keys"].items()}
        texts = {tuple(key): text for key, text in data["pieces"]}
        self.cards = CardsInSequence([texts.pop(("card", slug)).encode() for slug, _ in cards])
        self.pieces = Pieces(facet_keys, cards)  # which cards and counts a query shows
        self.frame = data["frame"]
        texts.update({("frame", n): text for n, text in enumerate(self.frame[::2])})
        self.encoded = {key: text.encode() for key, text in texts.items()}
        self.compressed = CompressedAfter(self.encoded)

    def items(self, path: str, query: str, args) -> list[Item]:
        """The frame's parts with the slots filled: the query, and the filtered pieces."""
        filled = {
            "query": str(escape(f"?{query}")) if query else "",
            "query-urlencoded": str(escape(url_quote(f"?{query}"))) if query else "",
        }
        items: list[Item] = [("frame", 0)]
        for n, slot in enumerate(self.frame[1::2], 1):
            if slot == "filtered":
                items += filtered_items(self.pieces, path, args)
            else:
                items.append(filled[slot])
            items.append(("frame", n))
        return items

    def joined(self, path: str, query: str, args, etag: str) -> "JoinedPage":
        body: list[bytes] = []
        deflated: list[bytes] = []
        previous = None
        for item in self.items(path, query, args):
            if item.__class__ is tuple:
                data, compressed = self.compressed[previous, item]
                if not data:  # adds nothing (the easy-read page's filter form): the piece
                    continue  # before stays exactly what comes before the next one
                body.append(data)
                deflated.append(compressed)
                previous = item
            elif item.__class__ is str:
                data = item.encode()
                deflated.append(filled_in(data, body))
                body.append(data)
                previous = None
            else:
                self.cards.join(item, body, deflated)
                previous = None
        return JoinedPage(body, deflated, etag)


class FastPages:
    """WSGI middleware in front of Flask: a filtered library joined from its pieces, and the
    stored error pages: 404 for an address that no stored page or route answers, 405 for a
    method the address does not take, 400 for a Host refused (app/guard.py)."""

    def __init__(self, app, flask_app: Flask, build: Build):
        self.app, self.url_map, self.build = app, flask_app.url_map, build
        self.locales = flask_app.config["LOCALES"]
        self.errors = {key: build.entry_stored(e) for key, e in build.index["errors"].items()}
        self.stored_endpoints = frozenset(build.index["stored_endpoints"])
        self.library_pages: dict[str, LibraryPage] = {}
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        path, method = environ.get("PATH_INFO", ""), environ["REQUEST_METHOD"]
        here = split_page_path(path, self.locales)
        if HOST_PROBLEM in environ:  # whatever the method and address (app/guard.py)
            return self.error("unserved-host", environ, start_response, here)
        if method not in ("GET", "HEAD"):
            try:
                self.url_map.bind_to_environ(environ).match(path, method=method)
            except MethodNotAllowed as error:
                return self.error("405", environ, start_response, here, error_headers(error))
            except HTTPException:
                pass
            return self.app(environ, start_response)
        if here and here.rest == "" and path == page_path(here.locale, here.plain, ""):
            return self.filtered_library(environ, start_response, path, here)
        try:
            endpoint, _ = self.url_map.bind_to_environ(environ).match(path, method="GET")
        except NotFound:
            return self.error("404", environ, start_response, here)
        except HTTPException:  # a redirect: Flask answers it as a path (app/guard.py)
            return self.app(environ, start_response)
        if here and endpoint in self.stored_endpoints:
            # Every page of this route is stored, and StoredPages had none for this address
            # (a case study or an answer to Start here that does not exist).
            return self.error("404", environ, start_response, here)
        return self.app(environ, start_response)

    def error(self, kind: str, environ, start_response, here, headers=()):
        """A stored error page in the address's language and mode, or outside any language
        in the family's (as Flask would choose it)."""
        if here:
            key = stored_error_key(kind, here.locale, here.plain)
        else:
            key = stored_error_key(kind, preferred_locale_of(Request(environ), self.locales), False)
        status = STORED_ERRORS[kind].code
        return answer(self.errors[key], environ, start_response, "no-cache", status, headers)

    def filtered_library(self, environ, start_response, path, here):
        query = environ.get("QUERY_STRING", "")
        page = self.library_page(mode_name(here.locale, here.plain))
        # The bytes follow from the build, the address and the query alone.
        etag = hashlib.sha256(f"{self.build.folder.name}\0{path}\0{query}".encode()).hexdigest()
        joined = page.joined(path, query, Request(environ).args, etag[:16])
        return answer(joined, environ, start_response, "no-cache")

    def library_page(self, name: str) -> LibraryPage:
        with self.lock:
            if name not in self.library_pages:
                file = self.build.public / self.build.index["library_pages"][name]
                data = json.loads(file.read_text(encoding="utf-8"))
                self.library_pages[name] = LibraryPage(data)
            return self.library_pages[name]


def serve_site(app: Flask) -> Build:
    """Open the build for the app as it is (making it first if need be) and serve from it."""
    build = open_or_build(app, partial(write_site, app))
    app.extensions["steady_build"] = build
    app.extensions["steady_stored_errors"] = {
        key: build.entry_stored(entry) for key, entry in build.index["errors"].items()
    }
    app.extensions["steady_translation_problems"] = build.index["translation_problems"]
    app.extensions["steady_last_resort_pages"] = {
        locale: (build.public / file).read_bytes()
        for locale, file in build.index["last_resort"].items()
    }
    listing = build.stored(precache_list_url(build.index["version"]))
    app.extensions["steady_precache"] = {
        "version": build.index["version"],
        **json.loads(listing.read(False)),
    }
    fast = FastPages(app.wsgi_app, app, build)
    app.wsgi_app = StoredPages(fast, build, app.config["LOCALES"])
    return build
