"""Fan-out on the job queue (app/queue.py): one small job per batch of subscriptions, never one
job for thousands of endpoints, so several consumers (on several machines, with Redis) share
them and a retry repeats only the pushes that need it.
"""

import functools
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from flask import Flask
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import db
from ..parts import parts
from .answers import Outcome, Verdict, verdict
from .messages import CHECK_IN_DAYS, RULES, payload
from .model import PushAnnouncement, PushSubscription
from .push import Answer, Push

if TYPE_CHECKING:
    from huey import Huey

# An announcement whose batches could not be queued is tried this many more times.
ANNOUNCE_RETRIES = 10


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
    announce: Any
    fan_out: Any
    send_batch: Any
    check_ins: Any


class PushQueue:
    """The push jobs, registered on the app's queue, each run inside the app's context."""

    def __init__(self, app: Flask):
        self.app = app
        config = app.config
        self.batch_size = config["PUSH_BATCH_SIZE"]
        self.max_attempts = config["PUSH_MAX_ATTEMPTS"]
        self.retry_base = config["PUSH_RETRY_BASE_SECONDS"]
        self.give_up_after = timedelta(days=config["PUSH_GIVE_UP_DAYS"])
        self.threads = ThreadPoolExecutor(config["PUSH_SEND_THREADS"], "push")
        self.registered: Tasks | None = None
        parts(app).queue.on_start(self.register)

    def register(self, huey: "Huey") -> None:
        from huey import crontab

        self.registered = Tasks(
            huey=huey,
            announce=huey.task(
                name="push.announce", retries=ANNOUNCE_RETRIES, retry_delay=self.retry_base
            )(self.run_announce),
            fan_out=huey.task(name="push.fan_out")(self.run_fan_out),
            send_batch=huey.task(name="push.send_batch")(self.run_send_batch),
            check_ins=huey.periodic_task(crontab(minute="*/10"), name="push.check_ins")(
                self.run_check_ins
            ),
        )

    @property
    def tasks(self) -> Tasks:
        """Registered when the queue is first used (a push queued, the consumer starting)."""
        parts(self.app).queue.start()
        return self.registered

    @property
    def huey(self) -> "Huey":
        return self.tasks.huey

    @property
    def announce(self):
        return self.tasks.announce

    @property
    def fan_out(self):
        return self.tasks.fan_out

    @property
    def send_batch(self):
        return self.tasks.send_batch

    @property
    def sender(self):
        return parts(self.app).push_sender

    def run_announce(self, version: str) -> bool:
        """Fan `updates` out for this content version once, across every process and restart:
        True if now. The version is marked as announced only once its batches are queued; if
        they cannot be, the mark is taken back and the job tried again."""
        with self.app.app_context():
            session = db.session()
            mark = PushAnnouncement(version=version)
            session.add(mark)
            try:
                session.commit()
            except IntegrityError:
                session.rollback()  # announced already
                return False
            try:
                self.run_fan_out("updates")
            except Exception:
                session.delete(mark)
                session.commit()
                raise
            return True

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
