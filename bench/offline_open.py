"""Opening a saved page with no connection, against the worker's own tiny /blank page.

Everything saved in English and Arabic, the server stopped, each page is opened 10 times in
Chromium (360 x 740); the figure is the median time to its load event, and its ratio to
/blank's, which measures what the worker and the browser cost whatever the page (goal: at most
1.2x): `python bench/offline_open.py`.
"""

import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.slow_link import READY  # noqa: E402
from tests.support.browser import CHROMIUM_ARGS, IN_CONTROL  # noqa: E402
from tests.support.ensure_chromium import find_chromium  # noqa: E402
from tests.support.live_server import LiveServer, free_port  # noqa: E402

LOCALES = ("en", "ar")
PAGES = {
    "crisis page": "/{locale}/crisis",
    "case study": "/{locale}/case-studies/report-remove",
    "library": "/{locale}/",
}
OPENINGS = 10
LOAD_EVENT = "() => performance.getEntriesByType('navigation')[0].loadEventStart"


def median_load_ms(page, url: str) -> float:
    times = []
    for _ in range(OPENINGS):
        page.goto(url, wait_until="load")
        times.append(page.evaluate(LOAD_EVENT))
    return statistics.median(times)


def main() -> None:
    from playwright.sync_api import sync_playwright

    server = LiveServer(free_port()).start()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        page = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
        try:
            for locale in LOCALES:
                page.goto(f"{server.url}/{locale}/")
                page.evaluate(IN_CONTROL, 120_000)
                if page.evaluate(READY, 240_000) is None:
                    raise RuntimeError(f"{locale} was not saved")
        finally:
            server.stop()
        median_load_ms(page, server.url + "/blank")  # the worker awake, the disk warm
        blank = median_load_ms(page, server.url + "/blank")
        print(f"/blank: {blank:.1f} ms (median of {OPENINGS} load events, server stopped)")
        print("| page | " + " | ".join(LOCALES) + " |")
        print("|---|" + "---|" * len(LOCALES))
        for name, url in PAGES.items():
            cells = []
            for locale in LOCALES:
                ms = median_load_ms(page, server.url + url.format(locale=locale))
                cells.append(f"{ms:.1f} ms ({ms / blank:.2f}x)")
            print(f"| {name} | " + " | ".join(cells) + " |", flush=True)
        browser.close()


if __name__ == "__main__":
    main()
