"""Lighthouse 12 (mobile) on the library, a case study, a guide, the crisis page and a Start
here checklist: the four category scores, cumulative layout shift and page weight.

`python bench/lighthouse.py` installs Lighthouse with npm into .lighthouse/ on first use and
runs it against a live server with the Chromium of the machine (CHROME_PATH, else the one the
tests use). Lighthouse is not part of `make test`: its scores are figures to read, not a test.
Goal: 100 / 100 / 100 / 100, layout shift 0, at most 20 KB compressed per page."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.ensure_chromium import find_chromium  # noqa: E402
from tests.support.live_server import LiveServer, free_port  # noqa: E402

INSTALL_DIR = ROOT / ".lighthouse"
LIGHTHOUSE = INSTALL_DIR / "node_modules" / ".bin" / "lighthouse"
PAGES = {
    "library": "/en/",
    "case study": "/en/case-studies/stopncii",
    "guide": "/en/case-studies/first-hour",
    # As every page links to it once a country is known (country.js adds it to the link).
    "crisis": "/en/crisis?country=us",
    # Opened from outside, a browser whose language names a country (Lighthouse's: en-US) is
    # taken from the page for no country to its country's: two pages.
    "crisis, no country": "/en/crisis",
    "checklist": "/en/start/under-18/us/threatened",
    "library (ar)": "/ar/",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
BUDGET_KB = 20


def ensure_lighthouse() -> Path:
    if not LIGHTHOUSE.exists():
        subprocess.run(
            [
                "npm",
                "install",
                "--prefix",
                str(INSTALL_DIR),
                "--no-audit",
                "--no-fund",
                "lighthouse@12",
            ],
            check=True,
        )
    return LIGHTHOUSE


def audit(url: str, chrome: str) -> dict:
    result = subprocess.run(
        [
            str(ensure_lighthouse()),
            url,
            "--output=json",
            "--output-path=stdout",
            "--quiet",
            f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-quic "
            "--no-first-run --disable-background-networking --disable-component-update",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "CHROME_PATH": chrome},
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr.strip().splitlines()[-1] if result.stderr else "failed")
    return json.loads(result.stdout)


def audit_again_if_needed(url: str, chrome: str) -> dict:
    """An audit, run a second time when Lighthouse lost the trace of the page load
    (NO_NAVSTART, which it asks to run again for), as it now and then does on a busy machine."""
    try:
        return audit(url, chrome)
    except RuntimeError as error:
        if "NO_NAVSTART" not in str(error):
            raise
        return audit(url, chrome)


def summary(report: dict) -> str:
    scores = " ".join(
        f"{name} {round(report['categories'][name]['score'] * 100)}" for name in CATEGORIES
    )
    audits = report["audits"]
    shift = audits["cumulative-layout-shift"]["numericValue"]
    weight = audits["total-byte-weight"]["numericValue"] / 1024
    verdict = "within" if weight <= BUDGET_KB else "OVER"
    return f"{scores} | CLS {shift:.3f} | {weight:.1f} KB ({verdict} {BUDGET_KB} KB)"


def shortfalls(report: dict) -> list[str]:
    """The audits that cost points, to know what to fix."""
    found = []
    for name in CATEGORIES:
        for ref in report["categories"][name]["auditRefs"]:
            result = report["audits"][ref["id"]]
            if ref["weight"] and result["score"] is not None and result["score"] < 1:
                found.append(f"{name}: {ref['id']} ({result.get('displayValue', result['score'])})")
    return found


def main() -> None:
    chrome = os.environ.get("CHROME_PATH") or find_chromium()
    server = LiveServer(free_port()).start()
    try:
        for name, path in PAGES.items():
            try:
                report = audit_again_if_needed(server.url + path, chrome)
            except RuntimeError as error:  # one page's run failing says so, the rest still run
                print(f"{name:18} Lighthouse failed: {error}")
                continue
            print(f"{name:18} {summary(report)}")
            for line in shortfalls(report):
                print(f"    {line}")
            requests = report["audits"]["network-requests"]["details"]["items"]
            detail = ", ".join(
                f"{r['url'].split('?')[0].rsplit('/', 1)[-1] or '/'} {r['transferSize'] / 1024:.1f}"
                for r in requests
            )
            print(f"    requests: {detail}")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
