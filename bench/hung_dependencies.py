"""Hung dependencies (issue 19): does the crisis page answer while PostgreSQL, the mail server or
Redis hangs, or while a flood of failed staff logins comes in?

A hung server (stopped with SIGSTOP, or wedged) still has its connections accepted by the kernel
and never answers them, so every request that waits on it holds one of the eight threads of
`make serve` (app/server.py). The crisis page is answered from memory, but it too needs a free
thread. Each scenario starts `make serve`'s server in a process and instance folder of its own,
its database migrated and the site built first as `make serve` does; measures the crisis page
unloaded; puts the load on; and measures the page again. Prints figures, asserts nothing.

The crisis page is asked for 20 times, 0.1 s apart, each request on its own connection with 5 s
to answer: one after another, twenty timeouts would take 100 s a scenario, and visitors do not
wait for each other. The hung servers are tests/support/frozen.py's: a relay frozen between the
app and a real PostgreSQL or Redis, and a mail server that never says a word. Each contact post
comes from its own loopback address (127.0.0.x), so the per-address limit refuses none of them.

PostgreSQL: set STEADY_BENCH_POSTGRES_URL (or STEADY_TEST_POSTGRES_URL) to a database on this
machine that `flask db upgrade` may migrate; without one, that scenario is skipped.
"""

import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.servers import start, stop  # noqa: E402
from tests.support import visitors  # noqa: E402
from tests.support.frozen import relay, silent_server  # noqa: E402
from tests.support.live_server import free_port  # noqa: E402
from tests.support.push import SUBJECT  # noqa: E402
from tests.support.redis_server import start_redis  # noqa: E402
from tests.support.visitors import request  # noqa: E402

CRISIS_PAGE = "/en/crisis"
PROBES = 20
PROBE_GAP_S = 0.1
PROBE_TIMEOUT_S = 5
ANSWERED_WITHIN_S = 1
# The load: posts all started at once, then given this long to end.
POSTS = 50
POSTS_CAP_S = 30
# Long enough for every post to reach the server (and a thread, if one is free).
SETTLE_S = 1
STAFF_ACCOUNTS = 5
STAFF_PASSWORD = "a-long-enough-bench-password"
LOGIN_CLIENTS = 16
LOGIN_RATE_PER_S = 2.5
LOGIN_TIMEOUT_S = 10
FLOOD_S = 10
# Each sender its own loopback address: every Linux answers on all of 127.0.0.0/8.
CONTACT_SOURCES = [f"127.0.0.{n}" for n in range(2, 2 + POSTS)]
PUSH_SOURCES = [f"127.0.0.{n}" for n in range(2 + POSTS, 2 + 2 * POSTS)]
LOGIN_SOURCES = [f"127.0.0.{n}" for n in range(2 + 2 * POSTS, 2 + 2 * POSTS + LOGIN_CLIENTS)]


def post_message(port: int, source: str) -> int:
    return visitors.post_message(port, source, timeout=POSTS_CAP_S + 5)


def post_subscription(port: int, source: str) -> int:
    return visitors.post_subscription(port, source, timeout=POSTS_CAP_S + 5)


def crisis_page(port: int) -> list[float]:
    """Seconds each request for the crisis page took to be answered with a 200; math.inf for
    one that was not within PROBE_TIMEOUT_S."""
    took = [math.inf] * PROBES

    def probe(index: int) -> None:
        began = time.perf_counter()
        try:
            status = request(port, "GET", CRISIS_PAGE, timeout=PROBE_TIMEOUT_S)[0]
        except OSError:
            return
        seconds = time.perf_counter() - began
        if status == 200 and seconds <= PROBE_TIMEOUT_S:
            took[index] = seconds

    threads = []
    for index in range(PROBES):
        threads.append(threading.Thread(target=probe, args=(index,), daemon=True))
        threads[-1].start()
        time.sleep(PROBE_GAP_S)
    deadline = time.monotonic() + PROBE_TIMEOUT_S + 1
    for thread in threads:
        thread.join(timeout=max(0, deadline - time.monotonic()))
    return list(took)


