"""attribution only by the deep link an owner opened: attributions by a typed municipality go

Revision ID: 0008
Revises: 0007
Create Date: 2027-01-10 10:00:00

A municipality typed in the scan used to link the owner to the newest campaign named after it,
whoever made that campaign. Those attributions are removed; an owner who also came through a
link is attributed to the earliest such campaign instead.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "UPDATE users SET campaign_code = NULL WHERE id IN "
        "(SELECT user_id FROM user_campaigns WHERE source = 'municipality' AND \"first\")"
    )
    op.execute("DELETE FROM user_campaigns WHERE source = 'municipality'")
    op.execute(
        'UPDATE user_campaigns SET "first" = TRUE WHERE id IN '
        "(SELECT MIN(id) FROM user_campaigns GROUP BY user_id) AND user_id NOT IN "
        '(SELECT user_id FROM user_campaigns WHERE "first")'
    )
    op.execute(
        "UPDATE users SET campaign_code = (SELECT campaigns.code FROM campaigns "
        "JOIN user_campaigns ON user_campaigns.campaign_id = campaigns.id "
        'WHERE user_campaigns.user_id = users.id AND user_campaigns."first") '
        "WHERE campaign_code IS NULL AND id IN "
        '(SELECT user_id FROM user_campaigns WHERE "first")'
    )


def downgrade() -> None:
    pass  # the removed attributions are not restored
