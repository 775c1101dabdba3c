"""Pages rendered once at start-up and answered from memory, and finishing for the others.

Start-up asks the app for each page that does not depend on the request (through the test
client, so the very same views render them) and keeps the bytes. A request for one of those
URLs is answered by StoredPages in front of Flask, before any routing: such a page costs
about as much as a bare handler returning a constant.
"""

from http import HTTPStatus

from flask import Flask, Response

from .security import HEADERS as SECURITY_HEADERS
from .stored import Stored


def page_key(path: str, query: str) -> str:
    return f"{path}?{query}" if query else path


class StoredPages:
    """WSGI middleware answering GET and HEAD for stored URLs; everything else goes to Flask."""

    def __init__(self, app, pages: dict[str, Stored]):
        self.app, self.pages = app, pages

    def __call__(self, environ, start_response):
        method = environ["REQUEST_METHOD"]
        page = None
        if method in ("GET", "HEAD"):
            page = self.pages.get(
                page_key(environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""))
            )
        if page is None:
            return self.app(environ, start_response)
        status, headers, body = page.negotiate(
            environ.get("HTTP_ACCEPT_ENCODING", ""),
            environ.get("HTTP_IF_NONE_MATCH", ""),
            "no-cache",
        )
        start_response(f"{status} {HTTPStatus(status).phrase}", headers + SECURITY_PAIRS)
        return [b""] if method == "HEAD" else [body]


SECURITY_PAIRS = list(SECURITY_HEADERS.items())
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


def prerender(app: Flask, urls: list[str]) -> dict[str, Stored]:
    """Render each URL through the app; a page that does not render stops start-up."""
    pages = {}
    client = app.test_client()
    for url in urls:
        response = client.get(url, headers={"Accept-Encoding": "identity"})
        if response.status_code != 200:
            raise RuntimeError(f"pre-rendering {url} answered {response.status_code}")
        path, _, query = url.partition("?")
        pages[page_key(path, query)] = Stored.of(response.get_data(), response.content_type)
    return pages


def init_app(app: Flask) -> None:
    app.after_request(finish_dynamic_page)


def store_pages(app: Flask, urls: list[str]) -> None:
    """Render the URLs and answer them from memory from now on."""
    pages = prerender(app, urls)
    app.extensions["steady_pages"] = pages
    app.wsgi_app = StoredPages(app.wsgi_app, pages)
