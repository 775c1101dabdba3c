"""Rendering the pages of a build through the app's own views, on every core the machine gives.

A build renders thousands of pages (each language, mode, country and answer), and each costs
the same few milliseconds of Jinja: a start-up, or a test that builds its own site, waits on
them all. The list is split between copies of this process made with fork(), which share the
app as it was set up, so the pages are the same as one process would render.
"""

import multiprocessing
import os

from flask import Flask, Response

from ..parts import parts
from ..web.stored import Stored
from .build import url_key

# Below this many pages, starting processes costs more than it saves.
PAGES_WORTH_A_PROCESS = 200


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


def render_each(app: Flask, urls: list[str], compressed_before=None) -> list[tuple[str, Stored]]:
    """Each URL with its page, rendered through the app; a page that does not render stops
    the build. A page an earlier build holds keeps the forms compressed then."""
    pages = []
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
        stored = Stored.of(
            response.get_data(), response.content_type, compressed_before=compressed_before
        )
        pages.append((url, stored))
    return pages


def usable_cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1


# The app each forked process renders with, and the lookup of earlier builds: set just before
# the fork, which copies them (a pickled lookup of thousands of pages would cost more).
_forked: tuple | None = None


def _render_share(urls: list[str]) -> list[tuple[str, Stored]]:
    app, compressed_before = _forked
    engine = parts(app).engine
    if engine is not None:
        # The parent's pooled connections are its own: a copy must never use them.
        engine.dispose(close=False)
    return render_each(app, urls, compressed_before)


def prerender(app: Flask, urls: list[str], compressed_before=None) -> dict[str, Stored]:
    """Every URL rendered, keyed as the build stores it, in the order given."""
    processes = min(usable_cores(), len(urls) // PAGES_WORTH_A_PROCESS)
    if processes < 2 or "fork" not in multiprocessing.get_all_start_methods():
        rendered = dict(render_each(app, urls, compressed_before))
    else:
        shares = _render_forked(app, urls, compressed_before, processes)
        rendered = dict(pair for share in shares for pair in share)
    return {url_key(url): rendered[url] for url in urls}


def _render_forked(
    app: Flask, urls: list[str], compressed_before, processes: int
) -> list[list[tuple[str, Stored]]]:
    global _forked
    _forked = (app, compressed_before)
    try:
        # Every n-th page to each process, so the heavy kinds of page are shared out evenly.
        shares = [urls[first::processes] for first in range(processes)]
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            return pool.map(_render_share, shares, chunksize=1)
    finally:
        _forked = None
