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


def receive(
    session: Session, sealer: Sealer, contact: Contact, key: str, locale: str, plain: bool
) -> bool:
    """Store the message under its key: True if it is new, False if that key arrived before.

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
        )
    )
    try:
        session.commit()
        return True
    except IntegrityError:
        # Another request with the same key committed first (a retry, or the same retry
        # racing itself): the message is stored, once.
        session.rollback()
        if is_stored(session, key):
            return False
        raise


def is_stored(session: Session, key: str) -> bool:
    found = session.scalar(select(ContactMessage.id).where(ContactMessage.idempotency_key == key))
    return found is not None


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
