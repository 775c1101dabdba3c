"""Throughput of a case-study page against a bare Flask handler, both under gunicorn on
loopback, measured with wrk. Target: the case page reaches at least 80% of the bare handler."""

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.servers import gunicorn, stop  # noqa: E402
from tests.support.live_server import free_port  # noqa: E402

DURATION = "8s"
CONNECTIONS = "16"


def requests_per_second(
    url: str,
    allow_errors: bool = False,
    duration: str = DURATION,
    method: str = "GET",
    headers: tuple[str, ...] = (),
) -> float:
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{duration}", "-H", "Accept-Encoding: gzip"]
    for header in headers:
        command += ["-H", header]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(f'wrk.method = "{method}"\n')
        script.flush()
        output = subprocess.run(
            [*command, "-s", script.name, url], capture_output=True, text=True, check=True
        ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors and not allow_errors:
        raise RuntimeError(f"{url}: {errors.group(1)} error responses")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def measure(app_spec: str, path: str) -> float:
    port = free_port()
    process = gunicorn(app_spec, port)
    try:
        requests_per_second(f"http://127.0.0.1:{port}{path}")  # warm up
        return requests_per_second(f"http://127.0.0.1:{port}{path}")
    finally:
        stop(process)


def main() -> None:
    if not shutil.which("wrk"):
        sys.exit("wrk is needed for this benchmark: apt-get install -y wrk")
    bare = measure("bench.bare_app:app", "/")
    case = measure("app:create_app()", "/en/case-studies/stopncii")
    print(f"gunicorn, 1 sync worker, wrk -c{CONNECTIONS} -d{DURATION} on loopback:")
    print(f"  bare Flask handler (constant string): {bare:,.0f} requests/s")
    print(f"  case-study page (gzip):               {case:,.0f} requests/s")
    print(f"  ratio: {case / bare:.0%} (target: at least 80%)")


if __name__ == "__main__":
    main()
