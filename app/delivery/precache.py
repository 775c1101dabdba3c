"""What the service worker saves for offline use, computed once at start-up from what we serve.

The precache list names every URL with a revision (a hash of its bytes), and carries a version
derived from the whole list, the bundles' format and the worker's code: any change to any page
or asset is a new version, and the caches a version names are written by one code only.

It is saved in stages, each all or nothing, each a cache of its own (service_worker/precache.js).
Before the worker activates: "core" (what the help of the first hour needs whatever the
language: the assets its pages load, the exit page) and "first-<locale>" (the family's
language's crisis page in each country, offline page, script texts and Start here: the pages of
routes marked `first_hour`). After it: "extras" (the rest of the core: icons, the scripts of
other pages, every other language's crisis page) and "pages-<locale>" (the rest of the
language). Each stage is also one bundle (bundle.py): its files joined into one response, so a
first visit fetches a stage in one round trip, every line the pages share sent once.
"""

import hashlib
import json

from ..i18n.urls import split_page_path
from ..web.stored import Stored
from .bundle import FORMAT as BUNDLE_FORMAT
from .bundle import bundle

# Saved for every language, so the crisis help is there whatever the family reads, and the
# words every page's scripts say (the call buttons of each country among them).
CORE_PAGES = ("crisis", "offline", "script-texts.js")
CORE = "core"
EXTRAS = "extras"


def is_core_page(url: str, locales: tuple[str, ...]) -> bool:
    page = split_page_path(url, locales)
    return page is None or (not page.plain and page.rest in CORE_PAGES)


def first_kind(locale: str) -> str:
    return f"first-{locale}"


def pages_kind(locale: str) -> str:
    return f"pages-{locale}"


def bundle_url(kind: str, version: str) -> str:
    return f"/sw-bundle-{kind}-{version}"


def precache_manifest(
    pages: dict[str, Stored],
    asset_urls: dict[str, Stored],
    locales: tuple[str, ...],
    first_hour: frozenset[str],
    worker_code: bytes,
) -> dict:
    """{"version", "core": [...], "locales": {locale: [...]}, "essential": [url...],
    "first": {locale: [url...]}, "bundles": {kind: url}}, entries as {url, revision}.

    core: what every install saves (assets, the exit page, and each language's crisis and
    offline pages and script texts); of it, essential is saved first (the assets the pages of
    the first hour load, and what is in no language). locales: everything else, saved for
    English and for each language the family uses. first: a language's pages saved first, its
    core pages and its `first_hour` ones.
    """
    core, by_locale = [], {locale: [] for locale in locales}
    for url, stored in sorted(asset_urls.items()):
        core.append({"url": url, "revision": stored.etag})
    for url, stored in sorted(pages.items()):
        entry = {"url": url, "revision": stored.etag}
        if is_core_page(url, locales):
            core.append(entry)
        else:
            by_locale[split_page_path(url, locales).locale].append(entry)
    first = {
        locale: [e["url"] for e in core if _core_page_of(e["url"], locale, locales)]
        + [e["url"] for e in entries if e["url"] in first_hour]
        for locale, entries in by_locale.items()
    }
    first_pages = [pages[url] for urls in first.values() for url in urls]
    essential = [
        e["url"]
        for e in core
        if split_page_path(e["url"], locales) is None
        and (e["url"] not in asset_urls or _loaded_by(e["url"], first_pages))
    ]
    listing = {"core": core, "locales": by_locale, "essential": essential, "first": first}
    named = json.dumps([listing, BUNDLE_FORMAT], sort_keys=True).encode() + worker_code
    version = hashlib.sha256(named).hexdigest()[:12]
    kinds = stage_entries(listing)
    return {**listing, "version": version, "bundles": {k: bundle_url(k, version) for k in kinds}}


def _core_page_of(url: str, locale: str, locales: tuple[str, ...]) -> bool:
    page = split_page_path(url, locales)
    return page is not None and page.locale == locale and is_core_page(url, locales)


def _loaded_by(asset_url: str, pages: list[Stored]) -> bool:
    """Whether any of these pages names the asset (a stylesheet, a script, an icon)."""
    quoted = f'"{asset_url}"'.encode()
    return any(quoted in page.read(None) for page in pages)


def stage_entries(listing: dict) -> dict[str, list[dict]]:
    """Every stage's entries, by the kind of cache that holds them."""
    core, essential = listing["core"], set(listing["essential"])
    stages = {CORE: [e for e in core if e["url"] in essential]}
    stages[EXTRAS] = [e for e in core if e["url"] not in essential]
    for locale, entries in listing["locales"].items():
        firsts = set(listing["first"][locale])
        stages[first_kind(locale)] = [e for e in core + entries if e["url"] in firsts]
        stages[pages_kind(locale)] = [e for e in entries if e["url"] not in firsts]
    return stages


def bundles(manifest: dict, stored_by_url: dict[str, Stored]) -> dict[str, Stored]:
    """{bundle url: its bytes} for every stage of the manifest."""
    stages = stage_entries(manifest)
    return {
        manifest["bundles"][kind]: bundle(entries, stored_by_url)
        for kind, entries in stages.items()
    }
