"""The app served over real loopback HTTP in its own process, for browser tests and benchmarks."""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from tests.support import apps

ROOT = Path(__file__).resolve().parent.parent.parent
# A first start renders the whole site, about 8,000 pages in ten languages: a minute on two free
# cores, a few on a machine busy with other tests.
STARTING_SECONDS = 300


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def is_free(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers bind
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


_last_port: dict[str, int] = {}


def port_for(kind: str) -> int:
    """A free port: the one this kind of server had last time, when it is free again. A site's
    address is in its pages, so each port is a build of its own (a minute of rendering): servers
    started one after another on one port share theirs."""
    port = _last_port.get(kind)
    if port is None or not is_free(port):
        port = free_port()
    _last_port[kind] = port
    return port


class LiveServer:
    """The app in its own process, so a test can stop it to take the network away."""

    def __init__(self, port: int, env: dict[str, str] | None = None, fail_path: str | None = None):
        self.port, self.env, self.fail_path, self.process = port, env or {}, fail_path, None
        self.url = f"http://127.0.0.1:{port}"

    def start(self) -> "LiveServer":
        command = [sys.executable, "-m", "tests.support.serve_app", str(self.port)]
        if self.fail_path:
            command.append(self.fail_path)
        # A file, not a pipe: the request log must never fill a buffer and stall the server.
        self.log = tempfile.TemporaryFile()
        # An instance folder of its own (its database and keys), gone when the test ends, and
        # the run's builds, shared by every server on this port and content (a folder of its
        # own outside a test run), unless `env` names others.
        self.builds = tempfile.TemporaryDirectory(prefix="steady-build-")
        self.instance = tempfile.TemporaryDirectory(prefix="steady-instance-")
        builds = apps.run_folder / "builds" if apps.run_folder else Path(self.builds.name)
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={
                **os.environ,
                "FLASK_SITE_URL": self.url,
                "FLASK_BUILD_DIR": str(builds),
                "STEADY_INSTANCE_DIR": self.instance.name,
                "FLASK_INSTANCE_DIR": self.instance.name,
                **self.env,
            },
            stdout=subprocess.DEVNULL,
            stderr=self.log,
        )
        deadline = time.monotonic() + STARTING_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.log.seek(0)
                output = self.log.read().decode()
                self.stop()
                raise RuntimeError(f"server exited: {output}")
            try:
                urllib.request.urlopen(self.url + "/blank", timeout=1)
                return self
            except OSError:
                time.sleep(0.1)
        self.stop()  # not left running behind the failed test
        raise RuntimeError(f"server did not start within {STARTING_SECONDS} s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        if self.process:
            self.log.close()
            self.builds.cleanup()
            self.instance.cleanup()
