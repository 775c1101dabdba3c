"""Slow clients: how long an ordinary visitor waits while others hold half-sent requests open.

Each server under test is started on loopback; N connections each send half a request and then
wait; meanwhile we time ordinary page requests (5 s timeout: a timeout counts as a failure).
Compared: `make serve` (waitress, app/server.py) against gunicorn with sync and gthread workers.
"""

import socket
import statistics
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.servers import start, stop  # noqa: E402
from bench.throughput import requests_per_second  # noqa: E402
from tests.support.live_server import free_port  # noqa: E402

SLOW_COUNTS = (0, 2, 16, 64, 512)
PROBES = 20
PROBE_TIMEOUT_S = 5
HALF_REQUEST = b"GET /en/ HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow"


def servers(port: int) -> dict[str, list[str]]:
    bin_dir = Path(sys.executable).parent
    gunicorn = [str(bin_dir / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--log-level", "error"]
    return {
        "make serve (waitress, 8 threads)": [sys.executable, "-m", "app.server"],
        "gunicorn sync, 2 workers": [*gunicorn, "--workers", "2", "app:create_app()"],
        "gunicorn gthread, 2x8 threads": [
            *gunicorn,
            "--workers",
            "2",
            "--threads",
            "8",
            "--worker-class",
            "gthread",
            "app:create_app()",
        ],
    }


def open_slow(port: int, count: int) -> list[socket.socket]:
    sockets = []
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        sock.sendall(HALF_REQUEST)
        sockets.append(sock)
    return sockets


def probe(port: int) -> tuple[list[float], int]:
    """Latencies of the requests that were answered, and how many failed."""
    latencies, failures = [], 0
    for _ in range(PROBES):
        began = time.perf_counter()
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{port}/en/", timeout=PROBE_TIMEOUT_S
            ) as response:
                response.read()
            latencies.append((time.perf_counter() - began) * 1000)
        except OSError:
            failures += 1
    return latencies, failures


def main() -> None:
    print(f"{'server':36} {'slow':>5} {'answered':>9} {'median ms':>10} {'max ms':>8}")
    for name in servers(0):
        port = free_port()
        listen = {"HOST": "127.0.0.1", "PORT": str(port)}
        process = start(servers(port)[name], port, listen, quiet=True)
        try:
            rate = requests_per_second(f"http://127.0.0.1:{port}/en/case-studies/stopncii")
            print(
                f"{name:36} throughput with no slow client: {rate:,.0f} requests/s (wrk, 16 conns)"
            )
            for count in SLOW_COUNTS:
                slow = open_slow(port, count)
                time.sleep(0.5)  # let the server hand them to whatever will wait on them
                latencies, failures = probe(port)
                for sock in slow:
                    sock.close()
                median = f"{statistics.median(latencies):.1f}" if latencies else "-"
                worst = f"{max(latencies):.1f}" if latencies else "-"
                answered = f"{PROBES - failures}/{PROBES}"
                print(f"{name:36} {count:>5} {answered:>9} {median:>10} {worst:>8}")
                if failures == PROBES:
                    break  # no point opening more
        finally:
            stop(process)


if __name__ == "__main__":
    main()
