"""web_sign_ins, web_sessions (the staff dashboard) and campaigns.closed_at

Revision ID: 0012
Revises: 0011
Create Date: 2027-02-01 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for name, moment in (("web_sign_ins", "expires_at"), ("web_sessions", "last_seen")):
        op.create_table(
            name,
            sa.Column("token_hash", sa.String(length=64), nullable=False),
            sa.Column("user_id", sa.BigInteger(), nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column(moment, sa.DateTime(timezone=True), nullable=False),
            *(
                [sa.Column("used_at", sa.DateTime(timezone=True), nullable=True)]
                if name == "web_sign_ins"
                else []
            ),
            sa.PrimaryKeyConstraint("token_hash"),
        )
        with op.batch_alter_table(name) as batch:
            batch.create_index(f"ix_{name}_user_id", ["user_id"], unique=False)
    with op.batch_alter_table("web_sessions") as batch:
        batch.create_index("ix_web_sessions_last_seen", ["last_seen"], unique=False)
    with op.batch_alter_table("campaigns") as batch:
        batch.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("campaigns") as batch:
        batch.drop_column("closed_at")
    with op.batch_alter_table("web_sessions") as batch:
        batch.drop_index("ix_web_sessions_last_seen")
    for name in ("web_sessions", "web_sign_ins"):
        with op.batch_alter_table(name) as batch:
            batch.drop_index(f"ix_{name}_user_id")
        op.drop_table(name)
