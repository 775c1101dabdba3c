"""The request path: every layer a request crosses before (and after) Flask, outermost first.

Each layer is a WSGI middleware made from the app once its build is open. Read top to bottom,
this is the order in which a request meets them; a response comes back through them in reverse.
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from .delivery.serve import LibraryAndErrorPages, StoredPages
from .delivery.worker import WORKER_URL
from .parts import parts
from .push import AnnounceOnFirstRequest
from .web.capacity import BoundedDynamicWork
from .web.errors import LastResort
from .web.hosts import HostGuard
from .web.security import SecurityHeaders


@dataclass(frozen=True)
class Layer:
    why: str
    wrap: Callable  # (app, inner WSGI app) -> WSGI app


LAYERS = (
    Layer(
        "the visitor's address and scheme, as the trusted proxy saw them (PROXY_FIX): first, so "
        "every layer inside sees them",
        lambda app, inner: (
            ProxyFix(inner, **app.config["PROXY_FIX"]) if app.config["PROXY_FIX"] else inner
        ),
    ),
    Layer(
        "our security headers on every response, whoever answers it, errors included",
        lambda app, inner: SecurityHeaders(
            inner, WORKER_URL, hsts_max_age=app.config["HSTS_MAX_AGE"]
        ),
    ),
    Layer(
        "an exception escaping everything inside is still our 500 page, in the page's language",
        lambda app, inner: LastResort(inner, parts(app).last_resort_pages, app.config["LOCALES"]),
    ),
    Layer(
        "a bad Host is noted and replaced by ours before anything reads it",
        lambda app, inner: HostGuard(inner, app.config["TRUSTED_HOSTS"], app.config["SITE_URL"]),
    ),
    Layer(
        "a new content version is pushed to subscribers at the first request after start-up",
        lambda app, inner: AnnounceOnFirstRequest(inner, app),
    ),
    Layer(
        "every stored page answered from the build, before any routing",
        lambda app, inner: StoredPages(inner, parts(app).build, app.config["LOCALES"]),
    ),
    Layer(
        "a filtered library joined from stored pieces, and the stored error pages (404, 405, a "
        "refused Host), so no address makes us render per request",
        lambda app, inner: LibraryAndErrorPages(inner, app, parts(app).build),
    ),
    Layer(
        "at most DYNAMIC_WORK_SLOTS requests in Flask at once, where work may wait on the "
        "database, mail or Redis: whatever hangs, threads stay free for everything above",
        lambda app, inner: BoundedDynamicWork(inner, app.config["DYNAMIC_WORK_SLOTS"]),
    ),
)


def wrap(app: Flask) -> None:
    """Put the layers around Flask's own WSGI app, the last listed innermost."""
    wsgi = app.wsgi_app
    for layer in reversed(LAYERS):
        wsgi = layer.wrap(app, wsgi)
    app.wsgi_app = wsgi
