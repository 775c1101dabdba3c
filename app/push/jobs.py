"""Fan-out through a Huey task queue: one small job per batch of subscriptions, never one job
for thousands of endpoints, so several workers (on several machines, with Redis) share them
and a retry repeats only the pushes that need it.

PUSH_QUEUE chooses where jobs wait: "sqlite" (the default: a file in the instance folder,
nothing to start but `huey_consumer app.queue_worker.huey`), "redis" (PUSH_REDIS_URL, for
workers on several machines) or "immediate" (run in the calling process: `make run`, tests).
"""

import functools
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import Flask
from sqlalchemy import select

from .. import db
from ..parts import parts
from .answers import Outcome, Verdict, verdict
from .messages import CHECK_IN_DAYS, RULES, payload
from .model import PushSubscription
from .push import Answer, Push

if TYPE_CHECKING:
    from huey import Huey

QUEUE_NAME = "steady-push"
QUEUE_KINDS = ("immediate", "sqlite", "redis")


def check_queue_kind(config) -> None:
    """A wrong PUSH_QUEUE stops start-up, though the queue itself is made on first use."""
    kind = config["PUSH_QUEUE"]
    if kind not in QUEUE_KINDS:
        raise ValueError(f"PUSH_QUEUE must be immediate, sqlite or redis, not {kind!r}")


def make_huey(config) -> "Huey":
    # Imported here: Huey and the storage drivers it loads (Redis, psycopg) cost a web worker
    # about 30 MB, and most workers never queue a push (see PushQueue.tasks).
    from huey import MemoryHuey, RedisHuey, SqliteHuey

    kind = config["PUSH_QUEUE"]
    if kind == "immediate":
        return MemoryHuey(QUEUE_NAME, immediate=True)
    if kind == "sqlite":
        return SqliteHuey(QUEUE_NAME, filename=str(Path(config["INSTANCE_DIR"]) / "push-queue.db"))
    return RedisHuey(QUEUE_NAME, url=config["PUSH_REDIS_URL"])


def build_push(subscription: PushSubscription, topic: str, text=payload) -> Push:
    """One subscription's push, with its own headers and payload. `text` may be a memo of
    `payload` for one batch: the bytes are immutable, and translating the same sentence
    a hundred times costs a fifth of the encryption."""
    rules = RULES[topic]
    step = subscription.check_ins_sent if topic == "check-in" else 0
    return Push(
        endpoint=subscription.endpoint,
        p256dh=subscription.p256dh,
        auth=subscription.auth,
        payload=text(topic, subscription.locale, subscription.plain, step),
        topic=topic,
        ttl=rules.ttl_seconds,
        urgency=rules.urgency,
    )


def due_for_check_in(subscription: PushSubscription, now) -> bool:
    sent = subscription.check_ins_sent
    return (
        subscription.check_ins_since is not None
        and sent < len(CHECK_IN_DAYS)
        and subscription.check_ins_since + timedelta(days=CHECK_IN_DAYS[sent]) <= now
    )


@dataclass(frozen=True)
class Tasks:
    """The Huey instance and the jobs registered on it (each a Huey task: call it to queue)."""

    huey: "Huey"
    fan_out: Any
    send_batch: Any
    check_ins: Any


