"""What a request must be before we answer it, and what a redirect may say.

A Host header is only ever checked, never repeated: a malformed or untrusted one gets our 400
page, and a redirect carries a path, not an absolute URL built from the Host (Werkzeug builds
the 308 it sends for a missing trailing slash from it, and a forged Host would otherwise be
reflected into a cacheable redirect).
"""

from urllib.parse import quote, urlsplit

from flask import Flask, redirect, request
from werkzeug.exceptions import BadRequest
from werkzeug.routing import RequestRedirect
from werkzeug.sansio.utils import host_is_trusted

from ..i18n.text import lazy_gettext


def host_problem(environ: dict, trusted_hosts) -> str | None:
    """Why the request's Host cannot be answered, or None. No Host (HTTP/1.0) is fine: we never
    build anything from it."""
    host = environ.get("HTTP_HOST")
    if not host:
        return None
    if not host_is_trusted(host):
        return "the Host header is malformed"
    if trusted_hosts and not host_is_trusted(host, trusted_hosts):
        return "the Host header names a site we do not serve"
    return None


# Where HostGuard leaves the reason for the view layer, which answers with our 400 page.
HOST_PROBLEM = "steady.host_problem"


class HostGuard:
    """WSGI middleware: a request with a bad Host goes on with our own host in its place and
    the reason noted, so that our 400 page (which builds links like any page) can be rendered,
    and nothing is ever built from what the visitor sent."""

    def __init__(self, app, trusted_hosts, site_url: str):
        self.app, self.trusted_hosts = app, trusted_hosts
        self.site_host = urlsplit(site_url).netloc

    def __call__(self, environ, start_response):
        why = host_problem(environ, self.trusted_hosts)
        if why:
            environ[HOST_PROBLEM] = why
        if why or not environ.get("HTTP_HOST"):
            # Without a Host (HTTP/1.0), Werkzeug would fall back on the server's bind
            # address, such as 0.0.0.0, which no trusted list names.
            environ["HTTP_HOST"] = self.site_host
        return self.app(environ, start_response)


class UnservedHost(BadRequest):
    """A Host header that is malformed or names a site we do not serve."""

    # What the error page tells the visitor, in their language (error_page reads `reason`).
    reason = lazy_gettext("the site address in the request is not one we serve")


def refuse_bad_host() -> None:
    why = request.environ.get(HOST_PROBLEM)
    if why:
        raise UnservedHost(why)


def canonical_redirect():
    """Werkzeug's redirect to the canonical address (a missing trailing slash, doubled slashes),
    answered here as a path: the browser resolves it against the address it asked for, so no
    Host header reaches it, and the query is percent-encoded, so no raw control character
    from a hostile request can reach a header."""
    moved = request.routing_exception
    if not isinstance(moved, RequestRedirect):
        return None
    parts = urlsplit(moved.new_url)
    # One leading slash: "//host/..." would be read by the browser as another site.
    path = "/" + quote(parts.path.lstrip("/"), safe="/%")
    query = quote(parts.query, safe="=&+%")
    return redirect(path + (f"?{query}" if query else ""), moved.code)


def init_app(app: Flask) -> None:
    app.before_request(refuse_bad_host)
    app.before_request(canonical_redirect)
