"""revoked_staff (an admin can reinstate a revoked colleague) and admin_names

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 09:40:00

Revoking still ends a staff member's role at once; their row moves to revoked_staff for
REINSTATE_DAYS, so that an admin who revoked the wrong colleague can put them back as they were.
admin_names holds the Telegram name of an admin (ADMIN_IDS has no names), noted at /dashboard.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "revoked_staff",
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("job_role", sa.String(length=32), nullable=False),
        sa.Column("invited_by", sa.BigInteger(), nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_by", sa.BigInteger(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"]),
        sa.PrimaryKeyConstraint("user_id"),
    )
    with op.batch_alter_table("revoked_staff") as batch:
        batch.create_index("ix_revoked_staff_organisation_id", ["organisation_id"])
        batch.create_index("ix_revoked_staff_revoked_at", ["revoked_at"])
    op.create_table(
        "admin_names",
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id"),
    )


def downgrade() -> None:
    op.drop_table("admin_names")
    with op.batch_alter_table("revoked_staff") as batch:
        batch.drop_index("ix_revoked_staff_revoked_at")
        batch.drop_index("ix_revoked_staff_organisation_id")
    op.drop_table("revoked_staff")
