"""Throughput of addresses anyone can make up, against a stored case page in the same run
(gunicorn with one sync worker, wrk on loopback, today's content): another page's parameter,
an unknown or repeated country, a case study or an answer that does not exist, an easy-read
Start here page. Each was once rendered per request, so a stranger could load the server with
them; each should answer at close to a stored page's rate.

Only HTTP is used, so the same script measures any version of the app."""

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.servers import gunicorn, stop  # noqa: E402
from bench.throughput import requests_per_second  # noqa: E402
from tests.live_server import free_port  # noqa: E402

ROUNDS = 2
STORED = "/en/case-studies/stopncii"
ADDRESSES = (
    "/en/case-studies/stopncii?country=gb",
    "/en/about?topic=tools",
    "/en/crisis?country=zz",
    "/en/crisis?country=gb&country=gb",
    "/en/?topic=zzz",
    "/en/plain/start",
    "/en/plain/start/under-18/gb/threatened",
    "/en/case-studies/no-such-case",
    "/en/plain/case-studies/no-such-case",
    "/en/start/under-18/zz",
    "/no-such-page",
)


def main() -> None:
    if not shutil.which("wrk"):
        sys.exit("wrk is needed for this benchmark: apt-get install -y wrk")
    with tempfile.TemporaryDirectory() as build:
        port = free_port()
        process = gunicorn("app:create_app()", port, {"FLASK_BUILD_DIR": build})
        base = f"http://127.0.0.1:{port}"
        try:
            rates = dict.fromkeys((STORED, *ADDRESSES), 0.0)
            for _ in range(ROUNDS):  # the best of each round: other work only slows one down
                for path in rates:
                    rate = requests_per_second(base + path, allow_errors=True, duration="3s")
                    rates[path] = max(rates[path], rate)
        finally:
            stop(process)
    print("gunicorn, 1 sync worker, wrk on loopback, today's content:")
    for path, rate in rates.items():
        print(f"  {path}: {rate:,.0f} req/s ({rate / rates[STORED]:.2f} of a stored page)")


if __name__ == "__main__":
    main()
