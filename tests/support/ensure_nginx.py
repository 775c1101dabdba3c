"""Make sure nginx exists for tests/functional/test_export.py, with the brotli module that
deploy/nginx/steady.conf uses, installing Debian's packages where we can.

The export test is never skipped: without nginx this fails and says how to get it.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

PACKAGES = ("nginx", "libnginx-mod-http-brotli-static")
# Where Debian's package puts the module (deploy/nginx/steady.conf: brotli_static).
BROTLI_STATIC_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")


def find_nginx() -> str | None:
    return shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(path, os.X_OK)),
        None,
    )


def installed() -> bool:
    return bool(find_nginx()) and BROTLI_STATIC_MODULE.is_file()


def main() -> int:
    if installed():
        return 0
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print(f"Installing Debian's {' and '.join(PACKAGES)}.", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", *PACKAGES], check=False, env=env)
        if installed():
            return 0
    print(
        "The export test needs nginx with its brotli module and they could not be installed.\n"
        f"  On Debian or Ubuntu, as root:  apt-get install -y {' '.join(PACKAGES)}",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
