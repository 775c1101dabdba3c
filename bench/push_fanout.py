"""Push fan-out: 10,000 subscriptions, each push encrypted (aes128gcm) and signed, sent over
real loopback HTTP to the mock push service in its own process, which verifies the VAPID token
and decrypts every one. Prints pushes per second with the embedded SQLite queue and with Redis.

Anchors: a WordPress push plugin took 20 minutes for 10,000 on one vCPU; Mastodon delivered
400 in 8 s after pooling. Aim: at least 1,000 per second.
"""

import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from app import create_app  # noqa: E402
from app.db import upgrade  # noqa: E402
from app.parts import parts  # noqa: E402
from app.push.jobs import build_push  # noqa: E402
from app.push.keys import create_keys  # noqa: E402
from app.push.model import PushSubscription  # noqa: E402
from tests.support.live_server import free_port  # noqa: E402
from tests.support.push_service import shared_receiver  # noqa: E402

SUBSCRIPTIONS = int(os.environ.get("PUSH_BENCH_SUBSCRIPTIONS", 10_000))
WORKERS = int(os.environ.get("PUSH_BENCH_WORKERS", 4))  # consumer threads, each one job
SEED = 0x5EED5EED5EED


def start_service(port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.support.push_service", str(port), str(SEED)], cwd=ROOT
    )
    for _ in range(100):
        try:
            count(port)
            return process
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("the mock push service did not start")


def count(port: int) -> tuple[int, int]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/count", timeout=5) as response:
        return int(response.headers["X-Count"]), int(response.headers["X-Refused"])


def make_app(instance: Path, origin: str, queue: str, redis_url: str):
    create_keys(instance)
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_DIR": instance,
            "DATABASE_URL": f"sqlite:///{instance / 'bench.sqlite3'}",
            "PUSH_VAPID_SUBJECT": "mailto:bench@steady.example.org",
            "QUEUE": queue,
            "QUEUE_REDIS_URL": redis_url,
            "PUSH_TEST_SERVICES": [origin],
            "PUSH_ANNOUNCE_UPDATES": False,
            "PUSH_RETRY_BASE_SECONDS": 1,
        }
    )
    upgrade(parts(app).engine)
    _, keys = shared_receiver(SEED)
    rows = [
        {
            "endpoint": f"{origin}/bench/{n}",
            "p256dh": keys["p256dh"],
            "auth": keys["auth"],
            "locale": ("en", "es", "ar")[n % 3],
            "plain": False,
            "topics": "updates",
            "check_ins_sent": 0,
        }
        for n in range(SUBSCRIPTIONS)
    ]
    with parts(app).sessions() as session:
        session.execute(insert(PushSubscription), rows)
        session.commit()
    return app


def consume(huey, stop: threading.Event) -> None:
    while not stop.is_set():
        task = huey.dequeue()
        if task is None:
            time.sleep(0.01)
            continue
        huey.execute(task)


def fan_out(queue: str, port: int, redis_url: str = "") -> None:
    instance = Path(tempfile.mkdtemp(prefix=f"push-bench-{queue}-"))
    app = make_app(instance, f"http://127.0.0.1:{port}", queue, redis_url)
    jobs = parts(app).push_queue
    jobs.huey.flush()
    before, _ = count(port)
    stop = threading.Event()
    consumers = [threading.Thread(target=consume, args=(jobs.huey, stop)) for _ in range(WORKERS)]
    started = time.perf_counter()
    jobs.fan_out("updates")
    for consumer in consumers:
        consumer.start()
    retried = 0
    while (done := count(port)[0] - before) < SUBSCRIPTIONS:
        if time.perf_counter() - started > 600:
            break
        # As the consumer's scheduler does: retries (a timeout, a 5xx) join the queue when due.
        for task in jobs.huey.read_schedule():
            jobs.huey.enqueue(task)
            retried += len(task.args[0])
        time.sleep(0.05)
    elapsed = time.perf_counter() - started
    stop.set()
    for consumer in consumers:
        consumer.join()
    refused = count(port)[1]
    print(
        f"{queue:>7} queue: {done:,} pushes in {elapsed:.1f} s = {done / elapsed:,.0f} pushes/s "
        f"({WORKERS} consumer threads, batches of {app.config['PUSH_BATCH_SIZE']}, "
        f"{app.config['PUSH_SEND_THREADS']} sending threads each; retried: {retried}; "
        f"refused by the service: {refused})"
    )
    parts(app).engine.dispose()
    shutil.rmtree(instance, ignore_errors=True)


def encrypt_only(port: int) -> None:
    """The cost of building, encrypting and signing alone, without the network."""
    from pywebpush import WebPusher

    instance = Path(tempfile.mkdtemp(prefix="push-bench-encrypt-"))
    app = make_app(instance, f"http://127.0.0.1:{port}", "immediate", "")
    sender = parts(app).push_sender
    with app.app_context(), parts(app).sessions() as session:
        subscriptions = session.query(PushSubscription).limit(2000).all()
        started = time.perf_counter()
        for subscription in subscriptions:
            push = build_push(subscription, "updates")
            info = {"endpoint": push.endpoint, "keys": {"p256dh": push.p256dh, "auth": push.auth}}
            WebPusher(info).encode(push.payload)
            sender.token(push.endpoint.rsplit("/bench/", 1)[0])
        elapsed = time.perf_counter() - started
    print(f"encrypting and signing alone: {len(subscriptions) / elapsed:,.0f} pushes/s (1 thread)")
    shutil.rmtree(instance, ignore_errors=True)


def start_redis() -> tuple[subprocess.Popen | None, str]:
    if os.environ.get("STEADY_TEST_REDIS_URL"):
        return None, os.environ["STEADY_TEST_REDIS_URL"]
    if not shutil.which("redis-server"):
        return None, ""
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    time.sleep(0.5)
    return process, f"redis://127.0.0.1:{port}/0"


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    print(f"{SUBSCRIPTIONS:,} subscriptions, mock push service in its own process, "
          f"{os.cpu_count()} CPU cores shared by both; load average before: "
          f"{os.getloadavg()[0]:.1f}")  # fmt: skip
    port = free_port()
    service = start_service(port)
    redis_process, redis_url = start_redis()
    try:
        encrypt_only(port)
        fan_out("sqlite", port)
        if redis_url:
            fan_out("redis", port, redis_url)
        else:
            print("  redis queue: skipped (no redis-server; install Debian's redis-server)")
    finally:
        service.terminate()
        if redis_process:
            redis_process.terminate()
