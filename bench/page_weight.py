"""What a case-study page costs over the wire on a first visit, measured in a real Chromium:
every request the page makes (HTML, CSS, JS, icon, manifest, the worker script), compressed as
served, headers included. The worker's own downloads for offline use are the precache, which
bench/precache_scale.py measures. Budget: 30 KB."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support.browser import CHROMIUM_ARGS  # noqa: E402
from tests.support.ensure_chromium import find_chromium  # noqa: E402
from tests.support.live_server import LiveServer, free_port  # noqa: E402

BUDGET = 30 * 1024
# Fetched by the browser itself, outside the page's own requests: counted here directly.
BROWSER_FETCHED = ("/sw.js", "/en/manifest.webmanifest")


def fetched_directly(base: str) -> dict[str, int]:
    import urllib.request

    sizes = {}
    for path in BROWSER_FETCHED:
        request = urllib.request.Request(base + path, headers={"Accept-Encoding": "br, gzip"})
        with urllib.request.urlopen(request) as response:
            headers = sum(len(f"{k}: {v}\r\n") for k, v in response.getheaders())
            sizes[path.rsplit("/", 1)[-1]] = len(response.read()) + headers
    return sizes


def weigh(browser, url: str) -> dict[str, int]:
    """Bytes on the wire per request made for one first visit (empty cache)."""
    context = browser.new_context()
    page = context.new_page()
    sizes: dict[str, int] = {}

    def record(request):
        size = request.sizes()
        name = request.url.split("?")[0].rsplit("/", 1)[-1] or "/"
        sizes[name] = sizes.get(name, 0) + size["responseBodySize"] + size["responseHeadersSize"]

    page.on("requestfinished", record)
    page.goto(url, wait_until="load")
    page.wait_for_timeout(1000)  # the manifest and the worker script load after "load"
    context.close()
    return sizes


def main() -> None:
    from playwright.sync_api import sync_playwright

    server = LiveServer(free_port()).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=find_chromium(), args=CHROMIUM_ARGS
            )
            worst = 0
            for slug in ("stopncii", "cybertipline", "988-lifeline"):
                sizes = weigh(browser, f"{server.url}/en/case-studies/{slug}")
                sizes.update(fetched_directly(server.url))
                total = sum(sizes.values())
                worst = max(worst, total)
                detail = ", ".join(f"{name} {n / 1024:.1f}" for name, n in sizes.items())
                print(
                    f"case page {slug}: {total / 1024:.1f} KB over the wire "
                    f"({len(sizes)} requests: {detail})"
                )
            browser.close()
        verdict = "within budget" if worst <= BUDGET else "OVER BUDGET"
        print(
            f"heaviest case page: {worst / 1024:.1f} KB of a {BUDGET // 1024} KB budget: {verdict}"
        )
    finally:
        server.stop()


if __name__ == "__main__":
    main()
