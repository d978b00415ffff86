"""campaigns.owner_id may be NULL: a campaign outlives its erased author, without their id

Revision ID: 0007
Revises: 0006
Create Date: 2027-01-10 09:00:00

Erasure used to follow foreign keys to users.id only, so people erased before this revision
left staff rows, invites and campaign ownership behind. Those leftovers (ids with no user row)
are cleared here the way erasing now clears them (bot/db/personal_data.py).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GONE = "NOT IN (SELECT id FROM users)"


def upgrade() -> None:
    with op.batch_alter_table("campaigns") as batch:
        batch.alter_column("owner_id", existing_type=sa.BigInteger(), nullable=True)
    op.execute(f"DELETE FROM campaigns WHERE is_draft AND owner_id {GONE}")
    op.execute(f"UPDATE campaigns SET owner_id = NULL WHERE owner_id {GONE}")
    op.execute(f"DELETE FROM staff_members WHERE user_id {GONE}")
    op.execute(f"UPDATE staff_members SET invited_by = NULL WHERE invited_by {GONE}")
    op.execute(f"DELETE FROM staff_invites WHERE created_by {GONE} OR used_by {GONE}")


def downgrade() -> None:
    op.execute("DELETE FROM campaigns WHERE owner_id IS NULL")
    with op.batch_alter_table("campaigns") as batch:
        batch.alter_column("owner_id", existing_type=sa.BigInteger(), nullable=False)
