"""The daily retention job, without a scheduler: the first request of each day that touches the
messages (a family's post, staff opening the inbox) runs `purge` first. `flask contact purge`
does the same from cron, for a deployment that wants it at a fixed hour."""

import logging
import threading
import time

from flask import current_app

from .. import db
from ..parts import parts
from .service import purge

DAY_SECONDS = 24 * 3600
log = logging.getLogger(__name__)


class DailyPurge:
    def __init__(self, interval_seconds: float = DAY_SECONDS, clock=time.monotonic):
        self.interval, self.clock = interval_seconds, clock
        self.lock = threading.Lock()
        self.last_run: float | None = None

    def due(self) -> bool:
        """True at most once per interval (and on the first call), for one caller only."""
        with self.lock:
            now = self.clock()
            if self.last_run is not None and now - self.last_run < self.interval:
                return False
            self.last_run = now
            return True


def purge_if_due() -> None:
    """Never fails the request it rides on: a family's message is already stored by then."""
    if not parts(current_app).daily_purge.due():
        return
    try:
        purge(db.session(), current_app.config["CONTACT_RETENTION_DAYS"])
    except Exception:
        db.session().rollback()
        log.exception("the daily purge failed; it runs again tomorrow or with flask contact purge")


def init_app(app) -> None:
    parts(app).daily_purge = DailyPurge()
