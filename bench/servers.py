"""Servers the benchmarks measure, each in a process of its own on loopback."""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Long enough for a first start that builds the site (300 generated case studies, 10 languages).
START_SECONDS = 180
STOP_SECONDS = 10


def answers(url: str) -> bool:
    """Whether anything answers there over HTTP, even with an error status."""
    try:
        urllib.request.urlopen(url, timeout=1)
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False
    return True


def start(
    command: list[str], port: int, env: dict[str, str] | None = None, quiet: bool = False
) -> subprocess.Popen:
    """Run `command` and return once it answers HTTP on `port`. A quiet server's log is
    dropped (one that logs every start would come between the figures)."""
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL if quiet else None,
    )
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline and process.poll() is None:
        if answers(f"http://127.0.0.1:{port}/"):
            return process
        time.sleep(0.1)
    process.terminate()
    raise RuntimeError(f"{' '.join(command)} did not start on port {port}")


def gunicorn(app_spec: str, port: int, env: dict[str, str] | None = None) -> subprocess.Popen:
    """The app under gunicorn with one sync worker: what the throughput figures compare."""
    command = [str(Path(sys.executable).with_name("gunicorn")), "--workers", "1"]
    command += ["--bind", f"127.0.0.1:{port}", "--log-level", "warning", app_spec]
    return start(command, port, env)


def stop(process: subprocess.Popen) -> None:
    """Terminated, or killed if it will not go: a server whose threads all wait on a hung
    dependency must not hang the benchmark that stops it."""
    process.terminate()
    try:
        process.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