class InFlight:
    """Requests started at once, each on a thread and connection of its own; how they ended."""

    def __init__(self, what: str, sends: list[Callable[[], int]]):
        self.what, self.total = what, len(sends)
        self.ended: list[tuple[float, str]] = []
        self.lock = threading.Lock()
        self.began = time.monotonic()
        for send in sends:
            threading.Thread(target=self.run, args=(send,), daemon=True).start()

    def run(self, send: Callable[[], int]) -> None:
        try:
            outcome = str(send())
        except OSError as error:  # timed out, refused, reset: named as Python names it
            outcome = type(error).__name__
        with self.lock:
            self.ended.append((time.monotonic() - self.began, outcome))

    def outcome(self, cap_s: float) -> str:
        """How they ended, waiting until all have or `cap_s` after they began."""
        while len(self.ended) < self.total and time.monotonic() - self.began < cap_s:
            time.sleep(0.05)
        with self.lock:
            ended = list(self.ended)
        return f"{self.total} {self.what}: {tally(ended, self.total, cap_s)}"


def tally(ended: list[tuple[float, str]], sent: int, at_s: float) -> str:
    """'6×503 in 0.01 s, 44 still waiting at 30 s': how many ended each way, and the slowest
    of each, from (seconds taken, outcome) of those that ended."""
    slowest: dict[str, float] = defaultdict(float)
    count: dict[str, int] = defaultdict(int)
    for seconds, outcome in ended:
        count[outcome] += 1
        slowest[outcome] = max(slowest[outcome], seconds)
    said = [f"{count[o]}×{o} in {slowest[o]:.2f} s" for o in sorted(count, key=slowest.get)]
    if len(ended) < sent:
        said.append(f"{sent - len(ended)} still waiting at {at_s:.0f} s")
    return ", ".join(said)


def instance_environ(work: Path, **variables: str) -> dict[str, str]:
    """A server's environment: an instance folder of its own and the run's one build folder, as
    tests/support/apps.py test_folders() gives the tests' servers; then `variables`."""
    instance = tempfile.mkdtemp(prefix="instance-", dir=work)
    return {
        **os.environ,
        "STEADY_INSTANCE_DIR": instance,
        "FLASK_INSTANCE_DIR": instance,
        "FLASK_BUILD_DIR": str(work / "builds"),
        **variables,
    }


