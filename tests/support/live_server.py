"""The app served over real loopback HTTP in its own process, for browser tests and benchmarks."""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


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
        command = [sys.executable, "-m", "tests.serve_app", str(self.port)]
        if self.fail_path:
            command.append(self.fail_path)
        # A file, not a pipe: the request log must never fill a buffer and stall the server.
        self.log = tempfile.TemporaryFile()
        # A build of its own (its site URL is its own), gone when the test ends.
        self.builds = tempfile.TemporaryDirectory(prefix="steady-build-")
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={
                **os.environ,
                "FLASK_SITE_URL": self.url,
                "FLASK_BUILD_DIR": self.builds.name,
                **self.env,
            },
            stdout=subprocess.DEVNULL,
            stderr=self.log,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.log.seek(0)
                raise RuntimeError(f"server exited: {self.log.read().decode()}")
            try:
                urllib.request.urlopen(self.url + "/blank", timeout=1)
                return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("server did not start within 30 s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        if self.process:
            self.log.close()
            self.builds.cleanup()
