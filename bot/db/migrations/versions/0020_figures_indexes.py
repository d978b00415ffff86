"""Covering indexes for the campaign figures

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 15:00:00

The campaign figures (bot/db/repositories/statistics.py) read, for every owner a campaign
brought, their arrival, their scans' position and times and their results' times and levels.
Those columns come after the large JSON columns of `conversations` and `results`, so reading
them from the table reads each row's overflow pages too. These indexes hold exactly the columns
the figures read, so the statements are answered from the indexes alone (SQLite's "covering
index"; PostgreSQL's index-only scan where its visibility map allows). `make bench-dashboard`'s
data (100 campaigns, 10,000 owners), in process: the three reads of every campaign's owners,
scans and results took 59 instead of 78 ms (median of 20), the campaigns list's counting 72
instead of 94 ms (least of 12).

The two indexes they replace are their first columns, so every query those served they serve.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_user_campaigns_campaign_first", table_name="user_campaigns")
    op.create_index(
        "ix_user_campaigns_figures",
        "user_campaigns",
        ["campaign_id", "first", "user_id", "joined_at"],
    )
    op.drop_index("ix_results_user_created", table_name="results")
    op.create_index("ix_results_user_created_level", "results", ["user_id", "created_at", "level"])
    op.create_index(
        "ix_conversations_figures",
        "conversations",
        ["user_id", "flow", "started_at", "updated_at", "position"],
    )


def downgrade() -> None:
    op.drop_index("ix_conversations_figures", table_name="conversations")
    op.drop_index("ix_results_user_created_level", table_name="results")
    op.create_index("ix_results_user_created", "results", ["user_id", "created_at"])
    op.drop_index("ix_user_campaigns_figures", table_name="user_campaigns")
    op.create_index("ix_user_campaigns_campaign_first", "user_campaigns", ["campaign_id", "first"])
