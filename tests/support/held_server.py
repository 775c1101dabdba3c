"""The app served from the test's own process, behind a layer that holds chosen requests: until
the test lets them go (to catch the worker in the middle of something), or for some seconds (a
weak signal that answers slowly). tests/support/live_server.py serves from a process of its
own, which a test can stop but cannot reach into."""

import threading
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

from werkzeug.serving import make_server

from app import create_app, db
from app.parts import parts
from tests.support.apps import test_config
from tests.support.live_server import port_for

# However long a test waits, a held request is answered in the end: a failing test must not
# leave the server hanging.
LONGEST_HOLD_SECONDS = 60


@dataclass
class Hold:
    """Requests `matches` picks wait until `release()` or `seconds`; `arrived` is set as the
    first of them reaches the server."""

    matches: Callable[[dict], bool]
    seconds: float = LONGEST_HOLD_SECONDS
    arrived: threading.Event = field(default_factory=threading.Event)
    released: threading.Event = field(default_factory=threading.Event)

    def release(self) -> None:
        self.released.set()


class Holding:
    """WSGI layer in front of the whole app: a held request reaches it only when let go."""

    def __init__(self, app):
        self.app = app
        self.holds: list[Hold] = []

    def hold(self, matches: Callable[[dict], bool], seconds=LONGEST_HOLD_SECONDS) -> Hold:
        hold = Hold(matches, seconds)
        self.holds.append(hold)
        return hold

    def __call__(self, environ, start_response):
        for hold in self.holds:
            if hold.matches(environ):
                hold.arrived.set()
                hold.released.wait(hold.seconds)
        return self.app(environ, start_response)


@dataclass
class HeldServer:
    url: str
    holding: Holding
    instance: object


@contextmanager
def held_server():
    """The real app (its own database, keys and build) on loopback HTTP, behind `Holding`."""
    port = port_for("held")
    url = f"http://127.0.0.1:{port}"
    app = create_app(test_config(SITE_URL=url))
    instance = app.config["INSTANCE_DIR"]
    db.upgrade(parts(app).engine)
    holding = Holding(app)
    server = make_server("127.0.0.1", port, holding, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield HeldServer(url, holding, instance)
    finally:
        for hold in holding.holds:
            hold.release()
        server.shutdown()
        server.server_close()
        parts(app).engine.dispose()
