"""Pages rendered once into the build and answered before Flask, and finishing for the others.

The build asks the app for each page that is the same for every visitor (through the test
client, so the very same views render them) and keeps the bytes (app/delivery/build.py). A GET
or HEAD for one of those URLs is answered by StoredPages in front of Flask, before any routing:
such a page costs about as much as a bare handler returning a constant. Only the pages listed
by `pages_to_store` take that path; a page that depends on the visitor (a session, a login, a
form post) is refused by the build if it is ever listed, so it can never be served to someone
else. Security headers are added outside both paths (app/security.py).
"""

from http import HTTPStatus
from urllib.parse import parse_qsl, urlencode

from flask import Flask, Response

from ..content.vocabulary import FACETS
from ..guard import HOST_PROBLEM
from ..i18n.urls import page_path
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
    """Every page that is the same for every visitor: rendered once into the build."""
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
        # Start here once per language: an easy-read page of it that is not saved opens its
        # standard twin offline (service_worker/strategies.js), and its questions are short.
        urls += [page_path(locale, False, rest) for rest in start_paths(library.crisis.countries)]
    return urls


def page_key(path: str, query: str) -> str:
    return f"{path}?{query}" if query else path


# The only query parameters any page reads: the library's filters and the crisis page's country.
PARAMS_READ = frozenset([COUNTRY_PARAM, *(param for _table, param in FACETS)])


def params_read(query: str) -> str:
    """The query without what no page reads: a link shared with a tracking tag (utm_source,
    fbclid) or a made-up parameter asks for the same page as without it."""
    pairs = parse_qsl(query, keep_blank_values=True)
    return urlencode([(name, value) for name, value in pairs if name in PARAMS_READ])


def answer(stored: Negotiated, environ, start_response, cache_control: str, status: int = 200):
    """A WSGI answer with prepared bytes, for a layer in front of Flask."""
    status, headers, body = stored.negotiate(
        environ.get("HTTP_ACCEPT_ENCODING", ""),
        environ.get("HTTP_IF_NONE_MATCH", ""),
        cache_control,
        status,
    )
    start_response(f"{status} {HTTPStatus(status).phrase}", headers)
    return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [body]


class StoredPages:
    """WSGI middleware answering GET and HEAD for stored URLs; everything else goes on, and so
    does a request whose Host was refused, for Flask to answer 400 (app/guard.py)."""

    def __init__(self, app, build: Build):
        self.app, self.entries, self.public = app, build.entries, build.public

    def __call__(self, environ, start_response):
        entry = None
        if environ["REQUEST_METHOD"] in ("GET", "HEAD") and HOST_PROBLEM not in environ:
            path, query = environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", "")
            entry = self.entries.get(page_key(path, query))
            if entry is None and query:
                # A page asked for with more than it reads is that page, stored, rather than
                # rendered per request: carrying tracking tags into its links would help no
                # one, and random queries would be the cheapest way to load the server.
                entry = self.entries.get(page_key(path, params_read(query)))
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
