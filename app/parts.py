"""What an app is made of once it starts, each part named here once: set by the module named
beside it, read through `parts(app)` wherever it is used.

Kept on the app (Flask's `app.extensions`), never in a module global: tests and the build run
several apps in one process, each with its own settings, database and build.
"""

from dataclasses import dataclass, field
from typing import Any

from flask import Flask

KEY = "steady"


@dataclass
class Parts:
    # app/db.py: the SQLAlchemy engine, and the sessions made from it
    engine: Any = None
    sessions: Any = None
    # app/sealing.py: messages sealed at rest, its key read on first use
    sealer: Any = None
    # app/mail.py: the mail backend chosen by MAIL_BACKEND
    mailer: Any = None
    # app/queue.py: where jobs wait that leave the request
    queue: Any = None
    # app/i18n/: the library in every language, what the catalogues lack, languages left out
    libraries: Any = None
    interface_problems: list = field(default_factory=list)
    skipped_locales: list = field(default_factory=list)
    # app/web/assets.py: the static files, prepared once
    assets: dict = field(default_factory=dict)
    # app/views/: the library page's pieces per language and mode; the short numbers to call
    live_pieces: dict = field(default_factory=dict)
    short_numbers: frozenset | None = None
    # app/contact/: the rate limit of new messages and the daily purge of old ones
    contact_limiter: Any = None
    daily_purge: Any = None
    # app/staff/: sign-in attempts per connection, the password checks run at once, and the
    # slow-down of wrong passwords per address and client
    login_limiter: Any = None
    password_checks: Any = None
    login_throttle: Any = None
    # app/push/: keys, sender, queue, the subscription rate limit, mock services (tests only)
    push_keys: Any = None
    push_sender: Any = None
    push_queue: Any = None
    push_limiter: Any = None
    push_test_origins: tuple = ()
    # app/delivery/site.py: the build opened, and what the app reads of it
    build: Any = None
    stored_errors: dict = field(default_factory=dict)
    last_resort_pages: dict = field(default_factory=dict)
    translation_problems: list = field(default_factory=list)
    precache: dict | None = None


def parts(app: Flask) -> Parts:
    return app.extensions[KEY]


def init_app(app: Flask) -> None:
    app.extensions[KEY] = Parts()
