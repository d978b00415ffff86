"""campaigns.contact_by: who typed a campaign's contact for owners

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 04:30:00

A campaign's contact ("Jeroen, 06-…") is text a staff member typed, often about themselves: it
goes when they erase their data. Existing contacts are credited to the campaign's maker (who
typed it at creation; a later `/campaign contact` by a colleague was not recorded).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("campaigns") as batch:
        batch.add_column(sa.Column("contact_by", sa.BigInteger(), nullable=True))
        batch.create_index("ix_campaigns_contact_by", ["contact_by"])
    op.execute(
        "UPDATE campaigns SET contact_by = owner_id "
        "WHERE contact IS NOT NULL AND contact <> '' AND owner_id IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("campaigns") as batch:
        batch.drop_index("ix_campaigns_contact_by")
        batch.drop_column("contact_by")
