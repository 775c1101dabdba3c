"""The app served over real loopback HTTP in its own process, for browser tests and benchmarks."""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
# A first start renders the whole site, about 8,000 pages in ten languages: a minute on two free
# cores, a few on a machine busy with other tests.
STARTING_SECONDS = 300


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
        # A build of its own (its site URL is its own) and an instance folder of its own (its
        # database and keys), gone when the test ends, unless `env` names others.
        self.builds = tempfile.TemporaryDirectory(prefix="steady-build-")
        self.instance = tempfile.TemporaryDirectory(prefix="steady-instance-")
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={
                **os.environ,
                "FLASK_SITE_URL": self.url,
                "FLASK_BUILD_DIR": self.builds.name,
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
