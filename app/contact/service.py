"""Receiving a message (exactly once per idempotency key), telling staff, and forgetting it
when its time is up."""

import logging
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..db import utc_now
from ..sealing import Sealer
from .form import Contact
from .model import ContactMessage

log = logging.getLogger(__name__)


class DifferentMessage(Exception):
    """A key that came before with another message: the first is kept, this one refused, as
    Stripe refuses an idempotency key reused with other parameters."""


def receive(
    session: Session,
    sealer: Sealer,
    contact: Contact,
    key: str,
    locale: str,
    plain: bool,
    sender_tag: str | None = None,
) -> bool:
    """Store the message under its key: True if it is new, False if it is a repeat of the one
    stored under that key before (DifferentMessage if that one said something else).

    When this returns, the message is committed (and with SQLite, on disk)."""
    session.add(
        ContactMessage(
            idempotency_key=key,
            locale=locale,
            plain=plain,
            country=contact.country or None,
            age_band=contact.age_band or None,
            body=sealer.seal(contact.message),
            reply_to=sealer.seal_optional(contact.reply_to),
            urgent=contact.urgent,
            sender_tag=sender_tag,
        )
    )
    try:
        session.commit()
        return True
    except IntegrityError:
        # Another request with the same key committed first (a retry, or the same retry
        # racing itself): the message is stored, once.
        session.rollback()
        earlier = stored_under(session, key)
        if earlier is None:
            raise
        check_repeat(earlier, sealer, contact)
        return False


def stored_under(session: Session, key: str) -> ContactMessage | None:
    return session.scalar(select(ContactMessage).where(ContactMessage.idempotency_key == key))


def check_repeat(earlier: ContactMessage, sealer: Sealer, contact: Contact) -> None:
    """Raise DifferentMessage unless `contact` says what the message stored before says."""
    stored = (
        sealer.open(earlier.body),
        sealer.open_optional(earlier.reply_to) or "",
        earlier.country or "",
        earlier.age_band or "",
        earlier.urgent,
    )
    sent = (
        contact.message,
        contact.reply_to or "",
        contact.country or "",
        contact.age_band or "",
        contact.urgent,
    )
    if stored != sent:
        raise DifferentMessage(earlier.idempotency_key)


def purge(session: Session, retention_days: int) -> int:
    """Delete messages closed more than `retention_days` ago; how many were deleted."""
    cutoff = utc_now() - timedelta(days=retention_days)
    result = session.execute(
        delete(ContactMessage).where(
            ContactMessage.status == "closed", ContactMessage.closed_at < cutoff
        )
    )
    session.commit()
    return result.rowcount
