"""Staff accounts, their sessions and failed sign-ins, the replies they send and the audit log
of what they did."""

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
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class StaffSession(Base):
    """A signed-in browser. Its cookie holds a random token, this table only the token's
    SHA-256: sign-out deletes the row, so a copied cookie opens nothing afterwards, and a copy
    of the database opens no session."""

    __tablename__ = "staff_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 of the token, hex
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utc_now, index=True)
    last_seen_at: Mapped[datetime] = mapped_column(default=utc_now)
    # "Firefox · Android": enough for a member to tell their devices apart, no more.
    device: Mapped[str] = mapped_column(String(60), default="")


class LoginFailures(Base):
    """Recent wrong sign-ins for one email address from one client (app/staff/throttle.py).
    Neither is stored: the key is an HMAC of the two, under a key derived from the secret key."""

    __tablename__ = "staff_login_failures"

    pair: Mapped[str] = mapped_column(String(64), primary_key=True)  # HMAC-SHA256, hex
    failures: Mapped[int]
    last_failure_at: Mapped[datetime] = mapped_column(index=True)


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
