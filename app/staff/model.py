"""Staff accounts, the replies they send and the audit log of what they did."""

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, utc_now


class StaffMember(Base):
    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))  # argon2id
    totp_secret: Mapped[bytes] = mapped_column(LargeBinary)  # sealed
    # The last TOTP time step accepted: a code seen once is never accepted again.
    last_totp_step: Mapped[int] = mapped_column(default=0)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class Reply(Base):
    __tablename__ = "replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("contact_messages.id", ondelete="CASCADE"), index=True
    )
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    body: Mapped[bytes] = mapped_column(LargeBinary)  # sealed
    sent_at: Mapped[datetime] = mapped_column(default=utc_now)


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utc_now, index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    # No foreign key: the entry outlives the message, which is purged after retention.
    message_id: Mapped[int | None]
    action: Mapped[str] = mapped_column(String(20))
