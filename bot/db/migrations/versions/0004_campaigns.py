"""campaigns, staff, invites, attribution, consented contacts

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _ts(name: str, *, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "staff_members",
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("invited_by", sa.BigInteger(), nullable=True),
        _ts("added_at"),
        sa.PrimaryKeyConstraint("user_id"),
    )
    op.create_table(
        "staff_invites",
        sa.Column("token", sa.String(length=48), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=False),
        _ts("created_at"),
        _ts("expires_at"),
        sa.Column("used_by", sa.BigInteger(), nullable=True),
        _ts("used_at", nullable=True),
        sa.PrimaryKeyConstraint("token"),
    )
    op.create_table(
        "campaigns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("municipality", sa.String(length=100), nullable=False),
        sa.Column("owner_id", sa.BigInteger(), nullable=False),
        sa.Column("is_draft", sa.Boolean(), nullable=False),
        _ts("created_at"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    with op.batch_alter_table("campaigns", schema=None) as batch_op:
        batch_op.create_index("ix_campaigns_owner_id", ["owner_id"], unique=False)

    op.create_table(
        "user_campaigns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("first", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        _ts("joined_at"),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaigns.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "campaign_id", name="uq_user_campaign"),
    )
    with op.batch_alter_table("user_campaigns", schema=None) as batch_op:
        batch_op.create_index(
            "ix_user_campaigns_campaign_first", ["campaign_id", "first"], unique=False
        )

    op.create_table(
        "contact_consents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("step", sa.String(length=16), nullable=False),
        sa.Column("consent_text", sa.Text(), nullable=False),
        sa.Column("org_name", sa.String(length=200), nullable=True),
        sa.Column("contact_name", sa.String(length=200), nullable=True),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("level", sa.String(length=16), nullable=True),
        _ts("started_at"),
        _ts("given_at", nullable=True),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaigns.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("contact_consents", schema=None) as batch_op:
        batch_op.create_index("ix_contact_consents_user_id", ["user_id"], unique=False)
        batch_op.create_index(
            "ix_contact_consents_campaign_status", ["campaign_id", "status"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("contact_consents", schema=None) as batch_op:
        batch_op.drop_index("ix_contact_consents_campaign_status")
        batch_op.drop_index("ix_contact_consents_user_id")
    op.drop_table("contact_consents")
    with op.batch_alter_table("user_campaigns", schema=None) as batch_op:
        batch_op.drop_index("ix_user_campaigns_campaign_first")
    op.drop_table("user_campaigns")
    with op.batch_alter_table("campaigns", schema=None) as batch_op:
        batch_op.drop_index("ix_campaigns_owner_id")
    op.drop_table("campaigns")
    op.drop_table("staff_invites")
    op.drop_table("staff_members")
