"""Screenshots of the first screen (360 x 740, as a phone) of the library, a case study, a guide,
the crisis page, a Start here checklist, the thank-you page, the contact form and the record in
every language, to look at after a layout change: `python bench/first_screen.py [OUT_DIR
[URL]]` (default bench/results/first-screen/; URL: a Steady already running, else one is
started). Each twice:
as a phone whose language names no country opens it (`<page>-<locale>.png`), and after the
family picked the United Kingdom (`<page>-<locale>-gb.png`)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.i18n.locales import discover_locales  # noqa: E402
from tests.support.browser import CHROMIUM_ARGS  # noqa: E402
from tests.support.ensure_chromium import find_chromium  # noqa: E402
from tests.support.live_server import LiveServer, free_port  # noqa: E402

PAGES = {
    "library": "/{locale}/",
    "case-study": "/{locale}/case-studies/report-remove",
    "guide": "/{locale}/case-studies/first-hour",
    "crisis": "/{locale}/crisis",
    "checklist": "/{locale}/start/under-18/gb/not-safe",
    "thanks": "/{locale}/contact/thanks",
    "contact": "/{locale}/contact",
    "record": "/{locale}/record",
}
CHOSEN = "gb"
LOCALES = discover_locales(Path(__file__).resolve().parent.parent / "translations")


def main() -> None:
    from playwright.sync_api import sync_playwright

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("bench/results/first-screen")
    out.mkdir(parents=True, exist_ok=True)
    server = None if len(sys.argv) > 2 else LiveServer(free_port()).start()
    base = sys.argv[2].rstrip("/") if server is None else server.url
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=find_chromium(), args=CHROMIUM_ARGS
            )
            for locale in LOCALES:
                for name, url in PAGES.items():
                    for chosen in (None, CHOSEN):
                        # A fresh phone each time, its language without a region: no country
                        # known, none remembered from another page.
                        context = browser.new_context(
                            viewport={"width": 360, "height": 740}, locale=locale
                        )
                        page = context.new_page()
                        if chosen:
                            page.goto(f"{base}/{locale}/crisis?country={chosen}")
                        page.goto(base + url.format(locale=locale))
                        page.wait_for_load_state("load")
                        path = out / f"{name}-{locale}{'-' + chosen if chosen else ''}.png"
                        page.screenshot(path=str(path))
                        context.close()
                        print(path)
            browser.close()
    finally:
        if server:
            server.stop()


if __name__ == "__main__":
    main()
