"""Make sure a Chromium exists for the browser tests, installing one where we can.

Browser tests are never skipped: without a browser this fails and says how to get one.
"""

import os
import shutil
import subprocess
import sys

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    explicit = os.environ.get("CHROMIUM_PATH")
    if explicit:
        return explicit if os.access(explicit, os.X_OK) else None
    return next((path for name in CANDIDATES if (path := shutil.which(name))), None)


def install() -> bool:
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("No Chromium found: installing Debian's chromium package.", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
        return (
            subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], env=env).returncode == 0
        )
    print("No Chromium found: installing Playwright's own Chromium.", flush=True)
    command = [sys.executable, "-m", "playwright", "install", "chromium"]
    return subprocess.run(command).returncode == 0


def main() -> int:
    if find_chromium():
        return 0
    if install() and find_chromium():
        return 0
    if playwright_chromium_installed():
        return 0
    print(
        "The browser tests need Chromium and none could be installed.\n"
        "  On Debian or Ubuntu, as root:  apt-get install -y chromium\n"
        "  Elsewhere:                     .venv/bin/python -m playwright install chromium\n"
        "  Or point CHROMIUM_PATH at a Chromium or Chrome executable.",
        file=sys.stderr,
    )
    return 1


def playwright_chromium_installed() -> bool:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        return os.path.exists(playwright.chromium.executable_path)


if __name__ == "__main__":
    sys.exit(main())
