"""What staff do with a message: read it, note, answer and close it; each step in the audit log."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from .. import email_address
from ..contact.model import STATUSES, ContactMessage
from ..db import utc_now
from ..email_address import EmailAddress
from ..mail import Mail, Mailer
from ..sealing import Sealer
from . import audit
from .model import Reply, StaffMember

PAGE_SIZE = 100


@dataclass(frozen=True)
class OpenedMessage:
    """A message unsealed for a member of staff."""

    id: int
    received_at: datetime
    locale: str
    plain: bool
    country: str
    age_band: str
    status: str
    body: str
    reply_to: str
    note: str

    @property
    def reply_email(self) -> EmailAddress | None:
        """The address a reply goes to; None for none, for a phone number, and for an address
        stored before the rule (app/email_address.py) that may not be what it shows."""
        if not email_address.meant_as_email(self.reply_to):
            return None
        try:
            return email_address.parse(self.reply_to)
        except email_address.BadAddress:
            return None

    @property
    def reply_refused(self) -> bool:
        """An email address that breaks the rule: staff see it, and cannot reply to it."""
        return email_address.meant_as_email(self.reply_to) and self.reply_email is None


def unseal(message: ContactMessage, sealer: Sealer) -> OpenedMessage:
    return OpenedMessage(
        id=message.id,
        received_at=message.received_at,
        locale=message.locale,
        plain=message.plain,
        country=message.country or "",
        age_band=message.age_band or "",
        status=message.status,
        body=sealer.open(message.body),
        reply_to=sealer.open_optional(message.reply_to),
        note=sealer.open_optional(message.note),
    )


def inbox(session: Session, sealer: Sealer) -> list[OpenedMessage]:
    """New messages first, then by status, newest first within each."""
    order = case(
        {status: rank for rank, status in enumerate(STATUSES)}, value=ContactMessage.status
    )
    messages = session.scalars(
        select(ContactMessage)
        .order_by(order, ContactMessage.received_at.desc(), ContactMessage.id.desc())
        .limit(PAGE_SIZE)
    )
    return [unseal(message, sealer) for message in messages]


def open_message(session: Session, sealer: Sealer, staff: StaffMember, message_id: int):
    """The message, marked read if it was new; None if there is no such message."""
    message = session.get(ContactMessage, message_id)
    if message is None:
        return None
    if message.status == "new":
        message.status = "read"
    audit.record(session, staff.id, message.id, "opened")
    session.commit()
    return unseal(message, sealer), replies_to(session, sealer, message.id)


def replies_to(session: Session, sealer: Sealer, message_id: int) -> list[tuple[datetime, str]]:
    replies = session.scalars(
        select(Reply).where(Reply.message_id == message_id).order_by(Reply.sent_at)
    )
    return [(reply.sent_at, sealer.open(reply.body)) for reply in replies]


def set_status(session: Session, staff: StaffMember, message: ContactMessage, status: str) -> None:
    if status not in STATUSES:
        raise ValueError(status)
    message.status = status
    # Closing starts the retention clock; reopening stops it.
    message.closed_at = utc_now() if status == "closed" else None
    audit.record(session, staff.id, message.id, f"status-{status}")
    session.commit()


def save_note(
    session: Session, sealer: Sealer, staff: StaffMember, message: ContactMessage, note: str
) -> None:
    message.note = sealer.seal_optional(note.strip())
    audit.record(session, staff.id, message.id, "noted")
    session.commit()


def send_reply(
    session: Session,
    sealer: Sealer,
    mailer: Mailer,
    staff: StaffMember,
    message: ContactMessage,
    subject: str,
    body: str,
) -> None:
    """Mail the answer to the family's address, keep a sealed copy, mark the message answered.
    The mail is sent first: a reply that could not be sent is not recorded as sent."""
    address = sealer.open_optional(message.reply_to)
    mailer.send(Mail(to=address, subject=subject, body=body))
    session.add(Reply(message_id=message.id, staff_id=staff.id, body=sealer.seal(body)))
    message.status, message.closed_at = "answered", None
    audit.record(session, staff.id, message.id, "answered")
    session.commit()
