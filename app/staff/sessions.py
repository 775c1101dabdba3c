"""Staff sessions kept on the server. The signed cookie alone could not be taken back: a copy
made before "Sign out" read the inbox until it expired. Now the cookie carries a random token,
the table its hash, and a session is open only while its row is there: sign-out, ending it
from the sessions page and a new password delete rows, and a session older than its lifetime
is refused whatever its cookie says."""

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from ..db import utc_now
from .model import StaffMember, StaffSession

# last_seen_at is written at most this often, not on every page a member opens.
SEEN_EVERY = timedelta(minutes=1)

# The first of each list that the User-Agent names: Edge and Opera also say "Chrome", Chrome
# also says "Safari", Android also says "Linux".
BROWSERS = (
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iOS"),
    ("iPad", "iOS"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


def session_id(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def device(user_agent: str) -> str:
    """'Firefox · Android': what the sessions page shows, all that is kept of the User-Agent."""
    named = [
        next((name for mark, name in known if mark in user_agent), "")
        for known in (BROWSERS, SYSTEMS)
    ]
    return " · ".join(name for name in named if name)


def start(session: Session, member: StaffMember, user_agent: str, lifetime: timedelta) -> str:
    """A new session for the member; the token for their cookie. Sessions past their lifetime,
    anyone's, are deleted on the way: a sign-in is rare enough to carry that."""
    token = secrets.token_urlsafe(32)
    now = utc_now()
    session.execute(delete(StaffSession).where(StaffSession.created_at < now - lifetime))
    session.add(
        StaffSession(
            id=session_id(token),
            staff_id=member.id,
            created_at=now,
            last_seen_at=now,
            device=device(user_agent),
        )
    )
    session.commit()
    return token


def open_session(
    session: Session, token: str, lifetime: timedelta
) -> tuple[StaffMember, StaffSession] | None:
    """The member and session this token opens, if it is still there and young enough."""
    now = utc_now()
    found = session.execute(
        select(StaffMember, StaffSession)
        .join(StaffSession, StaffSession.staff_id == StaffMember.id)
        .where(StaffSession.id == session_id(token), StaffSession.created_at >= now - lifetime)
    ).one_or_none()
    if found is None:
        return None
    member, opened = found
    if opened.last_seen_at < now - SEEN_EVERY:
        session.execute(
            update(StaffSession).where(StaffSession.id == opened.id).values(last_seen_at=now)
        )
        session.commit()
    return member, opened


def of_member(session: Session, member_id: int, lifetime: timedelta) -> list[StaffSession]:
    """The member's open sessions, the latest sign-in first."""
    return list(
        session.scalars(
            select(StaffSession)
            .where(
                StaffSession.staff_id == member_id,
                StaffSession.created_at >= utc_now() - lifetime,
            )
            .order_by(StaffSession.created_at.desc(), StaffSession.id)
        )
    )


def end(session: Session, member_id: int, ended_id: str) -> None:
    """End one of the member's own sessions (another member's id ends nothing)."""
    session.execute(
        delete(StaffSession).where(StaffSession.id == ended_id, StaffSession.staff_id == member_id)
    )
    session.commit()


def end_all(session: Session, member_id: int) -> int:
    """End every session of the member, in the caller's transaction; how many there were."""
    ended = session.execute(delete(StaffSession).where(StaffSession.staff_id == member_id))
    return ended.rowcount
