"""The precache at scale: a generated library of 300 case studies (test data, never shipped).

Reports the time to build the site with its precache list, total precache bytes (compressed, as
sent), bytes per case study, and how long the worker's install takes in Chromium on loopback.
Budget: the list is built once (no per-request work); one case study adds at most 10 KB
compressed to the precache.
"""

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402
from app.delivery.worker import precache_list_url  # noqa: E402
from app.parts import parts  # noqa: E402
from app.web.assets import versioned_url  # noqa: E402
from bench.generated import generate_library  # noqa: E402
from tests.support.live_server import LiveServer, free_port  # noqa: E402

GENERATED = 300
BUDGET_PER_CASE = 10 * 1024


def default_install_bytes(app) -> tuple[int, int]:
    """(entries, compressed bytes) a first visit in English saves: core plus English."""
    manifest = parts(app).precache
    build = parts(app).build
    by_url = {url: build.stored(url) for url in build.entries}
    assets = parts(app).assets.items()
    by_url.update({versioned_url(name, stored): stored for name, stored in assets})
    entries = manifest["core"] + manifest["locales"]["en"]
    size = sum(len(by_url[e["url"]].smallest()) for e in entries)
    return len(entries), size


def manifest_cases(app) -> list[str]:
    return [
        e["url"]
        for e in parts(app).precache["locales"]["en"]
        if "/plain/" not in e["url"] and "/case-studies/" in e["url"]
    ]


def install_seconds(content_dir: Path) -> float:
    from playwright.sync_api import sync_playwright

    from tests.support.browser import CHROMIUM_ARGS
    from tests.support.ensure_chromium import find_chromium

    server = LiveServer(free_port(), env={"FLASK_CONTENT_DIR": str(content_dir)}).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=find_chromium(), args=CHROMIUM_ARGS
            )
            page = browser.new_page()
            started = time.perf_counter()
            page.goto(server.url + "/en/")
            page.locator("[data-offline-message]").filter(has_text="Ready to use offline").wait_for(
                timeout=600_000
            )
            elapsed = time.perf_counter() - started
            browser.close()
        return elapsed
    finally:
        server.stop()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        base = create_app()
        base_entries, base_bytes = default_install_bytes(base)
        content = generate_library(Path(tmp) / "content", GENERATED)

        started = time.perf_counter()
        app = create_app({"CONTENT_DIR": content, "BUILD_DIR": Path(tmp) / "build"})
        start_up = time.perf_counter() - started

        entries, total = default_install_bytes(app)
        per_case = (total - base_bytes) / GENERATED
        cases = len(manifest_cases(app))
        print(f"library of {cases} case studies ({GENERATED} generated):")
        print(f"  start-up, building every page into a fresh build: {start_up:.1f} s")
        print(
            f"  precache of a first visit in English: {entries} entries, "
            f"{total / 1024:.0f} KB compressed"
        )
        print(
            f"  added per case study: {per_case / 1024:.1f} KB compressed "
            f"(budget {BUDGET_PER_CASE // 1024} KB): "
            + ("within budget" if per_case <= BUDGET_PER_CASE else "OVER BUDGET")
        )
        worker = parts(app).build.stored("/sw.js")
        version = parts(app).precache["version"]
        listing = parts(app).build.stored(precache_list_url(version, "en"))
        print(
            f"  worker script: {len(worker.read(None)) / 1024:.0f} KB; its precache list "
            f"(English): {len(listing.smallest()) / 1024:.0f} KB compressed"
        )
        print(f"  worker install in Chromium on loopback: {install_seconds(content):.1f} s")


if __name__ == "__main__":
    main()
