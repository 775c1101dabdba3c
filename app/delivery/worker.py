"""The service worker: the files of service_worker/ joined into the one /sw.js at start-up.

The script begins with what the server knows (the version, the precache list and the grammar
of page addresses), so the worker never keeps its own copy of any of it.
"""

import json
from pathlib import Path

from flask import Flask, current_app

from ..i18n.locales import SOURCE_LOCALE
from ..i18n.urls import worker_grammar
from ..staff import URL_PREFIX as STAFF_PREFIX
from .assets import compact, versioned_url
from .precache import precache_manifest
from .stored import Stored

# In the order they are joined: each file uses only what the files before it define.
PARTS = ("core.js", "precache.js", "strategies.js", "messages.js", "outbox.js", "push.js")


def worker_script(worker_dir: Path, settings: dict) -> Stored:
    """The worker's files joined, after a first line holding the server's settings."""
    header = f"const STEADY = {json.dumps(settings, separators=(',', ':'))};\n"
    parts = [(worker_dir / name).read_bytes() for name in PARTS]
    # Without comments and indentation, as every script: the bytes are the phone's.
    body = compact("sw.js", b"\n".join(parts)).decode("utf-8")
    return Stored.of(header + body, "text/javascript; charset=utf-8")


def serve_worker():
    # Served from the root so it may control every page; never renamed, never cached
    # without asking (no-cache), so the browser sees a new version on the next visit.
    return current_app.extensions["steady_worker"].response(cache_control="no-cache")


def init_app(app: Flask) -> None:
    app.add_url_rule("/sw.js", "service_worker", serve_worker)


def build_worker(app: Flask) -> None:
    """Build the list and the worker from the pages already stored."""
    assets = app.extensions["steady_assets"]
    asset_urls = {versioned_url(name, stored): stored for name, stored in assets.items()}
    locales = app.config["LOCALES"]
    manifest = precache_manifest(app.extensions["steady_pages"], asset_urls, locales)
    app.extensions["steady_precache"] = manifest
    settings = {
        "version": manifest["version"],
        "precache": {"core": manifest["core"], "locales": manifest["locales"]},
        "grammar": worker_grammar(locales, SOURCE_LOCALE),
        # Addresses the worker leaves alone: never cached, never answered from a cache.
        "private": [f"{STAFF_PREFIX}/"],
    }
    app.extensions["steady_worker"] = worker_script(app.config["SERVICE_WORKER_DIR"], settings)
