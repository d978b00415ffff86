"""users.channel, web_owners and web_links: owners who do the scan in a browser

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 12:30:00

A web owner is a user with channel "web" and a negative id (Telegram's user ids are positive);
web_owners holds, only when they typed one, their e-mail address and whether they want
reminders by e-mail; web_links the SHA-256 of each of their resume links' tokens.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("channel", sa.String(length=16), nullable=False, server_default="telegram")
        )
    op.create_table(
        "web_owners",
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("email_reminders", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id"),
    )
    with op.batch_alter_table("web_owners") as batch:
        batch.create_index("ix_web_owners_last_seen", ["last_seen"])
    op.create_table(
        "web_links",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    with op.batch_alter_table("web_links") as batch:
        batch.create_index("ix_web_links_user_id", ["user_id"])


def downgrade() -> None:
    with op.batch_alter_table("web_links") as batch:
        batch.drop_index("ix_web_links_user_id")
    op.drop_table("web_links")
    with op.batch_alter_table("web_owners") as batch:
        batch.drop_index("ix_web_owners_last_seen")
    op.drop_table("web_owners")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("channel")
