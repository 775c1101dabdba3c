"""messages say whether the family marked them urgent, whether staff marked them spam, and which
came from one connection on one day (a keyed hash, never the address)

Revision ID: 0103
Revises: 0102
Create Date: 2026-12-07 01:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0103"
down_revision = "0102"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("contact_messages") as table:
        table.add_column(
            sa.Column("urgent", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        table.add_column(sa.Column("spam", sa.Boolean(), nullable=False, server_default=sa.false()))
        # Messages stored before have none: they cannot be linked to one another.
        table.add_column(sa.Column("sender_tag", sa.String(32), nullable=True))
        table.create_index("ix_contact_messages_sender_tag", ["sender_tag"])


def downgrade() -> None:
    with op.batch_alter_table("contact_messages") as table:
        table.drop_index("ix_contact_messages_sender_tag")
        table.drop_column("sender_tag")
        table.drop_column("spam")
        table.drop_column("urgent")
