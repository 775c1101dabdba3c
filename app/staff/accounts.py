"""Staff accounts: who may read the inbox."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from .model import StaffMember


def all_addresses(session: Session) -> list[str]:
    return list(session.scalars(select(StaffMember.email).order_by(StaffMember.id)))
