"""What the service worker saves for offline use, computed once at start-up from what we serve.

The precache list names every URL with a revision (a hash of its bytes). The worker script
embeds the list, and so carries a version derived from it: any change to any page or asset
is a new worker, which the browser installs beside the old one and the family activates.
"""

import hashlib
import json
from pathlib import Path

from flask import Flask, current_app

from .assets import versioned_url
from .stored import Stored

# Pages saved for every language, so the crisis help is there whatever the family reads.
CORE_PAGE_SUFFIXES = ("crisis", "offline")


def locale_of(url: str, locales: tuple[str, ...]) -> str | None:
    first = url.lstrip("/").split("/", 1)[0]
    return first if first in locales else None


def precache_manifest(
    pages: dict[str, Stored], asset_urls: dict[str, Stored], locales: tuple[str, ...]
) -> dict:
    """{"version", "core": [...], "locales": {locale: [...]}}, entries as {url, revision}.

    core: what every install saves (assets, the exit page, each language's crisis and offline
    pages). locales: everything else, saved for English and for each language the family uses.
    """
    core, by_locale = [], {locale: [] for locale in locales}
    for url, stored in sorted(asset_urls.items()):
        core.append({"url": url, "revision": stored.etag})
    for url, stored in sorted(pages.items()):
        entry = {"url": url, "revision": stored.etag}
        locale = locale_of(url, locales)
        if locale is None or url in {f"/{locale}/{suffix}" for suffix in CORE_PAGE_SUFFIXES}:
            core.append(entry)
        else:
            by_locale[locale].append(entry)
    listing = json.dumps({"core": core, "locales": by_locale}, sort_keys=True)
    version = hashlib.sha256(listing.encode()).hexdigest()[:12]
    return {"version": version, "core": core, "locales": by_locale}


def worker_script(source: str, manifest: dict) -> Stored:
    """The worker with its precache list (and so its version) written in."""
    script = source.replace(
        "self.__PRECACHE_MANIFEST__", json.dumps(manifest, separators=(",", ":"))
    )
    return Stored.of(script, "text/javascript; charset=utf-8")


def serve_worker():
    # Served from the root so it may control every page; never renamed, never cached
    # without asking (no-cache), so the browser sees a new version on the next visit.
    return current_app.extensions["steady_worker"].response(cache_control="no-cache")


def init_app(app: Flask) -> None:
    app.add_url_rule("/sw.js", "service_worker", serve_worker)


def build_worker(app: Flask, worker_dir: Path) -> None:
    """Build the list and the worker from the pages already stored."""
    assets = app.extensions["steady_assets"]
    asset_urls = {versioned_url(name, stored): stored for name, stored in assets.items()}
    manifest = precache_manifest(app.extensions["steady_pages"], asset_urls, app.config["LOCALES"])
    app.extensions["steady_precache"] = manifest
    source = (worker_dir / "sw.js").read_text(encoding="utf-8")
    app.extensions["steady_worker"] = worker_script(source, manifest)
