"""Staff accounts: adding one, changing its password, and signing in with a password (argon2)
and a TOTP code. Every answer costs exactly one password check, so its time does not tell
whether an address has an account. Wrong passwords slow down the client that sends them
(throttle.py), never the account: a lockout would let anyone who knows an address keep staff
out."""

import functools
import time

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from .. import email_address
from ..sealing import Sealer
from . import sessions
from .model import StaffMember

HASHER = PasswordHasher()


@functools.cache
def unknown_account_hash() -> str:
    """Checked against when the address is unknown, so a wrong address takes as long as a wrong
    password and the answer does not tell which addresses have accounts. Made on first use, not
    at import: hashing takes argon2's 64 MB for a moment, in every worker that starts."""
    return HASHER.hash("no such account")


MIN_PASSWORD_CHARS = 12
ISSUER = "Steady"


class AccountError(ValueError):
    """An account that cannot be made as asked."""


def normalise(email: str) -> str:
    return email.strip().lower()


def all_addresses(session: Session) -> list[str]:
    return list(session.scalars(select(StaffMember.email).order_by(StaffMember.id)))


def add_staff(session: Session, sealer: Sealer, email: str, password: str) -> str:
    """Make an account; its TOTP provisioning URI (for an authenticator app's QR code)."""
    email = normalise(email)
    try:
        email_address.parse(email)  # new-message notices go there, by the rule replies follow
    except email_address.BadAddress as bad:
        raise AccountError(f"{email!r} is not one plain email address ({bad})") from None
    check_password(password)
    if session.scalar(select(func.count()).where(StaffMember.email == email)):
        raise AccountError(f"{email} already has an account")
    secret = pyotp.random_base32()
    session.add(
        StaffMember(
            email=email, password_hash=HASHER.hash(password), totp_secret=sealer.seal(secret)
        )
    )
    session.commit()
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_CHARS:
        raise AccountError(f"the password must have at least {MIN_PASSWORD_CHARS} characters")


def change_password(session: Session, email: str, password: str) -> int:
    """Give the member a new password and end every session they have open (one may be an
    attacker's, opened with the old password); how many were ended."""
    check_password(password)
    member = session.scalar(select(StaffMember).where(StaffMember.email == normalise(email)))
    if member is None:
        raise AccountError(f"{normalise(email)} has no account")
    member.password_hash = HASHER.hash(password)
    ended = sessions.end_all(session, member.id)
    session.commit()
    return ended


def password_matches(password_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def accepted_totp_step(secret: str, code: str, last_step: int) -> int | None:
    """The time step of `code` if it is current (a step either side allowed for clock drift)
    and newer than the last one used; None otherwise, so a code is never accepted twice."""
    totp = pyotp.TOTP(secret)
    code = "".join(code.split())
    now = int(time.time())
    for drift in (0, -1, 1):
        moment = now + drift * totp.interval
        step = moment // totp.interval
        if step > last_step and pyotp.utils.strings_equal(totp.at(moment), code):
            return step
    return None


def claim_totp_step(session: Session, member: StaffMember, step: int) -> bool:
    """Record `step` as used, if no sign-in has used it (or a later one) yet. One statement,
    so that of several sign-ins with one code at once, exactly one moves the step on and the
    rest find it taken; reading the last step and writing it back let all of them in."""
    claimed = session.execute(
        update(StaffMember)
        .where(StaffMember.id == member.id, StaffMember.last_totp_step < step)
        .values(last_totp_step=step)
    )
    session.commit()
    return claimed.rowcount == 1


def authenticate(
    session: Session, sealer: Sealer, email: str, password: str, code: str
) -> StaffMember | None:
    """The member signing in, or None. Every refusal looks the same from outside, and costs
    the same one password check whether the address has an account or not."""
    member = session.scalar(select(StaffMember).where(StaffMember.email == normalise(email)))
    if member is None:
        password_matches(unknown_account_hash(), password)
        return None
    if not password_matches(member.password_hash, password):
        return None
    step = accepted_totp_step(sealer.open(member.totp_secret), code, member.last_totp_step)
    if step is None or not claim_totp_step(session, member, step):
        return None
    if HASHER.check_needs_rehash(member.password_hash):
        member.password_hash = HASHER.hash(password)
        session.commit()
    return member
