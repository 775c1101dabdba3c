"""A push subscription, as stored: where to send, the keys to encrypt with, and what was asked for.

Nothing about the family or the incident is kept: a language, the topics, for check-ins only
the time they were asked for and how many were sent, and since when sends to it have failed.
"""

from datetime import datetime, timedelta

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, utc_now
from .endpoints import MAX_ENDPOINT_CHARS

# What a family may ask to be told about.
TOPICS = ("updates", "check-in")


class PushSubscription(Base):
    __tablename__ = "push_subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    endpoint: Mapped[str] = mapped_column(String(MAX_ENDPOINT_CHARS), unique=True)
    p256dh: Mapped[str] = mapped_column(String(100))
    auth: Mapped[str] = mapped_column(String(40))
    locale: Mapped[str] = mapped_column(String(16))
    plain: Mapped[bool] = mapped_column(default=False)
    # Space-separated, from TOPICS.
    topics: Mapped[str] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    # When the family asked for check-ins (None: not asked), and how many have gone out.
    check_ins_since: Mapped[datetime | None]
    check_ins_sent: Mapped[int] = mapped_column(default=0)
    # When a send to it first failed since one last went through (None: the last went through,
    # or none was tried). A subscription failing for PUSH_GIVE_UP_DAYS is deleted (jobs.py).
    failing_since: Mapped[datetime | None]

    def wants(self, topic: str) -> bool:
        return topic in self.topics.split()

    def delivered(self) -> None:
        self.failing_since = None

    def failed(self, now: datetime) -> timedelta:
        """Note a failed send; how long it has been failing, without one going through."""
        if self.failing_since is None:
            self.failing_since = now
        return now - self.failing_since


class PushAnnouncement(Base):
    """A content version whose update push has gone out: each is announced once, whichever
    process serves it first (the primary key settles the race)."""

    __tablename__ = "push_announcements"

    version: Mapped[str] = mapped_column(String(40), primary_key=True)
    announced_at: Mapped[datetime] = mapped_column(default=utc_now)
