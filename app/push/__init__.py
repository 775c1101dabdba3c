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
import threading
import time

from flask import Flask

from ..parts import parts
from ..web.rate_limit import RateLimiter
from .jobs import PushQueue
from .keys import check_subject, load_keys
from .sender import RecordingSender, WebPushSender

log = logging.getLogger(__name__)

# An announcement the queue could not take is tried again after
# PUSH_ANNOUNCE_RETRY_SECONDS, then twice as long each time, up to this.
LONGEST_ANNOUNCE_WAIT_SECONDS = 600


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


def announce_new_version(app: Flask, version: str) -> None:
    """Queue the announcement of this content version. Every process queues it as it starts;
    the job sends it once across them all (PushQueue.run_announce). Raises when the queue
    cannot take it."""
    if parts(app).push_sender is not None:
        parts(app).push_queue.announce(version)


def init_app(app: Flask) -> None:
    parts(app).push_test_origins = test_origins(app.config)
    parts(app).push_keys = load_keys(app.config["INSTANCE_DIR"])
    parts(app).push_sender = make_sender(app)
    parts(app).push_queue = PushQueue(app)
    parts(app).push_limiter = RateLimiter(app.config["PUSH_SUBSCRIBE_RATE_LIMIT"], 3600)


class AnnounceOnFirstRequest:
    """WSGI layer announcing the content version after start-up, once the build is open (its
    own rendering comes before it). Begun by the first request, not by start-up, which every
    `flask` command also runs; and in a thread of its own, which tries again until the queue
    takes it: a request, even the first, never waits on the queue."""

    def __init__(self, wsgi_app, flask_app: Flask):
        self.wsgi_app, self.flask_app, self.pending = wsgi_app, flask_app, True

    def __call__(self, environ, start_response):
        if self.pending:
            # Two first requests at once may both get here: the database announces once.
            self.pending = False
            manifest = parts(self.flask_app).precache
            if manifest and self.flask_app.config["PUSH_ANNOUNCE_UPDATES"]:
                version = manifest["version"]
                threading.Thread(
                    target=self.announce, args=(version,), name=f"announce-{version}", daemon=True
                ).start()
        return self.wsgi_app(environ, start_response)

    def announce(self, version: str) -> None:
        app, delay = self.flask_app, self.flask_app.config["PUSH_ANNOUNCE_RETRY_SECONDS"]
        while True:
            try:
                with app.app_context():
                    announce_new_version(app, version)
                return
            except Exception as error:  # down or hung: the announcement waits, is never lost
                log.warning("version %s not announced yet (%s); trying again", version, error)
                time.sleep(delay)
                delay = min(delay * 2, LONGEST_ANNOUNCE_WAIT_SECONDS)
