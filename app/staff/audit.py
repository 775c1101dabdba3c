"""The audit log: who opened, answered, noted or closed which message, and when."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from .model import AuditEntry, StaffMember

ACTIONS = (
    "opened",
    "noted",
    "answered",
    "status-read",
    "status-answered",
    "status-closed",
    "status-new",
    "spam",
)


def record(session: Session, staff_id: int, message_id: int | None, action: str) -> None:
    """Added to the caller's transaction: the entry is committed with what it records."""
    assert action in ACTIONS, action
    session.add(AuditEntry(staff_id=staff_id, message_id=message_id, action=action))


def latest(session: Session, limit: int = 200) -> list[tuple[AuditEntry, str]]:
    rows = session.execute(
        select(AuditEntry, StaffMember.email)
        .join(StaffMember, AuditEntry.staff_id == StaffMember.id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(limit)
    )
    return [(entry, email) for entry, email in rows]
