"""staff sessions kept on the server, failed sign-ins counted per address and client, and no
more account lockout

Revision ID: 0102
Revises: 0101
Create Date: 2026-12-08 00:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0102"
down_revision = "0101"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff_sessions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.Column("device", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_staff_sessions_staff_id"), "staff_sessions", ["staff_id"])
    op.create_index(op.f("ix_staff_sessions_created_at"), "staff_sessions", ["created_at"])
    op.create_table(
        "staff_login_failures",
        sa.Column("pair", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("pair"),
    )
    op.create_index(
        op.f("ix_staff_login_failures_last_failure_at"),
        "staff_login_failures",
        ["last_failure_at"],
    )
    # Not in a batch: on SQLite a batch copies the table and drops the old one, and dropping
    # `staff` fails once the audit log and replies refer to it. SQLite drops a plain column
    # in place since 3.35 (2021), as PostgreSQL does.
    op.drop_column("staff", "locked_until")
    op.drop_column("staff", "failed_logins")


def downgrade() -> None:
    op.add_column(
        "staff",
        sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0"),
    )
    op.add_column("staff", sa.Column("locked_until", sa.DateTime(), nullable=True))
    op.drop_index(
        op.f("ix_staff_login_failures_last_failure_at"), table_name="staff_login_failures"
    )
    op.drop_table("staff_login_failures")
    op.drop_index(op.f("ix_staff_sessions_created_at"), table_name="staff_sessions")
    op.drop_index(op.f("ix_staff_sessions_staff_id"), table_name="staff_sessions")
    op.drop_table("staff_sessions")