def flask(env: dict[str, str], *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "flask", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{done.stderr[-2000:]}")


@contextmanager
def make_serve(env: dict[str, str], *setup: tuple[str, ...]):
    """What `make serve` runs: the database migrated, then each `setup` command (on the new
    tables), the site built, then the server. Yields its port and process id."""
    flask(env, "db", "upgrade")
    for command in setup:
        flask(env, *command)
    flask(env, "build")
    port = free_port()
    listen = {**env, "HOST": "127.0.0.1", "PORT": str(port)}
    process = start([sys.executable, "-m", "app.server"], port, listen, quiet=True)
    try:
        yield port, process.pid
    finally:
        stop(process)


def peak_rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024


def first_post(port: int) -> None:
    """One message through every dependency while it still answers, as on a server in use:
    its connections are open in the pools when the dependency hangs."""
    status = post_message(port, "127.0.0.1")
    if status != 201:
        raise RuntimeError(f"the first contact post was answered {status}, not 201")


def contact_posts(port: int) -> InFlight:
    return InFlight("contact posts", [partial(post_message, port, s) for s in CONTACT_SOURCES])


# The scenarios: each returns (crisis page unloaded, crisis page under load, what the load got).


def unloaded(work: Path):
    with make_serve(instance_environ(work)) as (port, _):
        return crisis_page(port), None, ""


def postgresql_hung(work: Path):
    url = os.environ.get("STEADY_BENCH_POSTGRES_URL") or os.environ.get("STEADY_TEST_POSTGRES_URL")
    if not url:
        return "skipped: no STEADY_TEST_POSTGRES_URL"
    target = urllib.parse.urlsplit(url)
    if target.hostname not in ("127.0.0.1", "localhost"):
        return "skipped: the relay reaches PostgreSQL on this machine only"
    with relay(target.port or 5432) as frozen:
        user = target.netloc.rpartition("@")[0]
        address = f"127.0.0.1:{frozen.port}"
        relayed = target._replace(netloc=f"{user}@{address}" if user else address)
        env = instance_environ(work, DATABASE_URL=relayed.geturl())
        with make_serve(env) as (port, _):
            first_post(port)
            before = crisis_page(port)
            frozen.freeze()
            posts = contact_posts(port)
            time.sleep(SETTLE_S)
            during = crisis_page(port)
            return before, during, posts.outcome(POSTS_CAP_S)


def mail_hung(work: Path):
    with silent_server() as smtp_port:
        env = instance_environ(
            work,
            FLASK_MAIL_BACKEND="smtp",
            FLASK_MAIL_SMTP_HOST="127.0.0.1",
            FLASK_MAIL_SMTP_PORT=str(smtp_port),
            FLASK_MAIL_SMTP_STARTTLS="false",
            STEADY_STAFF_PASSWORD=STAFF_PASSWORD,
        )
        staff = [("staff", "add", f"staff{n}@steady.example.org") for n in range(STAFF_ACCOUNTS)]
        with make_serve(env, *staff) as (port, _):
            before = crisis_page(port)
            posts = contact_posts(port)
            time.sleep(SETTLE_S)
            during = crisis_page(port)
            return before, during, posts.outcome(POSTS_CAP_S)


def redis_hung(work: Path):
    folder = Path(tempfile.mkdtemp(prefix="redis-", dir=work))
    redis_process, url = start_redis(folder)
    try:
        with relay(urllib.parse.urlsplit(url).port) as frozen:
            relayed = f"redis://127.0.0.1:{frozen.port}/0"
            env = instance_environ(
                work,
                FLASK_PUSH_QUEUE="redis",
                FLASK_PUSH_REDIS_URL=relayed,
                FLASK_CONTACT_RATE_LIMIT_REDIS_URL=relayed,
                # Push set up, as on a deployment that queues on Redis.
                FLASK_PUSH_VAPID_SUBJECT=SUBJECT,
            )
            with make_serve(env, ("push", "keys")) as (port, _):
                first_post(port)
                before = crisis_page(port)
                frozen.freeze()
                posts = contact_posts(port)
                subscriptions = InFlight(
                    "push subscriptions",
                    [partial(post_subscription, port, source) for source in PUSH_SOURCES],
                )
                time.sleep(SETTLE_S)
                during = crisis_page(port)
                return (
                    before,
                    during,
                    f"{posts.outcome(POSTS_CAP_S)}; {subscriptions.outcome(POSTS_CAP_S)}",
                )
    finally:
        redis_process.kill()
        redis_process.wait()


def login_form(port: int, source: str) -> tuple[str, str]:
    """The session cookie and the CSRF token of the staff login form, as a browser has them."""
    status, headers, body = request(port, "GET", "/staff/login", source, timeout=LOGIN_TIMEOUT_S)
    token = re.search(rb'name="csrf_token" value="([^"]+)"', body)
    if status != 200 or token is None:
        raise RuntimeError(f"the staff login form was answered {status}, with no token")
    return headers["Set-Cookie"].partition(";")[0], token.group(1).decode()


class LoginFlood:
    """LOGIN_CLIENTS clients, each from its own address with its own session, sending failed
    logins for addresses that have no account (the dearest: each checks a password with
    argon2), together at `rate` a second, or each as fast as it is answered."""

    def __init__(self, port: int, rate: float | None):
        self.port, self.rate = port, rate
        self.forms = [login_form(port, source) for source in LOGIN_SOURCES]
        self.ended: list[tuple[float, str]] = []
        self.sent = 0
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.began = time.monotonic()
        self.threads = [
            threading.Thread(target=self.client, args=(index,), daemon=True)
            for index in range(LOGIN_CLIENTS)
        ]
        for thread in self.threads:
            thread.start()

    def client(self, index: int) -> None:
        cookie, token = self.forms[index]
        form = {"csrf_token": token, "password": "not-the-password", "code": "123456"}
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie,
            "Sec-Fetch-Site": "same-origin",
        }
        turn = 0
        while not self.stopping.is_set():
            if self.rate:
                # The clients take turns: together, one login every 1/rate seconds.
                due = self.began + (index + turn * LOGIN_CLIENTS) / self.rate
                if self.stopping.wait(max(0, due - time.monotonic())):
                    return
            turn += 1
            # Another address each time, as a flood would: the same one from the same client is
            # refused after five failures, before its password is hashed.
            form["email"] = f"nobody{index}-{turn}@steady.example.org"
            with self.lock:
                self.sent += 1
            began = time.monotonic()
            try:
                status = request(
                    self.port,
                    "POST",
                    "/staff/login",
                    LOGIN_SOURCES[index],
                    headers,
                    urllib.parse.urlencode(form),
                    LOGIN_TIMEOUT_S,
                )[0]
                outcome = str(status)
            except OSError as error:
                outcome = type(error).__name__
            with self.lock:
                self.ended.append((time.monotonic() - began, outcome))

    def stop(self) -> str:
        """What the logins sent until now got. Those still waiting are left to the server's
        end: a client's timeout is no sign the server has given up on it."""
        self.stopping.set()
        lasted = time.monotonic() - self.began
        with self.lock:
            ended, sent = list(self.ended), self.sent
        return f"{sent} failed logins sent in {lasted:.0f} s: {tally(ended, sent, lasted)}"


