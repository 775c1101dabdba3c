"""The app as the tests make it: everything it writes kept in the run's temporary folder, the
real content, the pages to check, and the databases to run on."""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from sqlalchemy import text

from app import db
from app.delivery.recipe import pages_not_saved, pages_to_store
from app.parts import parts

ROOT = Path(__file__).resolve().parent.parent.parent
CONTENT = ROOT / "content"
TRANSLATIONS = ROOT / "translations"
# The languages a test's copy of the catalogues keeps: a site in every language takes a minute
# to build, and the code a broken catalogue exercises is the same in each. Spanish is the
# language the tests break; Arabic keeps a right-to-left language in the build.
COPIED_LOCALES = ("en", "es", "ar")

# This run's temporary folder (tests/conftest.py sets it as the run starts): every app of the
# tests writes there and nowhere else, never into the checkout's instance/.
run_folder: Path | None = None


def test_config(**overrides) -> dict:
    """Settings for create_app(): an instance folder of its own (database, keys, mail) and the
    run's one build folder, so that every app made from the same files opens the same build."""
    if run_folder is None:
        raise RuntimeError("test_config() is for the tests: tests/conftest.py sets the run folder")
    config = {"BUILD_DIR": run_folder / "builds", **overrides}
    if "INSTANCE_DIR" not in config:
        config["INSTANCE_DIR"] = Path(tempfile.mkdtemp(prefix="instance-", dir=run_folder))
    return config


test_config.__test__ = False  # a helper, though its name (Flask's own) starts with "test"


def copy_translations(destination: Path) -> Path:
    """A copy of the templates and of the catalogues of COPIED_LOCALES, that a test may break."""

    def other_languages(folder: str, names: list[str]) -> list[str]:
        if Path(folder) != TRANSLATIONS:
            return []
        return [n for n in names if (TRANSLATIONS / n).is_dir() and n not in COPIED_LOCALES]

    shutil.copytree(TRANSLATIONS, destination, ignore=other_languages)
    return destination


def test_folders() -> dict[str, str]:
    """For a process the tests start (a server, a `flask` command): the variables that give it
    the folders test_config() gives an app."""
    config = test_config()
    return {
        # Where app/config.py looks for config.py, and the default of the two below.
        "STEADY_INSTANCE_DIR": str(config["INSTANCE_DIR"]),
        "FLASK_INSTANCE_DIR": str(config["INSTANCE_DIR"]),
        "FLASK_BUILD_DIR": str(config["BUILD_DIR"]),
    }


def test_environ(**variables: str) -> dict[str, str]:
    """This process's environment, with test_folders(), then `variables` (FLASK_* settings)."""
    return {**os.environ, **test_folders(), **variables}


test_folders.__test__ = test_environ.__test__ = False


def flask(*args: str, env: dict | None = None, timeout=300) -> subprocess.CompletedProcess:
    """`flask <args>` run on this checkout's code (`python -m flask` from the project folder:
    the `flask` script alone would import the installed copy, which may be another checkout)."""
    return subprocess.run(
        [sys.executable, "-m", "flask", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env=test_environ(**(env or {})),
    )


def html_pages(app) -> list[str]:
    """Every stored HTML page but the exit page (not the manifests and script texts)."""
    stored = pages_to_store(app) + pages_not_saved(app)
    return [url for url in stored if url != "/blank" and "." not in url]


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


def empty_tables(app) -> None:
    """Every row of every table deleted: the schema stays, for the next test."""
    with parts(app).engine.begin() as connection:
        for table in reversed(db.Base.metadata.sorted_tables):
            connection.execute(table.delete())