class PushQueue:
    """The jobs, registered on one Huey instance, each run inside the app's context."""

    def __init__(self, app: Flask):
        self.app = app
        config = app.config
        check_queue_kind(config)
        self.batch_size = config["PUSH_BATCH_SIZE"]
        self.max_attempts = config["PUSH_MAX_ATTEMPTS"]
        self.retry_base = config["PUSH_RETRY_BASE_SECONDS"]
        self.give_up_after = timedelta(days=config["PUSH_GIVE_UP_DAYS"])
        self.threads = ThreadPoolExecutor(config["PUSH_SEND_THREADS"], "push")

    @functools.cached_property
    def tasks(self) -> Tasks:
        """Made on first use (a push queued, or the consumer starting), not at start-up."""
        from huey import crontab

        huey = make_huey(self.app.config)
        return Tasks(
            huey=huey,
            fan_out=huey.task(name="push.fan_out")(self.run_fan_out),
            send_batch=huey.task(name="push.send_batch")(self.run_send_batch),
            check_ins=huey.periodic_task(crontab(minute="*/10"), name="push.check_ins")(
                self.run_check_ins
            ),
        )

    @property
    def huey(self) -> "Huey":
        return self.tasks.huey

    @property
    def fan_out(self):
        return self.tasks.fan_out

    @property
    def send_batch(self):
        return self.tasks.send_batch

    @property
    def sender(self):
        return parts(self.app).push_sender

    def run_fan_out(self, topic: str) -> int:
        """Split everyone who asked for `topic` into batches; return how many batches."""
        with self.app.app_context():
            ids = db.session().scalars(
                select(PushSubscription.id)
                .where(PushSubscription.topics.contains(topic))
                .order_by(PushSubscription.id)
            )
            return self.enqueue_batches(list(ids), topic)

    def enqueue_batches(self, ids: list[int], topic: str) -> int:
        batches = [ids[i : i + self.batch_size] for i in range(0, len(ids), self.batch_size)]
        for batch in batches:
            self.send_batch(batch, topic, 0)
        return len(batches)

    def run_send_batch(self, ids: list[int], topic: str, attempt: int) -> dict[str, int]:
        """Send `topic` to these subscriptions; act on each answer; schedule what to retry."""
        with self.app.app_context():
            session = db.session()
            subscriptions = [
                s
                for s in session.scalars(
                    select(PushSubscription).where(PushSubscription.id.in_(ids))
                )
                if s.wants(topic)
            ]
            text = functools.cache(payload)
            pushes = [build_push(s, topic, text) for s in subscriptions]
            answers = list(self.threads.map(self.sender.send, pushes))
            counts: dict[str, int] = defaultdict(int)
            retries: dict[float, list[int]] = defaultdict(list)
            now = db.utc_now()
            for subscription, answer in zip(subscriptions, answers, strict=True):
                decided = self.decide(subscription, answer, attempt, now)
                counts[decided.outcome.value] += 1
                if decided.outcome in (Outcome.GONE, Outcome.GIVEN_UP):
                    session.delete(subscription)
                elif decided.outcome is Outcome.RETRY:
                    retries[decided.delay].append(subscription.id)
                elif decided.outcome is Outcome.SENT and topic == "check-in":
                    subscription.check_ins_sent += 1
            session.commit()
        for delay, again in retries.items():
            self.send_batch.schedule((again, topic, attempt + 1), delay=delay)
        return dict(counts)

    def decide(
        self, subscription: PushSubscription, answer: Answer, attempt: int, now: datetime
    ) -> Verdict:
        """The answer's verdict, the subscription's run of failures noted: one failing for
        PUSH_GIVE_UP_DAYS, none going through, is given up (a host that never answers, an
        endpoint refused for good). Were the failures ours, a wrong VAPID subject, the
        family's page would subscribe again at its next visit."""
        decided = verdict(answer, attempt, self.max_attempts, self.retry_base)
        if decided.outcome is Outcome.SENT:
            subscription.delivered()
        elif decided.outcome in (Outcome.RETRY, Outcome.DROPPED):
            if subscription.failed(now) >= self.give_up_after:
                return Verdict(Outcome.GIVEN_UP)
        return decided

    def run_check_ins(self) -> int:
        """Queue the check-ins now due; return how many."""
        with self.app.app_context():
            now = db.utc_now()
            due = [
                s.id
                for s in db.session().scalars(
                    select(PushSubscription).where(PushSubscription.check_ins_since.is_not(None))
                )
                if due_for_check_in(s, now)
            ]
        self.enqueue_batches(due, "check-in")
        return len(due)


def run_queued(huey: "Huey") -> int:
    """Run every job waiting now in this process (tests and `flask push work`)."""
    ran = 0
    while (task := huey.dequeue()) is not None:
        huey.execute(task)
        ran += 1
    return ran