def login_flood(work: Path, rate: float | None):
    with make_serve(instance_environ(work)) as (port, pid):
        before = crisis_page(port)
        unloaded_rss = peak_rss_mb(pid)
        flood = LoginFlood(port, rate)
        time.sleep(SETTLE_S)
        during = crisis_page(port)
        time.sleep(max(0, flood.began + FLOOD_S - time.monotonic()))
        logins = flood.stop()
        rss = f"peak RSS {unloaded_rss:.0f} MB unloaded, {peak_rss_mb(pid):.0f} MB after"
        return before, during, f"{logins}; {rss}"


SCENARIOS = {
    "1. unloaded": unloaded,
    "2. PostgreSQL hung": postgresql_hung,
    "3. mail server hung": mail_hung,
    "4. Redis hung": redis_hung,
    f"5. login flood, {LOGIN_RATE_PER_S}/s": partial(login_flood, rate=LOGIN_RATE_PER_S),
    "5. login flood, flat out": partial(login_flood, rate=None),
}


def duration(seconds: float) -> str:
    if seconds == math.inf:
        return f"{PROBE_TIMEOUT_S} s+"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def figures(took: list[float] | None) -> str:
    if took is None:
        return f"{'':>7} {'':>9} {'':>9}"
    within = sum(seconds <= ANSWERED_WITHIN_S for seconds in took)
    median = duration(statistics.median(took))
    return f"{f'{within}/{len(took)}':>7} {median:>9} {duration(max(took)):>9}"


def main() -> None:
    print(
        f"`make serve` (waitress, 8 threads); the crisis page GET {CRISIS_PAGE}: {PROBES} "
        f"requests {PROBE_GAP_S} s apart, {PROBE_TIMEOUT_S} s each to answer; 'in 1 s': "
        f"answered 200 within {ANSWERED_WITHIN_S} s; a timeout (or another status) counts as "
        f"{PROBE_TIMEOUT_S} s+."
    )
    print(f"{'':26} {'unloaded (same server)':>27}   {'under load':>27}")
    columns = f"{'in 1 s':>7} {'median':>9} {'max':>9}"
    print(f"{'scenario':26} {columns}   {columns}   what the load got")
    began = time.monotonic()
    with tempfile.TemporaryDirectory() as work:
        for name, scenario in SCENARIOS.items():
            try:
                result = scenario(Path(work))
            except Exception as error:  # one broken scenario must not hide the others' figures
                result = f"failed: {type(error).__name__}: {error}"
            if isinstance(result, str):
                print(f"{name:26} {result}", flush=True)
                continue
            before, during, got = result
            print(f"{name:26} {figures(before)}   {figures(during)}   {got}", flush=True)
    print(f"({time.monotonic() - began:.0f} s in all)")


if __name__ == "__main__":
    main()
