"""Wrong passwords slow down the client that sends them, never the account.

A lockout per account let anyone who knew a staff address keep that member out. Failures are
counted instead per pair of (email address asked for, client), the client as the contact
form's rate limit counts it (its IPv6 /64): after `free_failures`, the pair waits a minute,
then twice as long after each further failure, up to `longest_wait`. The member signing in
from anywhere else is not slowed at all.

The counts are kept in the database, so every worker and server sees the same, and each
failure adds one in a single statement: failures at once all count. The pair is stored as an
HMAC of the two under a key derived from the instance's secret key, never either of them. A
pair's count is forgotten a day after its last failure (not sooner: forgetting at the end of
the longest wait would give back the free failures to whoever waits it out)."""

import hashlib
import hmac
import json
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import case, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..db import utc_now
from ..web.rate_limit import sender_of
from .accounts import normalise
from .model import LoginFailures

log = logging.getLogger(__name__)

FIRST_WAIT = timedelta(minutes=1)
FORGOTTEN_AFTER = timedelta(days=1)
# Beyond this many doublings the wait is long past any sensible cap (and 2**n stays small).
MOST_DOUBLINGS = 20

UPSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


class Throttled(Exception):
    """Too many recent failures for this address from this client."""

    def __init__(self, seconds: int):
        super().__init__(seconds)
        self.seconds = seconds


def throttle_key(secret_key: bytes | str) -> bytes:
    """A key of its own for the pairs, so that no HMAC here is one the session cookie uses."""
    if isinstance(secret_key, str):
        secret_key = secret_key.encode()
    return hmac.new(secret_key, b"steady staff login throttle", hashlib.sha256).digest()


@dataclass(frozen=True)
class LoginThrottle:
    key: bytes = field(repr=False)
    free_failures: int
    longest_wait: timedelta

    @classmethod
    def from_config(cls, config, secret_key: bytes | str) -> "LoginThrottle":
        return cls(
            throttle_key(secret_key),
            config["STAFF_LOGIN_FREE_FAILURES"],
            timedelta(minutes=config["STAFF_LOGIN_LONGEST_WAIT_MINUTES"]),
        )

    def pair(self, email: str, client_address: str) -> str:
        """What the failures of `email` from this client are counted under. The address is
        normalised as accounts are, so "Staff@X" and "staff@x" share one count."""
        both = json.dumps([normalise(email), sender_of(client_address)]).encode()
        return hmac.new(self.key, both, hashlib.sha256).hexdigest()

    def wait_after(self, failures: int) -> timedelta:
        if failures < self.free_failures:
            return timedelta(0)
        doublings = min(failures - self.free_failures, MOST_DOUBLINGS)
        return min(FIRST_WAIT * 2**doublings, self.longest_wait)

    def refuse_if_waiting(self, session: Session, pair: str) -> None:
        """Raises Throttled while the pair must wait. Asks the database each time (never the
        session's identity map): other requests' failures count the moment they commit."""
        now = utc_now()
        found = session.execute(
            select(LoginFailures.failures, LoginFailures.last_failure_at).where(
                LoginFailures.pair == pair
            )
        ).one_or_none()
        if found is None or found.last_failure_at < now - FORGOTTEN_AFTER:
            return
        left = found.last_failure_at + self.wait_after(found.failures) - now
        if left > timedelta(0):
            raise Throttled(max(1, round(left.total_seconds())))

    def failed(self, session: Session, pair: str) -> None:
        """One more failure for the pair, added by the database itself, not read and written
        back: eight failures at once count eight."""
        now = utc_now()
        table = LoginFailures.__table__
        upsert = UPSERTS[session.get_bind().dialect.name](table)
        session.execute(
            upsert.values(pair=pair, failures=1, last_failure_at=now).on_conflict_do_update(
                index_elements=[table.c.pair],
                set_={
                    "failures": case(
                        (table.c.last_failure_at < now - FORGOTTEN_AFTER, 1),
                        else_=table.c.failures + 1,
                    ),
                    "last_failure_at": now,
                },
            )
        )
        session.commit()
        self.forget_old(session, now)

    def succeeded(self, session: Session, pair: str) -> None:
        session.execute(delete(LoginFailures).where(LoginFailures.pair == pair))
        session.commit()

    def forget_old(self, session: Session, now: datetime) -> None:
        """Pairs idle for a day deleted, whenever a failure is counted: the table holds at most
        a day of failures, however many clients and addresses are tried. In a transaction of
        its own: together with the upsert, two failures at once could each hold a row the
        other's delete waits for. Never fails the sign-in it rides on."""
        try:
            session.execute(
                delete(LoginFailures).where(LoginFailures.last_failure_at < now - FORGOTTEN_AFTER)
            )
            session.commit()
        except Exception:
            session.rollback()
            log.exception("old failed sign-ins could not be deleted; the next failure tries again")
