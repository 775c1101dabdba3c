"""Room for the pages: work that may wait on something outside never takes every thread.

A contact post, a push subscription or a staff page waits on the database, and the database
can hang; eight such requests used to hold the server's eight threads, and the crisis page
waited behind them. Now at most DYNAMIC_WORK_SLOTS requests at once reach Flask, and the server
keeps threads beyond those (app/server.py) for the pages answered from the build. A request
that finds no slot is not made to wait (waiting would hold a thread too): it is answered at
once with a 503, which the phone's outbox retries, and which touches nothing outside.
"""

import threading

from flask import Flask, current_app, request
from flask_babel import gettext
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import ServiceUnavailable

# Set in the environ of a request that found no free slot.
NO_SLOT = "steady.no_slot"
# What the database says when it cannot be reached, answers too late or is not what we left:
# the request is answered as if it had found no slot.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError, PoolTimeout)
# Long enough for a hung dependency to time out or come back, short enough for a family.
RETRY_AFTER_SECONDS = 30


class Unavailable(ServiceUnavailable):
    """We cannot take this now: try again soon. Said in the visitor's language."""

    def __init__(self):
        super().__init__(
            gettext(
                "Steady is very busy right now, so this did not go through. Please try again "
                "in a minute. The help on this page works as it is."
            ),
            retry_after=RETRY_AFTER_SECONDS,
        )


class BoundedDynamicWork:
    """WSGI layer in front of Flask: at most `slots` requests inside at once."""

    def __init__(self, app, slots: int):
        self.app, self.slots = app, threading.BoundedSemaphore(slots)

    def __call__(self, environ, start_response):
        if not self.slots.acquire(blocking=False):
            environ[NO_SLOT] = True
            return self.app(environ, start_response)
        try:
            # Flask has done its work, its database session closed, when this returns: what
            # is left is sending bytes, which the server buffers.
            return self.app(environ, start_response)
        finally:
            self.slots.release()


def refuse_without_slot() -> None:
    """Before anything else a request does: no slot, no outside call."""
    if request.environ.get(NO_SLOT):
        raise Unavailable()


def database_unavailable(error: Exception):
    """Answered as Unavailable is, by whichever handler the request's blueprint gives it."""
    # The driver's own words, not SQLAlchemy's, which would add the statement's parameters.
    current_app.logger.warning("database unavailable: %s", getattr(error, "orig", error))
    return current_app.handle_http_exception(Unavailable())


def init_app(app: Flask) -> None:
    # First of the app's before_request functions, which run before any blueprint's.
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_without_slot)
    for error in DATABASE_UNAVAILABLE:
        app.register_error_handler(error, database_unavailable)
