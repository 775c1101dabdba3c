"""Issue #13's figures in one run: throughput of a stored case page, the filtered library and
the 404 page (same run, gunicorn with one sync worker, wrk on loopback), start-up time and peak
RSS of one worker, and the worker script's size, at today's content and at 300 generated case
studies with 3 and with 10 languages.

Only HTTP and fresh processes are used, so the same script measures any version of the app."""

import gzip
import json
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generated import generate_languages, generate_library  # noqa: E402
from bench.servers import gunicorn, stop  # noqa: E402
from bench.startup import measure as measure_startup  # noqa: E402
from bench.throughput import requests_per_second  # noqa: E402
from tests.support.live_server import free_port  # noqa: E402

GENERATED = 300
ROUNDS = 3
FILTERS = "?topic=sextortion-response&age=13-15"
PAGES = {
    "case page (stored)": "/en/case-studies/stopncii",
    "library, two filters": "/en/" + FILTERS,
    "404 page": "/en/no-such-page",
}


def fetch(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    try:
        with urllib.request.urlopen(request) as response:
            body = response.read()
            gzipped = response.headers.get("Content-Encoding") == "gzip"
    except urllib.error.HTTPError as error:  # the 404 page is a page too
        body, gzipped = error.read(), error.headers.get("Content-Encoding") == "gzip"
    return gzip.decompress(body) if gzipped else body


def compressed_size(url: str) -> int:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request) as response:
        return len(response.read())


def precache_list(base: str) -> dict:
    """The worker's precache list of every language, {"core", "locales"}: in its first line
    (long ago), in the resource it names, or in one resource a language (now)."""
    first_line = fetch(base + "/sw.js").decode().splitlines()[0]
    settings = json.loads(first_line.removeprefix("const STEADY = ").removesuffix(";"))
    if "precache" in settings:
        return settings["precache"]
    url = settings["precacheUrl"]
    if "{locale}" not in url:
        return json.loads(fetch(base + url))
    lists = {
        locale: json.loads(fetch(base + url.replace("{locale}", locale)))
        for locale in settings["grammar"]["locales"]
    }
    core = next(iter(lists.values()))["core"]
    return {"core": core, "locales": {locale: lst["pages"] for locale, lst in lists.items()}}


def first_visit_bytes(base: str) -> int:
    """Compressed bytes a first visit in English saves (core and English)."""
    listing = precache_list(base)
    return sum(compressed_size(base + e["url"]) for e in listing["core"] + listing["locales"]["en"])


def worker_rss_mb(master: subprocess.Popen) -> float:
    """The resident memory of gunicorn's one worker, now."""
    worker = Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split()[0]
    status = Path(f"/proc/{worker}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024


def filtered_everywhere(base: str) -> int:
    """Ask for the filtered library in every language and mode (each loads its pieces)."""
    libraries = [
        entry["url"]
        for entries in precache_list(base)["locales"].values()
        for entry in entries
        if entry["url"].endswith("/")
    ]
    for url in libraries:
        fetch(base + url + FILTERS)
    return len(libraries)


def measure_scenario(env: dict[str, str]) -> dict:
    port = free_port()
    process = gunicorn("app:create_app()", port, env)
    base = f"http://127.0.0.1:{port}"
    try:
        figures = dict.fromkeys(PAGES, 0.0)
        for path in PAGES.values():
            requests_per_second(base + path, allow_errors=True, duration="2s")  # warm up
        # Round after round, the best of each: other work on a shared machine only ever slows
        # a measurement down, and taking turns spreads it over every page alike.
        for _ in range(ROUNDS):
            for name, path in PAGES.items():
                rate = requests_per_second(base + path, allow_errors=True, duration="4s")
                figures[name] = max(figures[name], rate)
        worker = fetch(base + "/sw.js")
        figures["worker"] = (len(worker), len(gzip.compress(worker)))
        figures["first visit"] = first_visit_bytes(base)
        figures["cases"] = len(precache_list(base)["locales"]["en"])
        figures["filtered size"] = compressed_size(base + PAGES["library, two filters"])
        figures["libraries"] = filtered_everywhere(base)
        figures["worker rss"] = worker_rss_mb(process)
        return figures
    finally:
        stop(process)


def main() -> None:
    if not shutil.which("wrk"):
        sys.exit("wrk is needed for this benchmark: apt-get install -y wrk")
    with tempfile.TemporaryDirectory() as tmp:
        content = generate_library(Path(tmp) / "content", GENERATED)
        three = generate_languages(Path(tmp) / "translations-3", 3)
        ten = generate_languages(Path(tmp) / "translations-10", 10)
        # Each scenario builds into a folder of its own, so the first start-up builds.
        scenarios = {
            "today's content, 3 languages": {"FLASK_BUILD_DIR": f"{tmp}/build-today"},
            f"{GENERATED} more cases x 3 languages": {
                "FLASK_CONTENT_DIR": str(content),
                "FLASK_TRANSLATIONS_DIR": str(three),
                "FLASK_BUILD_DIR": f"{tmp}/build-3",
            },
            f"{GENERATED} more cases x 10 languages": {
                "FLASK_CONTENT_DIR": str(content),
                "FLASK_TRANSLATIONS_DIR": str(ten),
                "FLASK_BUILD_DIR": f"{tmp}/build-10",
            },
        }
        results = {}
        for name, env in scenarios.items():
            print(f"== {name}", flush=True)
            # Twice: the first start may build what later starts reuse; the second is what
            # every further worker pays.
            first = measure_startup(env=env)
            again = measure_startup(env=env)
            figures = measure_scenario(env)
            results[name] = (first, again, figures)
            stored = figures["case page (stored)"]
            for page in PAGES:
                rate = figures[page]
                print(f"  {page}: {rate:,.0f} req/s ({rate / stored:.2f} of a stored page)")
            print(
                f"  start-up: first {first['seconds']:.2f} s / {first['rss_mb']:.0f} MB, "
                f"next worker {again['seconds']:.2f} s / {again['rss_mb']:.0f} MB"
            )
            print(
                f"  library, two filters: {figures['filtered size'] / 1024:.0f} KB gzip; "
                f"worker after it in all {figures['libraries']} languages and modes: "
                f"{figures['worker rss']:.0f} MB"
            )
            raw, packed = figures["worker"]
            print(f"  worker script: {raw / 1024:.1f} KB ({packed / 1024:.1f} KB gzip)")
            print(f"  first visit in English saves {figures['first visit'] / 1024:.0f} KB gzip")
        today, scaled = (figures for _, _, figures in list(results.values())[:2])
        added = (scaled["first visit"] - today["first visit"]) / GENERATED
        print(f"each generated case study adds {added / 1024:.1f} KB gzip to a first visit")


if __name__ == "__main__":
    main()
