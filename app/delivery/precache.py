"""What the service worker saves for offline use, computed once at start-up from what we serve.

The precache list names every URL with a revision (a hash of its bytes), and carries a version
derived from the whole list: any change to any page or asset is a new version.
"""

import hashlib
import json

from ..i18n.urls import split_page_path
from ..web.stored import Stored

# Saved for every language, so the crisis help is there whatever the family reads, and the
# words every page's scripts say (the call buttons of each country among them).
CORE_PAGES = ("crisis", "offline", "script-texts.js")


def is_core_page(url: str, locales: tuple[str, ...]) -> bool:
    page = split_page_path(url, locales)
    return page is None or (not page.plain and page.rest in CORE_PAGES)


def precache_manifest(
    pages: dict[str, Stored], asset_urls: dict[str, Stored], locales: tuple[str, ...]
) -> dict:
    """{"version", "core": [...], "locales": {locale: [...]}}, entries as {url, revision}.

    core: what every install saves (assets, the exit page, and each language's crisis and
    offline pages and script texts). locales: everything else, saved for English and for each
    language the family uses.
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
    listing = json.dumps({"core": core, "locales": by_locale}, sort_keys=True)
    version = hashlib.sha256(listing.encode()).hexdigest()[:12]
    return {"version": version, "core": core, "locales": by_locale}
