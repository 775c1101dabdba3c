"""A first visit on a slow phone link: how soon the page is shown, how soon anything opens offline
(the worker active: the crisis help, Start here and the page being read saved), and how soon
everything in the family's language is saved.

A fresh Chromium profile at 360 x 740 opens a language's library through a loopback proxy that
paces what the server sends (tests/support/slow_link.py; DevTools' throttling does not reach
the worker's own fetches): `python bench/slow_link.py [LOCALE ...]` (default en ar).
"""

import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support import apps  # noqa: E402
from tests.support.browser import CHROMIUM_ARGS  # noqa: E402
from tests.support.ensure_chromium import find_chromium  # noqa: E402
from tests.support.production import production_server  # noqa: E402
from tests.support.slow_link import LINKS, slow_link  # noqa: E402

LOCALES = ("en", "ar")
GIVE_UP_MS = 240_000

# Seconds since the navigation started (performance.timeOrigin) when the worker was active.
WORKER_ACTIVE = """async () => {
    await navigator.serviceWorker.ready;
    return performance.now() / 1000;
}"""

# ... and when the status line said the language is ready to use offline, in its own words.
READY = """async (giveUpMs) => {
    const ready = window.steadyTexts.offline.ready.split("{date}")[0];
    const line = document.querySelector("[data-offline-message]");
    const deadline = performance.now() + giveUpMs;
    while (performance.now() < deadline) {
        const shown = line.textContent.startsWith(ready) && !line.closest("[hidden]");
        if (shown) return performance.now() / 1000;
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return null;
}"""


def first_visit(browser, url: str) -> tuple[float, float, float | None]:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(url, wait_until="load", timeout=GIVE_UP_MS)
    shown = page.evaluate(
        "() => performance.getEntriesByType('navigation')[0].loadEventStart / 1000"
    )
    active = page.evaluate(WORKER_ACTIVE)
    saved = page.evaluate(READY, GIVE_UP_MS)
    context.close()
    return shown, active, saved


def main() -> None:
    locales = sys.argv[1:] or LOCALES
    # Its database, keys and build in a folder of its own, gone afterwards.
    apps.run_folder = Path(tempfile.mkdtemp(prefix="steady-bench-"))
    try:
        measure(locales)
    finally:
        shutil.rmtree(apps.run_folder)


def measure(locales) -> None:
    from playwright.sync_api import sync_playwright

    # What a family meets: `make serve` (waitress, connections kept open between requests).
    with production_server() as port, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        print(
            "| link | language | page shown | worker active, anything offline "
            "| everything saved | bytes sent | requests |"
        )
        print("|---|---|---|---|---|---|---|")
        for name, (rate, round_trip) in LINKS.items():
            for locale in locales:
                link = slow_link(port, rate, round_trip)
                try:
                    shown, active, saved = first_visit(browser, f"{link.url}/{locale}/")
                finally:
                    link.stop()
                saved_text = f"{saved:.1f} s" if saved is not None else "not within 240 s"
                print(
                    f"| {name} | {locale} | {shown:.1f} s | {active:.1f} s | {saved_text} "
                    f"| {link.sent / 1024:.0f} KB | {len(link.requests)} |",
                    flush=True,
                )
        browser.close()


if __name__ == "__main__":
    main()
