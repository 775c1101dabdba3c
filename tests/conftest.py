"""Fixtures shared by every test: the real app on the real content, and editable copies."""

import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from app import create_app, db
from app.contact.retention import DailyPurge
from app.content import load_library
from app.delivery.recipe import pages_not_saved, pages_to_store
from app.parts import parts
from app.web.rate_limit import RateLimiter

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


def html_pages(app) -> list[str]:
    """Every stored HTML page but the exit page (not the manifests and script texts)."""
    stored = pages_to_store(app) + pages_not_saved(app)
    return [url for url in stored if url != "/blank" and "." not in url]


@pytest.fixture(scope="session")
def app():
    return create_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def library():
    return load_library(CONTENT)


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A copy of the real content that a test may break."""
    copy = tmp_path / "content"
    shutil.copytree(CONTENT, copy)
    return copy


# The storage, contact and staff tests run on SQLite, and on PostgreSQL as well when
# STEADY_TEST_POSTGRES_URL names an empty database they may wipe (.ci/run sets it).
POSTGRES_URL = os.environ.get("STEADY_TEST_POSTGRES_URL", "")
DATABASES = ["sqlite", "postgresql"] if POSTGRES_URL else ["sqlite"]


def empty_database(kind: str, directory: Path) -> str:
    """The URL of an empty database of this kind, its schema made by the migrations."""
    url = f"sqlite:///{directory / 'steady.sqlite3'}" if kind == "sqlite" else POSTGRES_URL
    return emptied(url, directory)


def emptied(url: str, directory: Path) -> str:
    """The database at `url` emptied, its schema made again by the migrations; its URL."""
    engine = db.make_engine(db.database_url({"DATABASE_URL": url, "INSTANCE_DIR": directory}))
    if url.startswith("postgres"):
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    db.upgrade(engine)
    engine.dispose()
    return url


@pytest.fixture(scope="session", params=DATABASES)
def stateful_app(request, tmp_path_factory):
    """The real app on a database of its own (each kind in turn), mail written to files."""
    instance = tmp_path_factory.mktemp(f"instance-{request.param}")
    app = create_app(
        {
            "INSTANCE_DIR": instance,
            "DATABASE_URL": empty_database(request.param, instance),
            "MAIL_BACKEND": "file",
            "STAFF_FAILED_LOGIN_DELAY": 0,
        }
    )
    yield app
    parts(app).engine.dispose()


@pytest.fixture
def db_app(stateful_app):
    """The stateful app with every table emptied and its counters reset, for one test."""
    engine = parts(stateful_app).engine
    with engine.begin() as connection:
        for table in reversed(db.Base.metadata.sorted_tables):
            connection.execute(table.delete())
    parts(stateful_app).contact_limiter = RateLimiter(1000, 3600)
    parts(stateful_app).daily_purge = DailyPurge()
    for sent in (stateful_app.config["INSTANCE_DIR"] / "mail").glob("*.eml"):
        sent.unlink()
    return stateful_app


@pytest.fixture
def db_client(db_app):
    return db_app.test_client()
