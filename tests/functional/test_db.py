"""Storage: the migrations make exactly the tables the models describe, SQLite runs with the
settings that make a 2xx durable, `flask db upgrade` works from nothing, and a failed request
leaves nothing half-written."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from click.testing import CliRunner
from sqlalchemy import inspect, select, text

from app import db
from app.cli.db import db_cli
from app.contact.model import ContactMessage
from app.parts import parts


def test_the_migrations_match_the_models(stateful_app):
    with parts(stateful_app).engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), db.Base.metadata)
    assert differences == []


def test_sqlite_runs_in_wal_with_full_sync_a_busy_timeout_and_foreign_keys(tmp_path):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'steady.sqlite3'}")
    with engine.connect() as connection:
        pragma = lambda name: connection.execute(text(f"PRAGMA {name}")).scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 2  # FULL
        assert pragma("busy_timeout") == db.BUSY_TIMEOUT_SECONDS * 1000
        assert pragma("foreign_keys") == 1
    engine.dispose()


def test_database_urls_default_to_the_instance_folder_and_use_psycopg(tmp_path):
    assert db.database_url({"DATABASE_URL": "", "INSTANCE_DIR": tmp_path}) == (
        f"sqlite:///{tmp_path / 'steady.sqlite3'}"
    )
    for given in ("postgres://u:p@h/steady", "postgresql://u:p@h/steady"):
        url = db.database_url({"DATABASE_URL": given, "INSTANCE_DIR": tmp_path})
        assert url == "postgresql+psycopg://u:p@h/steady"


def test_flask_db_upgrade_creates_every_table_from_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_INSTANCE_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("FLASK_DATABASE_URL", raising=False)
    for _ in range(2):  # and again: nothing to do the second time
        result = CliRunner().invoke(db_cli, ["upgrade"])
        assert result.exit_code == 0, result.output
    engine = db.make_engine(f"sqlite:///{tmp_path / 'steady.sqlite3'}")
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert {t.name for t in db.Base.metadata.sorted_tables} | {"alembic_version"} == tables


def test_a_failed_request_leaves_nothing_half_written(db_app):
    context = db_app.app_context()
    context.push()
    db.session().add(ContactMessage(idempotency_key="half-written", locale="en", body=b"x"))
    db.session().flush()  # written, not committed
    context.pop(RuntimeError("the request failed here"))  # what Flask does after an error
    with db_app.app_context():
        assert db.session().scalars(select(ContactMessage)).all() == []


def test_subscriptions_stored_before_failures_were_counted_are_kept_as_never_failed(tmp_path):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'steady.sqlite3'}")
    db.upgrade(engine, "0100")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO push_subscriptions (endpoint, p256dh, auth, locale, plain, topics,"
                " created_at, check_ins_sent) VALUES ('https://web.push.apple.com/x', 'k', 'a',"
                " 'es', 0, 'updates', '2026-11-30 10:00:00', 0)"
            )
        )
    db.upgrade(engine)
    with engine.connect() as connection:
        kept = connection.execute(text("SELECT endpoint, failing_since FROM push_subscriptions"))
        assert list(kept) == [("https://web.push.apple.com/x", None)]
    engine.dispose()


def test_staff_accounts_and_their_audit_log_survive_the_end_of_the_lockout(tmp_path):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'steady.sqlite3'}")
    db.upgrade(engine, "0101")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO staff (id, email, password_hash, totp_secret, last_totp_step,"
                " failed_logins, locked_until, created_at) VALUES (1, 'a@steady.example', 'h',"
                " x'00', 7, 3, '2026-12-01 10:00:00', '2026-11-30 10:00:00')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO audit_log (at, staff_id, message_id, action)"
                " VALUES ('2026-11-30 11:00:00', 1, 5, 'opened')"
            )
        )
    db.upgrade(engine)
    with engine.connect() as connection:
        staff = connection.execute(text("SELECT * FROM staff")).mappings().one()
        assert staff["email"] == "a@steady.example" and staff["last_totp_step"] == 7
        assert "locked_until" not in staff and "failed_logins" not in staff
        assert connection.execute(text("SELECT staff_id FROM audit_log")).scalar() == 1
    engine.dispose()
