"""What answers requests from a build, in front of Flask: StoredPages for every stored
address, LibraryAndErrorPages for a filtered library (joined from its pieces) and the stored
error pages. Everything else (forms, settings, the staff inbox) reaches Flask.
"""

import hashlib
import json
import threading
from collections.abc import Iterable
from http import HTTPStatus
from urllib.parse import parse_qsl, urlencode

from flask import Flask
from jinja2.utils import url_quote
from markupsafe import escape
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.wrappers import Request

from ..content.vocabulary import FACETS
from ..i18n import preferred_locale_of
from ..i18n.urls import page_path, split_page_path
from ..views.crisis import COUNTRY_PARAM
from ..views.library_page import Item, Pieces, filtered_items
from ..web.errors import STORED_ERRORS, error_headers, stored_error_key
from ..web.hosts import HOST_PROBLEM
from ..web.stored import Negotiated
from .build import Build, library_page_name, page_key
from .joined import CardsInSequence, CompressedAfter, JoinedPage, filled_in

# What a page reads of its query, by its address under a language: the library its filters, the
# crisis page one country. Every other page reads nothing of it.
QUERY_READ = {"": tuple(param for _table, param in FACETS), "crisis": (COUNTRY_PARAM,)}
# Read once: a second value is not read (the crisis page shows the first country it knows).
READ_ONCE = frozenset([COUNTRY_PARAM])


class QueryRead:
    """A page's query as the page reads it. A page asked for with more (a tracking tag such as
    utm_source or fbclid, another page's parameter, a value no page knows, a country twice) is
    the same page, so it is answered stored, not rendered per request: random queries would
    otherwise be the cheapest way to load the server, and carrying them into the page's links
    would help no one."""

    def __init__(self, locales: tuple[str, ...], values: dict[str, list[str]]):
        self.locales = locales
        self.values = {param: frozenset(known) for param, known in values.items()}

    def __call__(self, path: str, query: str) -> str:
        here = split_page_path(path, self.locales)
        reads = QUERY_READ.get(here.rest, ()) if here else ()
        kept: list[tuple[str, str]] = []
        for name, value in parse_qsl(query, keep_blank_values=True):
            known = name in reads and value in self.values[name]
            before = [v for n, v in kept if n == name]
            if known and value not in before and not (before and name in READ_ONCE):
                kept.append((name, value))
        return urlencode(kept)


def answer(
    stored: Negotiated,
    environ,
    start_response,
    cache_control: str,
    status: int = 200,
    extra_headers: Iterable[tuple[str, str]] = (),
):
    """A WSGI answer with prepared bytes, for a layer in front of Flask."""
    status, headers, body = stored.negotiate(
        environ.get("HTTP_ACCEPT_ENCODING", ""),
        environ.get("HTTP_IF_NONE_MATCH", ""),
        cache_control,
        status,
    )
    start_response(f"{status} {HTTPStatus(status).phrase}", [*headers, *extra_headers])
    return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [body]


class StoredPages:
    """WSGI middleware answering GET and HEAD for stored URLs; everything else goes on, and so
    does a request whose Host was refused, for Flask to answer 400 (app/web/hosts.py)."""

    def __init__(self, app, build: Build, locales: tuple[str, ...]):
        self.app, self.entries, self.public = app, build.entries, build.public
        self.query_read = QueryRead(locales, build.index["query_values"])

    def __call__(self, environ, start_response):
        entry = None
        if environ["REQUEST_METHOD"] in ("GET", "HEAD") and HOST_PROBLEM not in environ:
            path, query = environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", "")
            entry = self.entries.get(page_key(path, query))
            if entry is None and query:
                entry = self.entries.get(page_key(path, self.query_read(path, query)))
        if entry is None:
            return self.app(environ, start_response)
        return answer(entry.stored(self.public), environ, start_response, entry.cache_control)


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


class LibraryAndErrorPages:
    """WSGI middleware in front of Flask: a filtered library joined from its pieces, and the
    stored error pages: 404 for an address that no stored page or route answers, 405 for a
    method the address does not take, 400 for a Host refused (app/web/hosts.py)."""

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
        if HOST_PROBLEM in environ:  # whatever the method and address (app/web/hosts.py)
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
        except HTTPException:  # a redirect: Flask answers it as a path (app/web/hosts.py)
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
        page = self.library_page(library_page_name(here.locale, here.plain))
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
