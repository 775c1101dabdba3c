"""Throughput of requests anyone can make up, against a stored case page in the same run
(gunicorn with one sync worker, wrk on loopback, today's content): another page's parameter,
an unknown or repeated country, a case study or an answer that does not exist, an easy-read
Start here page, a method an address does not take, a Host header we do not serve. Each was
once rendered per request, so a stranger could load the server with them; each should answer
at close to a stored page's rate.

Only HTTP is used, so the same script measures any version of the app."""

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.servers import gunicorn, stop  # noqa: E402
from bench.throughput import requests_per_second  # noqa: E402
from tests.support.live_server import free_port  # noqa: E402

ROUNDS = 2
STORED = ("GET", "/en/case-studies/stopncii", ())
REFUSED_HOST = ("Host: bad host!",)
ASKED = (
    ("GET", "/en/case-studies/stopncii?country=gb", ()),
    ("GET", "/en/about?topic=tools", ()),
    ("GET", "/en/crisis?country=zz", ()),
    ("GET", "/en/crisis?country=gb&country=gb", ()),
    ("GET", "/en/?topic=zzz", ()),
    ("GET", "/en/plain/start", ()),
    ("GET", "/en/plain/start/under-18/gb/threatened", ()),
    ("GET", "/en/case-studies/no-such-case", ()),
    ("GET", "/en/plain/case-studies/no-such-case", ()),
    ("GET", "/en/start/under-18/zz", ()),
    ("GET", "/no-such-page", ()),
    ("PUT", "/en/crisis", ()),  # a method the page does not take: 405
    ("GET", "/en/case-studies/stopncii", REFUSED_HOST),  # a Host we do not serve: 400
)


def main() -> None:
    if not shutil.which("wrk"):
        sys.exit("wrk is needed for this benchmark: apt-get install -y wrk")
    with tempfile.TemporaryDirectory() as build:
        port = free_port()
        process = gunicorn("app:create_app()", port, {"FLASK_BUILD_DIR": build})
        base = f"http://127.0.0.1:{port}"
        try:
            rates = dict.fromkeys((STORED, *ASKED), 0.0)
            for _ in range(ROUNDS):  # the best of each round: other work only slows one down
                for asked in rates:
                    method, path, headers = asked
                    rate = requests_per_second(
                        base + path, True, "3s", method=method, headers=headers
                    )
                    rates[asked] = max(rates[asked], rate)
        finally:
            stop(process)
    print("gunicorn, 1 sync worker, wrk on loopback, today's content:")
    for (method, path, headers), rate in rates.items():
        asked = " ".join([method, path, *(f"({header})" for header in headers)])
        print(f"  {asked}: {rate:,.0f} req/s ({rate / rates[STORED]:.2f} of a stored page)")


if __name__ == "__main__":
    main()
