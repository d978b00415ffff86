"""intake_sessions.prompt_revision: the revision whose question the owner was last shown

Revision ID: 0010
Revises: 0009
Create Date: 2027-01-12 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("intake_sessions") as batch:
        batch.add_column(sa.Column("prompt_revision", sa.Integer(), nullable=True))
    # Scans under way were shown their question as far as anyone knows.
    op.execute(
        "UPDATE intake_sessions SET prompt_revision = revision WHERE prompt_message_id IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("intake_sessions") as batch:
        batch.drop_column("prompt_revision")
