"""`python -m app.server`, what `make serve` runs, in a process of its own on loopback."""

import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager

from tests.support.apps import ROOT, test_environ
from tests.support.live_server import STARTING_SECONDS, port_for


@contextmanager
def production_server(env: dict[str, str] | None = None):
    """The production server on a free port, in `env` (test_environ() if none); yields the
    port once it answers. Its site address is its own, as when nobody configured one."""
    port = port_for("production")
    env = {**(env or test_environ()), "HOST": "127.0.0.1", "PORT": str(port)}
    env.pop("FLASK_SITE_URL", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "app.server"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + STARTING_SECONDS
        while True:
            assert process.poll() is None, "the server exited"
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/blank", timeout=1)
                break
            except OSError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)
