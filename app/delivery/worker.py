"""The service worker: the files of service_worker/ joined into the one /sw.js by the build.

The script begins with what the server knows (the version, the address of the precache list
and the grammar of page addresses), so the worker never keeps its own copy of any of it. The
list itself is a separate resource named by the version: the script stays the same size
however large the library grows, and any change to any saved page still changes the script.
"""

import json
from pathlib import Path

from flask import Flask, current_app

from ..i18n.locales import SOURCE_LOCALE
from ..i18n.urls import worker_grammar
from ..parts import parts
from ..staff import URL_PREFIX as STAFF_PREFIX
from ..views.start import COUNTRY_LESS_TWIN
from ..web.assets import PROTOCOL, compact
from ..web.stored import Stored
from .precache import bundle_url

WORKER_URL = "/sw.js"
# In the order they are joined: each file uses only what the files before it define.
PARTS = (PROTOCOL, "core.js", "precache.js", "strategies.js", "messages.js", "outbox.js", "push.js")


def precache_list_url(version: str) -> str:
    return f"/sw-precache-{version}.json"


def precache_list(manifest: dict) -> Stored:
    listing = {key: manifest[key] for key in ("core", "locales", "essential", "first")}
    return Stored.of(json.dumps(listing, separators=(",", ":")), "application/json; charset=utf-8")


def worker_script(worker_dir: Path, version: str, locales: tuple[str, ...]) -> Stored:
    """The worker's files joined, after a first line holding the server's settings."""
    settings = {
        "version": version,
        "precacheUrl": precache_list_url(version),
        # Each stage's bundle, "{kind}" standing for the kind of cache it fills.
        "bundleUrl": bundle_url("{kind}", version),
        "grammar": worker_grammar(locales, SOURCE_LOCALE),
        # Offline, the page that stands in for a country's page of Start here not saved yet.
        "countryLessTwin": COUNTRY_LESS_TWIN,
        # Addresses the worker leaves alone: never cached, never answered from a cache.
        "private": [f"{STAFF_PREFIX}/"],
    }
    header = f"const STEADY = {json.dumps(settings, separators=(',', ':'))};\n"
    parts = [(worker_dir / name).read_bytes() for name in PARTS]
    # Without comments and indentation, as every script: the bytes are the phone's.
    body = compact("sw.js", b"\n".join(parts)).decode("utf-8")
    return Stored.of(header + body, "text/javascript; charset=utf-8")


def serve_worker():
    # Served from the root so it may control every page; never renamed, never cached without
    # asking (no-cache), so the browser sees a new version on the next visit. A GET or HEAD is
    # answered from the build before Flask (app/delivery/serve.py), whatever its query; the
    # route makes it an address like any other, so another method gets a 405 naming those.
    return parts(current_app).build.stored(WORKER_URL).response(cache_control="no-cache")


def init_app(app: Flask) -> None:
    app.add_url_rule(WORKER_URL, "service_worker", serve_worker)
