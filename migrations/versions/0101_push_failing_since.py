"""push subscriptions remember since when sends to them have failed

Revision ID: 0101
Revises: 0100
Create Date: 2026-12-07 00:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0101"
down_revision = "0100"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable: a row already there starts as never having failed, its next failed send
    # starts the count.
    op.add_column("push_subscriptions", sa.Column("failing_since", sa.DateTime(), nullable=True))


def downgrade() -> None:
    # In a batch: SQLite before 3.35 cannot drop a column, so Alembic copies the table.
    with op.batch_alter_table("push_subscriptions") as table:
        table.drop_column("failing_since")
