"""The service worker: the files of service_worker/ joined into the one /sw.js by the build.

The script begins with what the server knows (the version, the address of the precache lists
and the grammar of page addresses), so the worker never keeps its own copy of any of it. The
lists are separate resources named by the version, one a language: the script stays the same
size however large the library grows, a first visit reads only its own language's list (ten
languages' would cost a second on a 3G link before anything is saved), and any change to any
saved page still changes the script.
"""

import json
from pathlib import Path

from flask import Flask, current_app

from ..i18n.locales import SOURCE_LOCALE
from ..i18n.urls import worker_grammar
from ..parts import parts
from ..staff import URL_PREFIX as STAFF_PREFIX
from ..views.start import COUNTRY_LESS_TWIN
from ..web.assets import PROTOCOL, compact, versioned_url
from ..web.stored import Stored
from .precache import bundle_url

WORKER_URL = "/sw.js"
NOTIFICATION_ICON = "icons/icon-192.png"
# In the order they are joined: each file uses only what the files before it define.
PARTS = (PROTOCOL, "core.js", "precache.js", "strategies.js", "messages.js", "outbox.js", "push.js")


def precache_list_url(version: str, locale: str) -> str:
    return f"/sw-precache-{locale}-{version}.json"


def precache_lists(manifest: dict) -> dict[str, Stored]:
    """{url: list} for each language: what every install saves (core, essential), and the
    language's pages (pages) with those of them saved first (first)."""
    return {
        precache_list_url(manifest["version"], locale): Stored.of(
            json.dumps(
                {
                    "core": manifest["core"],
                    "essential": manifest["essential"],
                    "first": manifest["first"][locale],
                    "pages": pages,
                },
                separators=(",", ":"),
            ),
            "application/json; charset=utf-8",
        )
        for locale, pages in manifest["locales"].items()
    }


def worker_code(worker_dir: Path) -> bytes:
    """The worker's files joined, without comments and indentation, as every script: the bytes
    are the phone's."""
    return compact("sw.js", b"\n".join((worker_dir / name).read_bytes() for name in PARTS))


def worker_script(
    code: bytes, version: str, locales: tuple[str, ...], assets: dict[str, Stored]
) -> Stored:
    """The worker's code after a first line holding the server's settings."""
    settings = {
        "version": version,
        # Each language's precache list, "{locale}" standing for the language.
        "precacheUrl": precache_list_url(version, "{locale}"),
        # Each stage's bundle, "{kind}" standing for the kind of cache it fills.
        "bundleUrl": bundle_url("{kind}", version),
        "grammar": worker_grammar(locales, SOURCE_LOCALE),
        # Offline, the page that stands in for a country's page of Start here not saved yet.
        "countryLessTwin": COUNTRY_LESS_TWIN,
        # The icon of a notification, at its versioned address (saved with the core).
        "notificationIcon": versioned_url(NOTIFICATION_ICON, assets[NOTIFICATION_ICON]),
        # Addresses the worker leaves alone: never cached, never answered from a cache.
        "private": [f"{STAFF_PREFIX}/"],
    }
    header = f"const STEADY = {json.dumps(settings, separators=(',', ':'))};\n"
    return Stored.of(header + code.decode("utf-8"), "text/javascript; charset=utf-8")


def serve_worker():
    # Served from the root so it may control every page; never renamed, never cached without
    # asking (no-cache), so the browser sees a new version on the next visit. A GET or HEAD is
    # answered from the build before Flask (app/delivery/serve.py), whatever its query; the
    # route makes it an address like any other, so another method gets a 405 naming those.
    return parts(current_app).build.stored(WORKER_URL).response(cache_control="no-cache")


def init_app(app: Flask) -> None:
    app.add_url_rule(WORKER_URL, "service_worker", serve_worker)
