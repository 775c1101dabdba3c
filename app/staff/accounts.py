"""Staff accounts: adding one, and signing in with a password (argon2) and a TOTP code; after
several failures the account is locked for a while. Every answer costs one password check,
so its time does not tell whether an address has an account or is locked."""

import functools
import time
from dataclasses import dataclass
from datetime import timedelta

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import email_address
from ..db import utc_now
from ..sealing import Sealer
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


@dataclass(frozen=True)
class LoginPolicy:
    lockout_attempts: int
    lockout_minutes: int

    @classmethod
    def from_config(cls, config) -> "LoginPolicy":
        return cls(config["STAFF_LOCKOUT_ATTEMPTS"], config["STAFF_LOCKOUT_MINUTES"])


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
    if len(password) < MIN_PASSWORD_CHARS:
        raise AccountError(f"the password must have at least {MIN_PASSWORD_CHARS} characters")
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


def authenticate(
    session: Session, sealer: Sealer, policy: LoginPolicy, email: str, password: str, code: str
) -> StaffMember | None:
    """The member signing in, or None. Every refusal looks the same from outside; repeated
    failures lock the account for a while, even with the right password."""
    member = session.scalar(select(StaffMember).where(StaffMember.email == normalise(email)))
    now = utc_now()
    if member is None:
        password_matches(unknown_account_hash(), password)
        return refuse(None, session, policy)
    if member.locked_until and member.locked_until > now:
        password_matches(unknown_account_hash(), password)
        return refuse(None, session, policy)
    step = None
    if password_matches(member.password_hash, password):
        step = accepted_totp_step(sealer.open(member.totp_secret), code, member.last_totp_step)
    if step is None:
        return refuse(member, session, policy)
    member.failed_logins, member.locked_until, member.last_totp_step = 0, None, step
    if HASHER.check_needs_rehash(member.password_hash):
        member.password_hash = HASHER.hash(password)
    session.commit()
    return member


def refuse(member: StaffMember | None, session: Session, policy: LoginPolicy) -> None:
    if member is not None:
        member.failed_logins += 1
        if member.failed_logins >= policy.lockout_attempts:
            member.locked_until = utc_now() + timedelta(minutes=policy.lockout_minutes)
            member.failed_logins = 0
        session.commit()
    return None
