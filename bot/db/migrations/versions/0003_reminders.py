"""reminders and reminder preferences

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 10:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _ts(name: str, *, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("step", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=96), nullable=False),
        sa.Column("ref_id", sa.Integer(), nullable=True),
        _ts("due_at"),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claimed_by", sa.String(length=64), nullable=True),
        _ts("claimed_at", nullable=True),
        _ts("sent_at", nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("answer", sa.String(length=16), nullable=True),
        _ts("answered_at", nullable=True),
        _ts("created_at"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.create_index("ix_reminders_state_due", ["state", "due_at"], unique=False)
        batch_op.create_index("ix_reminders_user_kind", ["user_id", "kind"], unique=False)

    op.create_table(
        "reminder_prefs",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("inventory_on", sa.Boolean(), nullable=False),
        sa.Column("roadmap_on", sa.Boolean(), nullable=False),
        sa.Column("trede_on", sa.Boolean(), nullable=False),
        _ts("followup_since", nullable=True),
        sa.Column("start_level", sa.String(length=16), nullable=True),
        sa.Column("cert_expires", sa.String(length=7), nullable=True),
        _ts("updated_at"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id"),
    )


def downgrade() -> None:
    op.drop_table("reminder_prefs")
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.drop_index("ix_reminders_user_kind")
        batch_op.drop_index("ix_reminders_state_due")
    op.drop_table("reminders")
