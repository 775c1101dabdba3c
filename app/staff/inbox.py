"""What staff do with a message: read it, note, answer and close it; each step in the audit log."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from .. import email_address
from ..contact.model import STATUSES, ContactMessage
from ..db import utc_now
from ..email_address import EmailAddress
from ..mail import Mail, Mailer
from ..sealing import Sealer
from . import audit
from .model import Reply, StaffMember

PAGE_SIZE = 50
MAX_SEARCH_CHARS = 200


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
    urgent: bool
    spam: bool

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

    @property
    def searchable(self) -> str:
        return "\n".join((self.body, self.reply_to, self.note)).casefold()


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
        urgent=message.urgent,
        spam=message.spam,
    )


@dataclass(frozen=True)
class Filters:
    """What a member asked the inbox to show: every value as the query string gave it, checked
    here, so a stray value shows everything rather than failing."""

    status: str = ""  # one of STATUSES, or "" for all
    locale: str = ""
    country: str = ""
    text: str = ""  # searched for in the unsealed message, reply address and note
    page: int = 1

    @classmethod
    def from_args(cls, args) -> "Filters":
        status = args.get("status", "")
        page = args.get("page", "")
        return cls(
            status=status if status in STATUSES else "",
            locale=args.get("locale", "")[:16],
            country=args.get("country", "")[:8],
            text=" ".join(args.get("q", "").split())[:MAX_SEARCH_CHARS],
            page=int(page) if page.isdigit() and 0 < len(page) < 7 else 1,
        )

    def query(self, page: int | None = None) -> dict[str, str | int]:
        """These filters as query arguments, on another page."""
        values = {"status": self.status, "locale": self.locale, "country": self.country}
        values |= {"q": self.text, "page": page or self.page}
        return {name: value for name, value in values.items() if value and value != 1}


@dataclass(frozen=True)
class InboxPage:
    messages: list[OpenedMessage]
    page: int
    pages: int
    total: int


def inbox(session: Session, sealer: Sealer, filters: Filters) -> InboxPage:
    """Messages the filters select: urgent ones not yet closed first, then newest first. The
    text search reads each message unsealed, in memory: nothing is ever stored in clear."""
    selected = select(ContactMessage)
    if filters.status:
        selected = selected.where(ContactMessage.status == filters.status)
    if filters.locale:
        selected = selected.where(ContactMessage.locale == filters.locale)
    if filters.country:
        selected = selected.where(ContactMessage.country == filters.country)
    open_urgent = case((ContactMessage.urgent & (ContactMessage.status != "closed"), 0), else_=1)
    selected = selected.order_by(
        open_urgent, ContactMessage.received_at.desc(), ContactMessage.id.desc()
    )
    if filters.text:
        needle = filters.text.casefold()
        found = [
            opened
            for opened in (unseal(message, sealer) for message in session.scalars(selected))
            if needle in opened.searchable
        ]
        total = len(found)
        page = min(filters.page, pages_for(total))
        shown = found[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        return InboxPage(shown, page, pages_for(total), total)
    total = session.scalar(select(func.count()).select_from(selected.order_by(None).subquery()))
    page = min(filters.page, pages_for(total))
    rows = session.scalars(selected.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE))
    return InboxPage([unseal(message, sealer) for message in rows], page, pages_for(total), total)


def pages_for(total: int) -> int:
    return max(1, -(-total // PAGE_SIZE))


def mark_spam(session: Session, staff: StaffMember, message: ContactMessage) -> int:
    """Close this message as spam, and every open one from the same connection that day (its
    sender tag); how many were closed."""
    marked = [message]
    if message.sender_tag:
        marked += session.scalars(
            select(ContactMessage).where(
                ContactMessage.sender_tag == message.sender_tag,
                ContactMessage.status != "closed",
                ContactMessage.id != message.id,
            )
        )
    now = utc_now()
    for each in marked:
        each.spam, each.status, each.closed_at = True, "closed", now
        audit.record(session, staff.id, each.id, "spam")
    session.commit()
    return len(marked)


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
