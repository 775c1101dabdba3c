"""Configuration: defaults here; what a deployment owns in its instance folder; overrides last.

The order, each later one winning: the defaults below, `<instance>/config.py`, environment
variables `FLASK_<NAME>` (values parsed as JSON where they can be), then a test's mapping.
The command-line tools read the same settings, so `flask content check` checks the content
the app would serve.
"""

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from flask import Config

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# What a deployment owns and must keep: the secret key, the database file, the push keys.
INSTANCE_DIR = Path(os.environ.get("STEADY_INSTANCE_DIR") or PROJECT_ROOT / "instance")

DEFAULTS = {
    "CONTENT_DIR": PROJECT_ROOT / "content",
    "TRANSLATIONS_DIR": PROJECT_ROOT / "translations",
    "STATIC_DIR": PROJECT_ROOT / "static",
    "SERVICE_WORKER_DIR": PROJECT_ROOT / "service_worker",
    # Where the site is built once and served from by every worker (app/delivery/build.py).
    # A build is named by what it is made from, so apps with other databases or keys share it.
    # None: <INSTANCE_DIR>/build, in whichever instance folder the app is given.
    "BUILD_DIR": None,
    # The public origin of the site, without a trailing slash: absolute alternate-language
    # links and the manifest use it, never the request's Host header.
    "SITE_URL": "http://127.0.0.1:5000",
    # The Host names we answer; any other gets a 400. None: the host of SITE_URL and loopback.
    "TRUSTED_HOSTS": None,
    # Behind a reverse proxy, how many of each X-Forwarded-* header to believe, as Werkzeug's
    # ProxyFix takes them, e.g. {"x_for": 1, "x_proto": 1, "x_host": 1}. None: no proxy, so no
    # such header is believed (a visitor could send them).
    "PROXY_FIX": None,
    # Strict-Transport-Security, sent only on responses served over HTTPS.
    "HSTS_MAX_AGE": 365 * 24 * 3600,
    # The theme colour of the installed app and of the browser's address bar.
    "THEME_COLOUR": "#1f5f63",
    "BACKGROUND_COLOUR": "#fbfaf7",
    # Where this deployment keeps its keys and, by default, its database.
    "INSTANCE_DIR": INSTANCE_DIR,
    # Empty: an SQLite file in the instance folder. The DATABASE_URL environment variable (or
    # FLASK_DATABASE_URL) selects PostgreSQL, e.g. postgresql://user:password@host/steady.
    "DATABASE_URL": "",
    # Requests that may wait on something outside (the database, mail, Redis): at most this
    # many at once; more get a prompt 503, which the phone's outbox retries. `make serve` runs
    # two threads beyond these, so stored pages answer whatever hangs (app/web/capacity.py).
    "DYNAMIC_WORK_SLOTS": 6,
    # The longest a request waits on the database: to connect, for a pooled connection, and
    # for its queries and commit (a hung server's connection is cut then: app/db.py).
    "DATABASE_TIMEOUT_SECONDS": 5,
    # Contact: the longest message, how soon we promise an answer, and how long a closed
    # message is kept before `flask contact purge` deletes it.
    "CONTACT_MAX_CHARS": 5000,
    "CONTACT_ANSWER_DAYS": 3,
    "CONTACT_RETENTION_DAYS": 90,
    # At most this many new messages from one address per window; counted under a keyed hash
    # that changes every window, so no address is ever kept.
    "CONTACT_RATE_LIMIT": 5,
    "CONTACT_RATE_WINDOW_SECONDS": 3600,
    # Several app servers count together in Redis (e.g. redis://localhost:6379/0); empty: each
    # process counts in its own memory.
    "CONTACT_RATE_LIMIT_REDIS_URL": "",
    # Where jobs wait that leave the request (push fan-out, the mail telling staff a family
    # wrote): "sqlite" (the instance folder; run `make queue-worker` beside the server), "redis"
    # (QUEUE_REDIS_URL, consumers on several machines) or "immediate" (in the calling process).
    "QUEUE": "sqlite",
    "QUEUE_REDIS_URL": "redis://127.0.0.1:6379/0",
    # The longest any call to Redis (the queue, the shared rate limit) may wait for an answer.
    "REDIS_TIMEOUT_SECONDS": 2,
    # Mail (staff replies and new-message notices): "console" (the log), "file" (one .eml per
    # message in MAIL_FILE_DIR, default <instance>/mail) or "smtp" (MAIL_SMTP_*).
    "MAIL_BACKEND": "console",
    "MAIL_FROM": "Steady <help@steady.invalid>",
    "MAIL_FILE_DIR": "",
    "MAIL_SMTP_HOST": "localhost",
    "MAIL_SMTP_PORT": 587,
    "MAIL_SMTP_USERNAME": "",
    "MAIL_SMTP_PASSWORD": "",
    "MAIL_SMTP_STARTTLS": True,
    # The longest the mail server may take to answer, at each step of sending.
    "MAIL_SMTP_TIMEOUT_SECONDS": 10,
    # Staff: a session ends this long after sign-in, or at sign-out. One connection may try to
    # sign in STAFF_LOGIN_ATTEMPTS times in STAFF_LOGIN_WINDOW_SECONDS, refused before any
    # password is checked beyond that. Wrong passwords slow down the client, never the account:
    # after STAFF_LOGIN_FREE_FAILURES for one address from one client, that client waits a
    # minute before trying that address again, twice as long after each further failure, up to
    # STAFF_LOGIN_LONGEST_WAIT_MINUTES (app/staff/throttle.py).
    "STAFF_SESSION_MINUTES": 30,
    "STAFF_LOGIN_ATTEMPTS": 10,
    "STAFF_LOGIN_WINDOW_SECONDS": 900,
    "STAFF_LOGIN_FREE_FAILURES": 5,
    "STAFF_LOGIN_LONGEST_WAIT_MINUTES": 60,
    # Web Push (app/push/). The VAPID keys are made once by `flask push keys`; the subject is
    # a contact push services can reach: a mailto: or https: address with a real domain.
    "PUSH_VAPID_SUBJECT": "",
    # "webpush" sends for real; "recording" keeps what would be sent (tests).
    "PUSH_SENDER": "webpush",
    "PUSH_BATCH_SIZE": 100,
    "PUSH_SEND_THREADS": 16,
    "PUSH_TIMEOUT_SECONDS": 10,
    # A push that meets a 5xx or a timeout is tried this many times in all, waiting
    # PUSH_RETRY_BASE_SECONDS, then twice as long each time.
    "PUSH_MAX_ATTEMPTS": 4,
    "PUSH_RETRY_BASE_SECONDS": 60,
    # A subscription whose sends have all failed for this many days is deleted at its next
    # failed send. Push services answer 2xx for a phone that is merely off (they keep the push),
    # so a month of failures is a host that never answers or an endpoint refused for good. A
    # family's page sends its subscription again at each visit, so a live one comes back.
    "PUSH_GIVE_UP_DAYS": 30,
    # At most this many subscription posts from one address an hour (a page re-sends its
    # subscription at each visit); more is somebody filling the table.
    "PUSH_SUBSCRIBE_RATE_LIMIT": 30,
    # Tell subscribers, once, when a new content version is first served.
    "PUSH_ANNOUNCE_UPDATES": True,
    # When the database or the queue cannot take that announcement, it is tried again after
    # this long, then twice as long each time (up to ten minutes).
    "PUSH_ANNOUNCE_RETRY_SECONDS": 30,
    # Origins of mock push services a test may send to ("http://127.0.0.1:8123"); refused at
    # start-up unless TESTING is on, so production only ever posts to the known services.
    "PUSH_TEST_SERVICES": [],
}

