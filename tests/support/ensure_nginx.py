"""Make sure nginx exists for tests/functional/test_export.py, installing Debian's package where
we can.

The export test is never skipped: without nginx this fails and says how to get it.
"""

import os
import shutil
import subprocess
import sys


def find_nginx() -> str | None:
    return shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(path, os.X_OK)),
        None,
    )


def main() -> int:
    if find_nginx():
        return 0
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("No nginx found: installing Debian's nginx package.", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "nginx"], check=False, env=env)
        if find_nginx():
            return 0
    print(
        "The export test needs nginx and none could be installed.\n"
        "  On Debian or Ubuntu, as root:  apt-get install -y nginx",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
