"""Pages rendered once at start-up and answered from memory, and finishing for the others.

Start-up asks the app for each page that does not depend on the request (through the test
client, so the very same views render them) and keeps the bytes. A request for one of those
URLs is answered before any view runs.
"""

from flask import Flask, Response, current_app, request

from .stored import Stored


def page_key(path: str, query: str) -> str:
    return f"{path}?{query}" if query else path


def serve_stored_page():
    """Answer from memory when this exact URL was rendered at start-up."""
    key = page_key(request.path, request.query_string.decode("latin-1"))
    page = current_app.extensions["steady_pages"].get(key)
    if page is not None and request.method in ("GET", "HEAD"):
        return page.response()
    return None


def finish_dynamic_page(response: Response) -> Response:
    """Compress and tag a page rendered on request, so it costs as little as a stored one."""
    if (
        response.mimetype == "text/html"
        and response.get_etag() == (None, None)  # stored pages are tagged already
        and not response.direct_passthrough
        and not response.content_encoding
        and response.status_code in (200, 404)
    ):
        stored = Stored.of(response.get_data(), response.content_type)
        finished = stored.response(response.status_code, response.headers.get("Cache-Control", "no-cache"))
        for name, value in response.headers.items():
            if name.lower() not in {"content-type", "content-length", "etag", "cache-control", "vary"}:
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
    app.extensions["steady_pages"] = {}
    app.before_request(serve_stored_page)
    app.after_request(finish_dynamic_page)
