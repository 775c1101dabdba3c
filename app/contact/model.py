"""A message from a family, as stored: what they wrote and how to answer are sealed."""

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, utc_now

# In the order a message moves through them; "closed" starts the retention clock.
STATUSES = ("new", "read", "answered", "closed")


class ContactMessage(Base):
    __tablename__ = "contact_messages"
    __table_args__ = (
        CheckConstraint(
            "status IN ({})".format(", ".join(f"'{s}'" for s in STATUSES)), name="known_status"
        ),
        Index("ix_contact_messages_status_received", "status", "received_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Chosen by the phone when the message is written: a retry of the same message carries the
    # same key, and the unique constraint keeps it to one row however often it arrives.
    idempotency_key: Mapped[str] = mapped_column(String(36), unique=True)
    received_at: Mapped[datetime] = mapped_column(default=utc_now)
    locale: Mapped[str] = mapped_column(String(16))
    plain: Mapped[bool] = mapped_column(default=False)
    country: Mapped[str | None] = mapped_column(String(8))
    age_band: Mapped[str | None] = mapped_column(String(16))
    body: Mapped[bytes] = mapped_column(LargeBinary)  # sealed
    reply_to: Mapped[bytes | None] = mapped_column(LargeBinary)  # sealed
    note: Mapped[bytes | None] = mapped_column(LargeBinary)  # sealed; staff only
    status: Mapped[str] = mapped_column(String(10), default="new")
    # The family said their teen is in danger now: listed first until it is closed.
    urgent: Mapped[bool] = mapped_column(default=False)
    spam: Mapped[bool] = mapped_column(default=False)
    # The same for every message from one connection on one day, and nothing else: a keyed
    # hash (app/contact/senders.py), so staff can close a flood of spam in one step.
    sender_tag: Mapped[str | None] = mapped_column(String(32), index=True)
    closed_at: Mapped[datetime | None]
