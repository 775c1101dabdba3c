"""push subscriptions and announced content versions

Revision ID: 0100
Revises: 0001
Create Date: 2026-11-26 22:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0100"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "push_subscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("endpoint", sa.String(length=1024), nullable=False),
        sa.Column("p256dh", sa.String(length=100), nullable=False),
        sa.Column("auth", sa.String(length=40), nullable=False),
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column("plain", sa.Boolean(), nullable=False),
        sa.Column("topics", sa.String(length=60), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("check_ins_since", sa.DateTime(), nullable=True),
        sa.Column("check_ins_sent", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("endpoint"),
    )
    op.create_table(
        "push_announcements",
        sa.Column("version", sa.String(length=40), nullable=False),
        sa.Column("announced_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("version"),
    )


def downgrade() -> None:
    op.drop_table("push_announcements")
    op.drop_table("push_subscriptions")
