"""Alembic's entry point: migrations run on the connection `flask db upgrade` hands over."""

from alembic import context

# Importing the models registers their tables on Base.metadata, for `alembic revision
# --autogenerate`.
import app.contact.model  # noqa: F401, E402
import app.push.model  # noqa: F401, E402
import app.staff.model  # noqa: F401, E402
from app.db import Base, database_url, make_engine

target_metadata = Base.metadata


def run_migrations(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:  # the alembic command itself, on the app's own database
    from app.config import settings

    engine = make_engine(database_url(settings()))
    with engine.begin() as opened:
        run_migrations(opened)
    engine.dispose()
