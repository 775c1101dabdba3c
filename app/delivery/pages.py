"""Pages rendered once into the build and answered before Flask, and finishing for the others.

The build asks the app for each page that is the same for every visitor (through the test
client, so the very same views render them) and keeps the bytes (app/delivery/build.py). A GET
or HEAD for one of those URLs is answered by StoredPages in front of Flask, before any routing:
such a page costs about as much as a bare handler returning a constant. Only the pages listed
by `pages_to_store` take that path; a page that depends on the visitor (a session, a login, a
form post) is refused by the build if it is ever listed, so it can never be served to someone
else. Security headers are added outside both paths (app/security.py).
"""

from collections.abc import Iterable
from http import HTTPStatus
from urllib.parse import parse_qsl, urlencode

from flask import Flask, Response

from ..content.vocabulary import FACETS
from ..guard import HOST_PROBLEM
from ..i18n.urls import page_path, split_page_path
from ..views.crisis import COUNTRY_PARAM
from ..views.start import start_paths
from .build import Build
from .stored import Negotiated, Stored

# Pages under every locale and reading mode that are the same for every visitor.
LOCALIZED_PAGES = (
    "",
    "about",
    "crisis",
    "offline",
    "install",
    "contact",
    "contact/thanks",
    "notifications",
)


def pages_to_store(app: Flask) -> list[str]:
    """Every page that is the same for every visitor and saved offline: rendered once into the
    build (with `pages_not_saved`)."""
    library = app.extensions["steady_libraries"].source
    urls = ["/blank"]
    for locale in app.config["LOCALES"]:
        urls += [f"/{locale}/manifest.webmanifest", f"/{locale}/script-texts.js"]
        for plain in (False, True):
            urls += [page_path(locale, plain, rest) for rest in LOCALIZED_PAGES]
            crisis = page_path(locale, plain, "crisis")
            urls += [f"{crisis}?{COUNTRY_PARAM}={code}" for code in library.crisis.countries]
            urls += [
                page_path(locale, plain, f"case-studies/{c.slug}") for c in library.case_studies
            ]
        urls += [page_path(locale, False, rest) for rest in start_paths(library.crisis.countries)]
    return urls


def pages_not_saved(app: Flask) -> list[str]:
    """Pages stored like the others but not saved offline. Start here is saved once per
    language: offline, an easy-read page of it opens its standard twin instead
    (service_worker/strategies.js), as its questions are short."""
    countries = app.extensions["steady_libraries"].source.crisis.countries
    return [
        page_path(locale, True, rest)
        for locale in app.config["LOCALES"]
        for rest in start_paths(countries)
    ]


def page_key(path: str, query: str) -> str:
    return f"{path}?{query}" if query else path


# What a page reads of its query, by its address under a language: the library its filters, the
# crisis page one country. Every other page reads nothing of it.
QUERY_READ = {"": tuple(param for _table, param in FACETS), "crisis": (COUNTRY_PARAM,)}
# Read once: a second value is not read (the crisis page shows the first country it knows).
READ_ONCE = frozenset([COUNTRY_PARAM])


def query_values(library) -> dict[str, list[str]]:
    """The values each parameter a page reads can take: kept in the build, as a worker serving
    it does not load the library."""
    return {
        COUNTRY_PARAM: sorted(library.crisis.countries),
        **{param: list(library.vocabulary.keys(table)) for table, param in FACETS},
    }


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
    does a request whose Host was refused, for Flask to answer 400 (app/guard.py)."""

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


HEADERS_SET_BY_STORED = {"content-type", "content-length", "etag", "cache-control", "vary"}


def finish_dynamic_page(response: Response) -> Response:
    """Compress and tag a page rendered on request, so it costs as little as a stored one."""
    if (
        "ETag" not in response.headers  # stored pages and assets are tagged already
        and response.mimetype == "text/html"
        and not response.direct_passthrough
        and not response.content_encoding
        and response.status_code in (200, 404)
    ):
        stored = Stored.of(response.get_data(), response.content_type)
        finished = stored.response(
            response.status_code, response.headers.get("Cache-Control", "no-cache")
        )
        for name, value in response.headers.items():
            if name.lower() not in HEADERS_SET_BY_STORED:
                finished.headers.setdefault(name, value)
        return finished
    return response


class VisitorDependentPage(RuntimeError):
    """A page listed for storing depends on who asks for it: storing it would leak it."""


def visitor_dependence(response: Response) -> str | None:
    """Why a response may differ from one visitor to the next, or None when it may not."""
    if "Set-Cookie" in response.headers:
        return "it sets a cookie"
    if "cookie" in response.vary or "authorization" in response.vary:
        return "it varies with the visitor's cookie or login"
    if response.cache_control.private or response.cache_control.no_store:
        return "it is marked private or no-store"
    return None


def stored_endpoints(app: Flask, urls) -> list[str]:
    """The routes of the stored pages. The build stores every page of each (a route reads no
    query but its own, and every case study, country and answer is listed), so an address of
    one of them that is not stored is not a page."""
    adapter = app.url_map.bind("localhost")
    return sorted({adapter.match(url.partition("?")[0], method="GET")[0] for url in urls})


def prerender(app: Flask, urls: list[str]) -> dict[str, Stored]:
    """Render each URL through the app; a page that does not render stops the build."""
    pages = {}
    client = app.test_client()
    for url in urls:
        # Asked as a visitor to our own address would, so any TRUSTED_HOSTS list admits it.
        response = client.get(
            url, base_url=app.config.get("SITE_URL"), headers={"Accept-Encoding": "identity"}
        )
        if response.status_code != 200:
            raise RuntimeError(f"pre-rendering {url} answered {response.status_code}")
        why = visitor_dependence(response)
        if why:
            raise VisitorDependentPage(f"{url} cannot be stored: {why}")
        path, _, query = url.partition("?")
        pages[page_key(path, query)] = Stored.of(response.get_data(), response.content_type)
    return pages


def init_app(app: Flask) -> None:
    app.after_request(finish_dynamic_page)
