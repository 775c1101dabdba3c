"""What goes into a build: every page the same for every visitor, the error pages (the app's,
and those of the errors a web server in front answers itself), the pieces of the library page,
the precache list and the worker.

`write_site` renders them through the app's own views (the test client), so the very same
code renders a page whether it is stored or not. Only the pages listed by `pages_to_store`
(and `pages_not_saved`) are stored; a page that depends on the visitor (a session, a login, a
form post) is refused if it is ever listed, so it can never be served to someone else.
"""

import json

from flask import Flask, g, render_template, url_for
from jinja2.utils import url_quote
from markupsafe import Markup

from ..content.vocabulary import FACETS
from ..i18n import QUERY_SLOT, translation_problems
from ..i18n.locales import SOURCE_LOCALE
from ..i18n.urls import page_path
from ..parts import parts
from ..views.crisis import COUNTRY_PARAM
from ..views.library_page import live_pieces
from ..web.assets import IMMUTABLE, versioned_url
from ..web.errors import SERVER_ERRORS, STORED_ERRORS, error_pages, stored_error_key
from ..web.hosts import HOST_PROBLEM
from ..web.stored import Stored
from .build import BuildWriter, library_page_name, server_error_file, url_key
from .precache import bundles, precache_manifest
from .rendering import prerender
from .worker import WORKER_URL, precache_lists, worker_code, worker_script

# Where the filters and cards go in the stored frame of the library page.
FILTERED_SLOT = "\x1d"
# The query slot as this_page_in leaves it in an attribute, and after |urlencode; each slot
# is named in the frame as the library page served from the build fills it (serve.py).
SLOTS = {QUERY_SLOT: "query", url_quote(QUERY_SLOT): "query-urlencoded", FILTERED_SLOT: "filtered"}
# An address no page has, to render each language's 404 page.
MISSING_PAGE = "__steady-missing__"


def stored_urls(app: Flask) -> list[tuple[str, bool, bool]]:
    """Every address of every route marked stored (app/views/routes.py), with whether the worker
    saves it offline and whether it is help of the first hour: in each language and mode the
    route has, each page its values name."""
    library = parts(app).libraries.source
    urls = []
    with app.test_request_context(base_url=app.config["SITE_URL"]):
        for rule in app.url_map.iter_rules():
            route = getattr(app.view_functions[rule.endpoint], "stored", None)
            if route is None:
                continue
            mode = {"plain": rule.defaults["plain"]} if "plain" in (rule.defaults or {}) else {}
            saved = route.plain_saved_offline or not mode.get("plain")
            languages = [{"locale": locale} for locale in app.config["LOCALES"]]
            for language in languages if "locale" in rule.arguments else [{}]:
                for values in route.values(library):
                    url = url_for(rule.endpoint, **language, **mode, **values)
                    # The standard pages only: offline, an easy-read page not saved yet
                    # opens its standard twin (service_worker/strategies.js).
                    first = route.is_first_hour(values) and not mode.get("plain")
                    urls.append((url, saved, first))
    return urls


def pages_to_store(app: Flask) -> list[str]:
    """Every page that is the same for every visitor and saved offline: rendered once into the
    build (with `pages_not_saved`)."""
    return [url for url, saved, _ in stored_urls(app) if saved]


def pages_not_saved(app: Flask) -> list[str]:
    """Pages stored like the others but not saved offline (the easy-read Start here pages)."""
    return [url for url, saved, _ in stored_urls(app) if not saved]


def first_hour_pages(app: Flask) -> frozenset[str]:
    """The saved pages the worker saves before the rest of their language, by their key."""
    urls = [url for url, saved, first in stored_urls(app) if saved and first]
    return frozenset(url_key(url) for url in urls)


def query_values(library) -> dict[str, list[str]]:
    """The values each parameter a page reads can take: kept in the build, as a worker serving
    it does not load the library."""
    return {
        COUNTRY_PARAM: sorted(library.crisis.countries),
        **{param: list(library.vocabulary.keys(table)) for table, param in FACETS},
    }


def stored_endpoints(app: Flask, urls) -> list[str]:
    """The routes of the stored pages. The build stores every page of each (a route reads no
    query but its own, and every case study, country and answer is listed), so an address of
    one of them that is not stored is not a page."""
    adapter = app.url_map.bind("localhost")
    return sorted({adapter.match(url.partition("?")[0], method="GET")[0] for url in urls})


def modes(app: Flask):
    for locale in app.config["LOCALES"]:
        for plain in (False, True):
            yield locale, plain


def write_site(app: Flask, writer: BuildWriter) -> None:
    # pages_to_store loads the library first: a broken content file raises ContentError,
    # naming file and field, before a single page is rendered.
    before = writer.compressed_before
    pages = prerender(app, pages_to_store(app), before)
    stored_pages = {**pages, **prerender(app, pages_not_saved(app), before)}
    for url, stored in stored_pages.items():
        writer.add(url, stored)
    writer.extra["stored_endpoints"] = stored_endpoints(app, stored_pages)
    assets = parts(app).assets
    for name, stored in assets.items():
        writer.write(f"static/{name}", stored)
    asset_urls = {versioned_url(name, stored): stored for name, stored in assets.items()}
    first_hour = first_hour_pages(app)
    code = worker_code(app.config["SERVICE_WORKER_DIR"])
    manifest = precache_manifest(pages, asset_urls, app.config["LOCALES"], first_hour, code)
    for url, stored in precache_lists(manifest).items():
        writer.add(url, stored, IMMUTABLE)
    for url, stored in bundles(manifest, {**pages, **asset_urls}).items():
        writer.add(url, stored, IMMUTABLE)
    worker = worker_script(code, manifest["version"], app.config["LOCALES"], assets)
    writer.add(WORKER_URL, worker)
    writer.extra["precache"] = manifest
    writer.extra["errors"] = write_error_pages(app, writer)
    write_server_error_pages(app, writer)
    writer.extra["last_resort"] = {
        locale: server_error_file(500, locale) for locale in app.config["LOCALES"]
    }
    writer.extra["library_pages"] = {
        library_page_name(locale, plain): write_library_page(app, writer, locale, plain)
        for locale, plain in modes(app)
    }
    writer.extra["translation_problems"] = [str(p) for p in translation_problems(app)]
    writer.extra["query_values"] = query_values(parts(app).libraries.source)


def write_error_pages(app: Flask, writer: BuildWriter) -> dict[str, dict]:
    client, written = app.test_client(), {}
    for locale, plain in modes(app):
        # How to meet each stored error: an address no page has, a method the crisis page does
        # not take, a Host header refused (as app/web/hosts.py HostGuard marks it).
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


def write_server_error_pages(app: Flask, writer: BuildWriter) -> None:
    """Our page for each error a web server in front of the app answers itself, in every
    language and once more for an address in none, where `flask export` writes them: nginx
    sends them while the app is down (deploy/nginx/steady.conf)."""
    for error in SERVER_ERRORS:
        for locale, page in error_pages(app, error()).items():
            stored = Stored.of(page, "text/html; charset=utf-8")
            writer.write(server_error_file(error.code, locale), stored)
            if locale == SOURCE_LOCALE:
                writer.write(server_error_file(error.code), stored)


def write_library_page(app: Flask, writer: BuildWriter, locale: str, plain: bool) -> str:
    """The library page's every piece, and its frame with slots for the query and the
    filtered part, as one file the app reads on the first filtered request."""
    library = parts(app).libraries[locale]
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
    return writer.add_private(f"library/{library_page_name(locale, plain)}.json", stored).file


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
