"""The database: one engine per app, one session per request, schema changes by Alembic.

The default is an SQLite file in the instance folder, nothing to start. A 2xx for a message
must mean it survives a power cut, so every connection runs in WAL mode with synchronous=FULL
(each commit reaches the disk before it returns). DATABASE_URL selects PostgreSQL instead.
"""

from datetime import UTC, datetime
from pathlib import Path

from flask import Flask, current_app, g
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from .config import PROJECT_ROOT
from .parts import parts

MIGRATIONS_DIR = PROJECT_ROOT / "migrations"
# How long a writer waits for another to finish before SQLite gives up with "database is locked".
BUSY_TIMEOUT_MS = 10_000


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
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        database = url.partition(":///")[2]
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", set_sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


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
    engine = make_engine(database_url(app.config))
    parts(app).engine = engine
    parts(app).sessions = sessionmaker(engine, expire_on_commit=False)
    app.teardown_appcontext(close_session)


def utc_now() -> datetime:
    """Now in UTC, without a zone: how every time is stored (SQLite keeps no zone)."""
    return datetime.now(UTC).replace(tzinfo=None)
