"""Web Push: families opt in to hear, discreetly, that the help saved on their phone changed,
and to gentle check-ins; each push also makes the worker fetch the new version.

keys.py the VAPID key pair; endpoints.py what makes a subscription safe to send to; model.py
and subscriptions.py storing them; messages.py what is said; sender.py how it is sent, keeping
a token and (posting.py) a connection pool for the few services used last (recent.py);
answers.py what a push service's answer means; jobs.py the fan-out queue; views.py the API
(json_body.py reading its bodies) and the Notifications page. The `flask push` commands are
in app/cli/push.py.
"""

import logging

from flask import Flask
from sqlalchemy.exc import DBAPIError, IntegrityError

from .. import db
from ..parts import parts
from ..web.rate_limit import RateLimiter
from .jobs import PushQueue
from .keys import check_subject, load_keys
from .model import PushAnnouncement
from .sender import RecordingSender, WebPushSender

log = logging.getLogger(__name__)


class MockServicesOutsideTests(RuntimeError):
    """PUSH_TEST_SERVICES would let the server post to any address it names: tests only."""


def test_origins(config) -> tuple[str, ...]:
    origins = tuple(config["PUSH_TEST_SERVICES"])
    if origins and not config.get("TESTING"):
        raise MockServicesOutsideTests("PUSH_TEST_SERVICES is honoured only with TESTING on")
    return origins


def make_sender(app: Flask):
    config = app.config
    kind = config["PUSH_SENDER"]
    if kind == "recording":
        return RecordingSender()
    if kind == "webpush":
        vapid = parts(app).push_keys
        if vapid is None:
            return None
        return WebPushSender(
            vapid,
            check_subject(config["PUSH_VAPID_SUBJECT"]),
            config["PUSH_TIMEOUT_SECONDS"],
            parts(app).push_test_origins,
        )
    raise ValueError(f"PUSH_SENDER must be webpush or recording, not {kind!r}")


def announce_new_version(app: Flask, version: str) -> bool:
    """Queue the `updates` push for this content version, once across every process."""
    if parts(app).push_sender is None:
        return False
    session = db.session()
    try:
        session.add(PushAnnouncement(version=version))
        session.commit()
    except IntegrityError:
        session.rollback()  # announced already, by this process earlier or another one
        return False
    except DBAPIError:
        # No push tables yet (`flask db upgrade` not run): nothing to announce to.
        session.rollback()
        log.warning("push tables missing; run flask db upgrade")
        return False
    parts(app).push_queue.fan_out("updates")
    return True


def init_app(app: Flask) -> None:
    parts(app).push_test_origins = test_origins(app.config)
    parts(app).push_keys = load_keys(app.config["INSTANCE_DIR"])
    parts(app).push_sender = make_sender(app)
    parts(app).push_queue = PushQueue(app)
    parts(app).push_limiter = RateLimiter(app.config["PUSH_SUBSCRIBE_RATE_LIMIT"], 3600)


class AnnounceOnFirstRequest:
    """WSGI layer announcing the content version at the first request after start-up, once
    the build is open (its own rendering comes before it). It sits outside the build's layers,
    which answer most requests (the worker script, fetched on every visit) before Flask; and
    not in start-up itself, which every `flask` command also runs."""

    def __init__(self, wsgi_app, flask_app: Flask):
        self.wsgi_app, self.flask_app, self.pending = wsgi_app, flask_app, True

    def __call__(self, environ, start_response):
        if self.pending:
            # Two first requests at once may both get here: the database announces once.
            self.pending = False
            app = self.flask_app
            manifest = parts(app).precache
            if manifest and app.config["PUSH_ANNOUNCE_UPDATES"]:
                with app.app_context():
                    announce_new_version(app, manifest["version"])
        return self.wsgi_app(environ, start_response)
