"""The job queue: where work that must not wait inside a request goes (push fan-out, the mail
telling staff a family wrote), run by `huey_consumer app.queue_worker.huey` beside the server.

QUEUE chooses where jobs wait: "sqlite" (the default: a file in the instance folder, nothing to
start), "redis" (QUEUE_REDIS_URL, for consumers on several machines) or "immediate" (run in the
calling process: `make run`, tests). Each module registers its jobs with `on_start`; the Huey
itself is made on first use, not at start-up.
"""

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from flask import Flask

from .parts import parts

if TYPE_CHECKING:
    from huey import Huey

QUEUE_NAME = "steady"
KINDS = ("immediate", "sqlite", "redis")


def check_kind(config) -> None:
    """A wrong QUEUE stops start-up, though the queue itself is made on first use."""
    kind = config["QUEUE"]
    if kind not in KINDS:
        raise ValueError(f"QUEUE must be immediate, sqlite or redis, not {kind!r}")


def make_huey(config) -> "Huey":
    # Imported here: Huey and the storage drivers it loads (Redis, psycopg) cost a web worker
    # about 30 MB, and most workers never queue a job.
    from huey import MemoryHuey, RedisHuey, SqliteHuey

    kind = config["QUEUE"]
    if kind == "immediate":
        return MemoryHuey(QUEUE_NAME, immediate=True)
    if kind == "sqlite":
        timeout = config["DATABASE_TIMEOUT_SECONDS"]
        path = Path(config["INSTANCE_DIR"]) / "queue.db"
        return SqliteHuey(QUEUE_NAME, filename=str(path), timeout=timeout)
    from redis import ConnectionPool
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    timeout = config["REDIS_TIMEOUT_SECONDS"]
    pool = ConnectionPool.from_url(
        config["QUEUE_REDIS_URL"],
        socket_timeout=timeout,
        socket_connect_timeout=timeout,
        # No retries: redis-py's default would turn a hung Redis's 2 s into 15 s in a request.
        retry=Retry(NoBackoff(), 0),
    )
    return RedisHuey(QUEUE_NAME, connection_pool=pool)


class Queue:
    """One Huey for the app, and the modules' jobs registered on it when it is made."""

    def __init__(self, config):
        check_kind(config)
        self.config = config
        self.registrars: list[Callable[[Huey], None]] = []

    def on_start(self, register: Callable[["Huey"], None]) -> None:
        """`register(huey)` adds a module's jobs to the Huey once it is made."""
        self.registrars.append(register)

    @functools.cached_property
    def huey(self) -> "Huey":
        huey = make_huey(self.config)
        for register in self.registrars:
            register(huey)
        return huey

    def start(self) -> None:
        """Make the Huey now, if it was not, and so register every module's jobs."""
        self.huey  # noqa: B018 - the property makes it once


def run_queued(huey: "Huey") -> int:
    """Run every job waiting now in this process (tests and `flask queue work`)."""
    ran = 0
    while (task := huey.dequeue()) is not None:
        huey.execute(task)
        ran += 1
    return ran


def init_app(app: Flask) -> None:
    parts(app).queue = Queue(app.config)
