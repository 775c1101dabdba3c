"""Make sure a Chromium exists for the browser tests, installing one where we can, with fonts
for every script our languages are written in.

Browser tests are never skipped: without a browser this fails and says how to get one. Without
the fonts the pages in Hindi (Devanagari) and Urdu (Nastaliq) would be measured and looked at in
empty boxes, not as a phone shows them.
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


# A font family for each script beyond Latin, and the Debian package that has them all.
SCRIPT_FONTS = ("Noto Sans Devanagari", "Noto Nastaliq Urdu", "Noto Naskh Arabic")
FONTS_PACKAGE = "fonts-noto-core"


def missing_fonts() -> list[str]:
    if not shutil.which("fc-list"):
        return list(SCRIPT_FONTS)
    families = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
    return [font for font in SCRIPT_FONTS if font not in families]


def ensure_fonts() -> None:
    missing = missing_fonts()
    if not missing:
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print(f"Fonts missing ({', '.join(missing)}): installing {FONTS_PACKAGE}.", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        if subprocess.run(["apt-get", "install", "-y", "-qq", FONTS_PACKAGE], env=env).returncode:
            subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
            subprocess.run(["apt-get", "install", "-y", "-qq", FONTS_PACKAGE], env=env)
    if missing_fonts():
        print(f"Warning: fonts missing ({', '.join(missing_fonts())}); install {FONTS_PACKAGE}.")


def main() -> int:
    ensure_fonts()
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
