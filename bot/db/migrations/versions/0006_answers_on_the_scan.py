"""a scan's answers as one JSON document on its row: one statement reads a scan, one moves it

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 03:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Each scan's answers, gathered into one JSON object: {key: value, ...}.
GATHER = {
    "sqlite": (
        "UPDATE intake_sessions SET answers_json = COALESCE(("
        "SELECT json_group_object(key, json(value_json)) FROM answers "
        "WHERE answers.session_id = intake_sessions.id), '{}')"
    ),
    "postgresql": (
        "UPDATE intake_sessions SET answers_json = COALESCE(("
        "SELECT json_object_agg(key, value_json::json)::text FROM answers "
        "WHERE answers.session_id = intake_sessions.id), '{}')"
    ),
}
SPREAD = {
    "sqlite": (
        "INSERT INTO answers (session_id, key, value_json, answered_at) "
        "SELECT intake_sessions.id, each.key, each.value, intake_sessions.updated_at "
        "FROM intake_sessions, json_each(intake_sessions.answers_json) AS each"
    ),
    "postgresql": (
        "INSERT INTO answers (session_id, key, value_json, answered_at) "
        "SELECT intake_sessions.id, each.key, each.value::text, intake_sessions.updated_at "
        "FROM intake_sessions, json_each(intake_sessions.answers_json::json) AS each"
    ),
}


def upgrade() -> None:
    with op.batch_alter_table("intake_sessions") as batch:
        batch.add_column(sa.Column("answers_json", sa.Text(), nullable=False, server_default="{}"))
    op.execute(GATHER[op.get_bind().dialect.name])
    op.drop_table("answers")


def downgrade() -> None:
    op.create_table(
        "answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value_json", sa.Text(), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["intake_sessions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("session_id", "key", name="uq_answer_session_key"),
    )
    op.execute(SPREAD[op.get_bind().dialect.name])
    with op.batch_alter_table("intake_sessions") as batch:
        batch.drop_column("answers_json")
