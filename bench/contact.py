"""Contact: messages accepted per second (each one sealed, committed and, with SQLite, on disk
before the 2xx), on SQLite and on PostgreSQL when one is given, and the cost of the stored form
page against a stored case page. gunicorn, one sync worker, wrk on loopback.

PostgreSQL: set STEADY_BENCH_POSTGRES_URL (or STEADY_TEST_POSTGRES_URL) to an empty database
this benchmark may wipe."""

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from app import db  # noqa: E402
from app.contact.model import ContactMessage  # noqa: E402
from bench.servers import gunicorn, stop  # noqa: E402
from tests.support.apps import emptied  # noqa: E402
from tests.support.live_server import free_port  # noqa: E402

DURATION = "8s"
CONNECTIONS = "16"
# Every request a new message: a distinct idempotency key per thread and request.
POST_SCRIPT = """
local counter = 0
local threads = 0
function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end
request = function()
  counter = counter + 1
  local key = string.format("00000000-0000-4000-8%03d-%012d", id, counter)
  return wrk.format("POST", "/en/contact", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Idempotency-Key"] = key,
    ["Sec-Fetch-Site"] = "same-origin",
  }, "message=" .. string.rep("Someone+threatens+to+share+a+photo+of+my+son.+", 20)
     .. "&reply_to=parent%40example.org&country=gb&age_band=13-15")
end
"""


def wrk(url: str, script: Path | None = None) -> tuple[float, int]:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "-H", "Accept-Encoding: gzip"]
    if script:
        command += ["-s", str(script)]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} error responses\n{output}")
    total = int(re.search(r"(\d+) requests in", output).group(1))
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)), total


def accepted_per_second(url: str, work: Path) -> tuple[float, int, int]:
    instance = Path(tempfile.mkdtemp(dir=work))
    env = {
        "FLASK_INSTANCE_DIR": str(instance),
        "FLASK_DATABASE_URL": emptied(url, instance),
        "FLASK_CONTACT_RATE_LIMIT": "100000000",
    }
    script = work / "post.lua"
    script.write_text(POST_SCRIPT)
    port = free_port()
    process = gunicorn("app:create_app()", port, env)
    try:
        rate, sent = wrk(f"http://127.0.0.1:{port}/en/contact", script)
    finally:
        stop(process)
    engine = db.make_engine(db.database_url({"DATABASE_URL": url, "INSTANCE_DIR": instance}))
    with Session(engine) as session:
        stored = session.scalar(select(func.count()).select_from(ContactMessage))
    engine.dispose()
    return rate, sent, stored


def page_costs(work: Path) -> tuple[float, float]:
    instance = Path(tempfile.mkdtemp(dir=work))
    port = free_port()
    process = gunicorn("app:create_app()", port, {"FLASK_INSTANCE_DIR": str(instance)})
    try:
        base = f"http://127.0.0.1:{port}"
        wrk(base + "/en/contact")  # warm up
        form, _ = wrk(base + "/en/contact")
        case, _ = wrk(base + "/en/case-studies/stopncii")
    finally:
        stop(process)
    return form, case


def main() -> None:
    if not shutil.which("wrk"):
        sys.exit("wrk is needed for this benchmark: apt-get install -y wrk")
    postgres = os.environ.get("STEADY_BENCH_POSTGRES_URL") or os.environ.get(
        "STEADY_TEST_POSTGRES_URL"
    )
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        print(f"gunicorn, 1 sync worker, wrk -t2 -c{CONNECTIONS} -d{DURATION} on loopback:")
        databases = [("SQLite (WAL, synchronous=FULL)", f"sqlite:///{work / 'bench.sqlite3'}")]
        if postgres:
            databases.append(("PostgreSQL", postgres))
        for name, url in databases:
            rate, sent, stored = accepted_per_second(url, work)
            # A request still in flight when wrk stops may be stored without being counted.
            print(
                f"  {name}: {rate:,.0f} messages accepted/s ({sent:,} answered, {stored:,} stored)"
            )
        if not postgres:
            print("  PostgreSQL: not measured (set STEADY_BENCH_POSTGRES_URL)")
        form, case = page_costs(work)
        print(f"  contact form page (stored, gzip): {form:,.0f} requests/s")
        print(f"  case-study page (stored, gzip):   {case:,.0f} requests/s")
        print(f"  form / case: {form / case:.0%}")


if __name__ == "__main__":
    main()
