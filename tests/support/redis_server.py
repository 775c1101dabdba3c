"""A throwaway redis-server on loopback, for the tests of what several app servers share."""

import shutil
import subprocess
import time
from pathlib import Path

import redis

from tests.support.live_server import free_port


def redis_server_binary() -> str:
    found = shutil.which("redis-server")
    if found is None:
        # As for Chromium, the tests install what they need (as root, on a fresh CI machine).
        subprocess.run(["apt-get", "install", "-y", "redis-server"], check=True)
        found = shutil.which("redis-server")
    return found


def start_redis(directory: Path) -> tuple[subprocess.Popen, str]:
    """A redis-server keeping nothing on disk, and its URL once it answers a ping."""
    port = free_port()
    process = subprocess.Popen(
        [
            redis_server_binary(),
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(directory),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    deadline = time.monotonic() + 10
    try:
        while True:
            try:
                client.ping()
                return process, url
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    process.kill()
                    raise
                time.sleep(0.05)
    finally:
        client.close()
