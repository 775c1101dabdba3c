"""The database: one engine per app, one session per request, schema changes by Alembic.

The default is an SQLite file in the instance folder, nothing to start. A 2xx for a message
must mean it survives a power cut, so every connection runs in WAL mode with synchronous=FULL
(each commit reaches the disk before it returns). DATABASE_URL selects PostgreSQL instead.

A request never waits on the database for longer than DATABASE_TIMEOUT_SECONDS: whatever fails
or hangs is answered with a prompt 503 (app/web/capacity.py), which the phone's outbox retries.
"""

import os
import socket
import threading
from datetime import UTC, datetime
from pathlib import Path

from flask import Flask, current_app, g, has_request_context
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from .config import PROJECT_ROOT
from .parts import parts

MIGRATIONS_DIR = PROJECT_ROOT / "migrations"
# How long a writer waits for another to finish before SQLite gives up with "database is locked",
# unless the request's own timeout is shorter.
BUSY_TIMEOUT_SECONDS = 10


class Base(DeclarativeBase):
    """Every table of Steady."""


def database_url(config) -> str:
    url = config["DATABASE_URL"] or f"sqlite:///{Path(config['INSTANCE_DIR']) / 'steady.sqlite3'}"
    # Hosts give postgres:// or postgresql:// URLs; psycopg 3 is the driver we install.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def set_sqlite_pragmas(connection, _record) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def sqlite_file(url: str) -> Path | None:
    database = url.partition(":///")[2]
    return Path(database) if database and database != ":memory:" else None


def make_engine(url: str, timeout_seconds: float | None = None) -> Engine:
    """The engine for `url`; with `timeout_seconds`, connecting and waiting for a pooled
    connection give up after that long (and with SQLite, waiting for another writer)."""
    if url.startswith("sqlite"):
        database = sqlite_file(url)
        if database:
            database.parent.mkdir(parents=True, exist_ok=True)
        busy = min(BUSY_TIMEOUT_SECONDS, timeout_seconds or BUSY_TIMEOUT_SECONDS)
        engine = create_engine(url, connect_args={"timeout": busy})
        event.listen(engine, "connect", set_sqlite_pragmas)
        return engine
    if timeout_seconds is None:
        return create_engine(url, pool_pre_ping=True)
    # No pool_pre_ping: SQLAlchemy pings before any checkout listener runs, so a hung server
    # would hang the ping with no deadline; RequestDeadline pings once its clock is running.
    return create_engine(
        url,
        pool_timeout=timeout_seconds,
        # libpq counts whole seconds, and treats less than two as two.
        connect_args={"connect_timeout": max(2, round(timeout_seconds))},
    )


class RequestDeadline:
    """A PostgreSQL connection lent to a request is cut if it is still out after `seconds`.

    A frozen server keeps its sockets open and never answers, and libpq has no timeout for an
    answer: the request would wait for ever, holding its thread. Shutting the socket down wakes
    the waiting call with an error, and the request is answered 503. Each connection is
    checked with a ping as it is lent, inside its deadline, so one cut (or dropped by the
    server) is replaced. Commands and the queue's jobs, which may rightly take long, are given
    no deadline."""

    def __init__(self, seconds: float):
        self.seconds = seconds

    def lent(self, dbapi_connection, record, _proxy) -> None:
        if has_request_context():
            timer = threading.Timer(self.seconds, cut, (dbapi_connection,))
            timer.daemon = True
            record.info["deadline"] = timer
            timer.start()
        try:
            with dbapi_connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except Exception as error:  # the pool discards it and tries a new connection
            self.returned(dbapi_connection, record)
            raise DisconnectionError("the connection did not answer a ping") from error

    def returned(self, _dbapi_connection, record) -> None:
        timer = record.info.pop("deadline", None)
        if timer is not None:
            timer.cancel()


def cut(dbapi_connection) -> None:
    try:
        with socket.socket(fileno=os.dup(dbapi_connection.fileno())) as connection:
            connection.shutdown(socket.SHUT_RDWR)
    except (OSError, ValueError):  # closed already: nothing left to wake
        pass


class SameSQLiteFile:
    """An SQLite connection is lent only while its file is still the one at the database's path.

    A connection keeps writing to the file it opened, even once that file is deleted or
    replaced under the running server: a message would be acknowledged into a file nobody will
    ever open again. A connection whose file is gone is discarded instead; the next one opens
    whatever is at the path now, where the tables are missing, so posts fail (and the outbox
    keeps them) until the file is put back."""

    def __init__(self, path: Path):
        self.path = path

    def opened(self, _dbapi_connection, record) -> None:
        record.info["inode"] = self.inode()

    def lent(self, _dbapi_connection, record, _proxy) -> None:
        if self.inode() != record.info.get("inode"):
            raise DisconnectionError(f"{self.path} is no longer the file this connection opened")

    def inode(self) -> int | None:
        try:
            return os.stat(self.path).st_ino
        except FileNotFoundError:
            return None


def guard_requests(engine: Engine, url: str, timeout_seconds: float) -> None:
    """What keeps a request from waiting on, or writing into, a database that is not there."""
    if url.startswith("sqlite"):
        database = sqlite_file(url)
        if database:
            same_file = SameSQLiteFile(database)
            event.listen(engine, "connect", same_file.opened)
            event.listen(engine, "checkout", same_file.lent)
        return
    deadline = RequestDeadline(timeout_seconds)
    event.listen(engine, "checkout", deadline.lent)
    event.listen(engine, "checkin", deadline.returned)


def session() -> Session:
    """This request's session, opened on first use."""
    if "db_session" not in g:
        g.db_session = parts(current_app).sessions()
    return g.db_session


def close_session(error: BaseException | None) -> None:
    opened = g.pop("db_session", None)
    if opened is not None:
        # Whatever a failed request half-did is undone, never committed by the next one.
        if error is not None:
            opened.rollback()
        opened.close()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to `revision`, on this engine's database."""
    # Imported here: Alembic (and Mako) would cost every web worker megabytes it never uses.
    from alembic import command
    from alembic.config import Config as AlembicConfig

    alembic = AlembicConfig()
    alembic.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        alembic.attributes["connection"] = connection
        command.upgrade(alembic, revision)


def init_app(app: Flask) -> None:
    url, timeout = database_url(app.config), app.config["DATABASE_TIMEOUT_SECONDS"]
    engine = make_engine(url, timeout)
    guard_requests(engine, url, timeout)
    parts(app).engine = engine
    parts(app).sessions = sessionmaker(engine, expire_on_commit=False)
    app.teardown_appcontext(close_session)


def utc_now() -> datetime:
    """Now in UTC, without a zone: how every time is stored (SQLite keeps no zone)."""
    return datetime.now(UTC).replace(tzinfo=None)