PATH_SETTINGS = (
    "CONTENT_DIR",
    "TRANSLATIONS_DIR",
    "STATIC_DIR",
    "SERVICE_WORKER_DIR",
    "BUILD_DIR",
    "INSTANCE_DIR",
)


def load_config(config: Config, test_config: dict | None = None) -> Config:
    """Fill `config` in the documented order."""
    config.from_mapping(DEFAULTS)
    # A test's instance folder is its own, settings file included: never the developer's.
    instance_dir = Path((test_config or {}).get("INSTANCE_DIR") or INSTANCE_DIR)
    config.from_pyfile(str(instance_dir / "config.py"), silent=True)
    config.from_prefixed_env()
    # The name every hosting platform uses for the database, without Flask's prefix.
    if os.environ.get("DATABASE_URL"):
        config["DATABASE_URL"] = os.environ["DATABASE_URL"]
    if test_config:
        config.update(test_config)
    if config["BUILD_DIR"] is None:
        config["BUILD_DIR"] = Path(config["INSTANCE_DIR"]) / "build"
    for name in PATH_SETTINGS:
        config[name] = Path(config[name])
    config["SITE_URL"] = str(config["SITE_URL"]).rstrip("/")
    site_host = urlsplit(config["SITE_URL"]).hostname
    if config["TRUSTED_HOSTS"] is None:
        config["TRUSTED_HOSTS"] = [h for h in (site_host, "127.0.0.1", "localhost") if h]
    elif site_host and site_host not in config["TRUSTED_HOSTS"]:
        # Our own address is always ours: a refused request is answered as if sent to it.
        config["TRUSTED_HOSTS"] = [*config["TRUSTED_HOSTS"], site_host]
    return config


def settings() -> Config:
    """The same configuration, without building the app (for the command-line tools)."""
    return load_config(Config(str(PROJECT_ROOT)))


def secret_key(instance_dir: Path) -> bytes:
    """This deployment's secret key, made once and kept in the instance folder."""
    return instance_secret(instance_dir, "secret_key", lambda: secrets.token_bytes(32))


def instance_secret(instance_dir: Path, name: str, make) -> bytes:
    """A key of this deployment: made once by `make()`, then read from the instance folder."""
    path = instance_dir / name
    if not path.exists():
        instance_dir.mkdir(parents=True, exist_ok=True)
        # Written whole under a name of its own, then linked into place: the link fails if
        # another thread or worker made the key first, and nobody ever reads a half-written
        # key. Owner-only permissions: a readable key would let anyone forge a session.
        draft = instance_dir / f".{name}.{secrets.token_hex(8)}"
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(make())
        try:
            os.link(draft, path)
        except FileExistsError:  # another made it first: use theirs
            pass
        finally:
            draft.unlink()
    return path.read_bytes()
