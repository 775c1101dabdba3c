"""Fan-out through the real queues: the embedded SQLite one and Redis. Jobs hold one small
batch each; several workers (here two apps, as on two machines) share them and every family
gets exactly one push; a real `huey_consumer` process sends them too."""

import json
import subprocess
import sys
import threading
import time
from collections import Counter

import pytest

from app import create_app
from app.parts import parts
from app.push.keys import create_keys
from app.queue import run_queued
from tests.support.apps import ROOT, empty_database, test_environ
from tests.support.push import QUEUES, SUBJECT, push_config, subscribe

BATCH = 10


def queue_settings(kind, instance, redis_url) -> dict:
    settings = {"QUEUE": kind, "PUSH_BATCH_SIZE": BATCH}
    if kind == "redis":
        settings["QUEUE_REDIS_URL"] = redis_url
    return settings


@pytest.fixture(params=QUEUES)
def queued(request, tmp_path, push_service):
    """Two apps on one database and one queue, as two machines would be."""
    kind = request.param
    redis_url = request.getfixturevalue("redis_url") if kind == "redis" else ""
    create_keys(tmp_path)
    url = empty_database("sqlite", tmp_path)
    settings = queue_settings(kind, tmp_path, redis_url)
    apps = [create_app(push_config(tmp_path, url, push_service, **settings)) for _ in range(2)]
    parts(apps[0]).push_queue.huey.flush()
    yield apps
    parts(apps[0]).push_queue.huey.flush()
    for app in apps:
        parts(app).engine.dispose()


def test_fan_out_splits_into_small_jobs(queued, push_service):
    app = queued[0]
    api, jobs = app.test_client(), parts(app).push_queue
    families = [subscribe(api, push_service) for _ in range(2 * BATCH + 5)]
    jobs.fan_out("updates")
    assert jobs.huey.pending_count() == 1
    jobs.huey.execute(jobs.huey.dequeue())  # the fan-out itself
    sizes = sorted(len(task.args[0]) for task in jobs.huey.pending())
    assert sizes == [5, BATCH, BATCH]
    assert run_queued(jobs.huey) == 3
    paths = {f["endpoint"][len(push_service.origin) :] for f in families}
    assert Counter(r.path for r in push_service.received if r.path in paths) == dict.fromkeys(
        paths, 1
    )


def test_several_workers_share_the_jobs_and_send_each_push_once(queued, push_service):
    api = queued[0].test_client()
    families = [subscribe(api, push_service, delay=0.1) for _ in range(6 * BATCH)]
    first = parts(queued[0]).push_queue
    first.fan_out("updates")
    first.huey.execute(first.huey.dequeue())  # the fan-out: six batches now wait
    ran = Counter()

    def work(index, app):
        huey = parts(app).push_queue.huey
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            task = huey.dequeue()
            if task is None:
                if huey.pending_count() == 0:
                    return
                continue
            huey.execute(task)
            ran[index] += 1

    workers = [threading.Thread(target=work, args=(i, app)) for i, app in enumerate(queued)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert sum(ran.values()) == 6
    assert len(ran) == 2, ran  # both took jobs
    paths = {f["endpoint"][len(push_service.origin) :] for f in families}
    got = Counter(r.path for r in push_service.received if r.path in paths)
    assert got == dict.fromkeys(paths, 1)


def test_a_real_consumer_process_sends_the_queued_pushes(queued, push_service, tmp_path):
    app = queued[0]
    api = app.test_client()
    families = [subscribe(api, push_service) for _ in range(BATCH + 1)]
    parts(app).push_queue.fan_out("updates")
    config = app.config
    env = {
        **test_environ(),
        "FLASK_TESTING": "true",
        "FLASK_INSTANCE_DIR": str(config["INSTANCE_DIR"]),
        "FLASK_DATABASE_URL": config["DATABASE_URL"],
        "FLASK_PUSH_VAPID_SUBJECT": SUBJECT,
        "FLASK_QUEUE": config["QUEUE"],
        "FLASK_QUEUE_REDIS_URL": config["QUEUE_REDIS_URL"],
        "FLASK_PUSH_BATCH_SIZE": str(BATCH),
        "FLASK_PUSH_TEST_SERVICES": json.dumps(config["PUSH_TEST_SERVICES"]),
        "FLASK_PUSH_ANNOUNCE_UPDATES": "false",
    }
    consumer = subprocess.Popen(
        [sys.executable, "-m", "huey.bin.huey_consumer", "app.queue_worker.huey",
         "-w", "2", "-k", "thread", "-d", "0.05"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    paths = {f["endpoint"][len(push_service.origin) :] for f in families}
    try:
        deadline = time.monotonic() + 60
        while len({r.path for r in push_service.received} & paths) < len(paths):
            assert time.monotonic() < deadline, "the consumer did not send every push"
            time.sleep(0.1)
    finally:
        consumer.terminate()
        consumer.wait(timeout=20)
    assert not push_service.refused
