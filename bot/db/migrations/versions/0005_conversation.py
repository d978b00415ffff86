"""users.conversation: the one conversation a user's typed text goes to

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 02:00:00

Filled in from what each user was doing: a consent being drafted, a campaign being made, a
what-if waiting for hours, or a scan in progress.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("conversation", sa.String(length=16), nullable=False, server_default="none")
        )
    # The earlier a statement, the lower its priority: the last one that matches wins.
    op.execute(
        "UPDATE users SET conversation = 'inventory' WHERE id IN "
        "(SELECT user_id FROM intake_sessions WHERE status = 'in_progress')"
    )
    op.execute(
        "UPDATE users SET conversation = 'what_if' WHERE id IN "
        '(SELECT user_id FROM results WHERE what_if_json LIKE \'%"step": "hours"%\')'
    )
    op.execute(
        "UPDATE users SET conversation = 'campaign_draft' WHERE id IN "
        "(SELECT owner_id FROM campaigns WHERE is_draft)"
    )
    op.execute(
        "UPDATE users SET conversation = 'consent' WHERE id IN "
        "(SELECT user_id FROM contact_consents WHERE status = 'draft')"
    )


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("conversation")
