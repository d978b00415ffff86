"""campaigns.contact: how owners reach the people behind a campaign, as staff typed it

Revision ID: 0011
Revises: 0010
Create Date: 2027-01-20 09:00:00

Optional text (NULL: not asked yet; "": skipped), shown in the campaign's welcome and in the
result's advice to owners attributed to it. Existing campaigns have none.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("campaigns") as batch:
        batch.add_column(sa.Column("contact", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("campaigns") as batch:
        batch.drop_column("contact")
