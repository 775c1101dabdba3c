"""Storing, updating and removing subscriptions; the request checked field by field first."""

from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..db import utc_now
from .endpoints import CheckedSubscription, InvalidSubscription, check_subscription
from .model import TOPICS, PushSubscription


@dataclass(frozen=True)
class WantedSubscription:
    subscription: CheckedSubscription
    locale: str
    plain: bool
    topics: tuple[str, ...]


def check_request(data: dict, locales, test_origins=()) -> WantedSubscription:
    """{"subscription": {...}, "locale", "plain"?, "topics": [...]}, or InvalidSubscription."""
    subscription = check_subscription(data.get("subscription"), test_origins)
    locale = data.get("locale")
    if not isinstance(locale, str) or locale not in locales:
        raise InvalidSubscription("locale", f"must be one of {', '.join(locales)}")
    plain = data.get("plain", False)
    if not isinstance(plain, bool):
        raise InvalidSubscription("plain", "must be true or false")
    topics = data.get("topics")
    if (
        not isinstance(topics, list)
        or not topics
        or not all(isinstance(t, str) and t in TOPICS for t in topics)
    ):
        raise InvalidSubscription("topics", f"must be a non-empty list from {', '.join(TOPICS)}")
    # In TOPICS order, each once: the stored form never depends on how a browser listed them.
    return WantedSubscription(subscription, locale, plain, tuple(t for t in TOPICS if t in topics))


def store(session: Session, wanted: WantedSubscription) -> bool:
    """Store or update; True when it is new."""
    try:
        return store_once(session, wanted)
    except IntegrityError:
        # The same browser posted twice at once and the other request stored it first.
        session.rollback()
        return store_once(session, wanted)


def store_once(session: Session, wanted: WantedSubscription) -> bool:
    """Check-ins start when first asked for, and stop (their times forgotten) when the family
    no longer wants them."""
    checked = wanted.subscription
    row = session.scalar(
        select(PushSubscription).where(PushSubscription.endpoint == checked.endpoint)
    )
    created = row is None
    if created:
        row = PushSubscription(endpoint=checked.endpoint, check_ins_sent=0)
        session.add(row)
    row.p256dh, row.auth = checked.p256dh, checked.auth
    row.locale, row.plain, row.topics = wanted.locale, wanted.plain, " ".join(wanted.topics)
    if "check-in" in wanted.topics:
        if row.check_ins_since is None:
            row.check_ins_since, row.check_ins_sent = utc_now(), 0
    else:
        row.check_ins_since, row.check_ins_sent = None, 0
    session.commit()
    return created


def remove(session: Session, endpoint: str) -> bool:
    removed = session.execute(delete(PushSubscription).where(PushSubscription.endpoint == endpoint))
    session.commit()
    return removed.rowcount > 0
