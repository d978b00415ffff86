"""conversations.moved_by_update: the update that moved a conversation, recorded as handled

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 07:00:00

An answer is one statement: the guarded UPDATE that moves the conversation also names the
update that moved it, and this trigger records that update in processed_updates within the same
statement (so a redelivered update is skipped exactly as before, and no second statement or
commit is needed). The same trigger on SQLite and PostgreSQL.

SQLite drops a table's triggers when a batch migration copies the table: a later migration that
rebuilds `conversations` must create this trigger again (tests/scale/test_hot_path.py fails
without it).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRIGGER = "conversations_record_update"

SQLITE_TRIGGER = f"""
CREATE TRIGGER {TRIGGER} AFTER UPDATE OF moved_by_update ON conversations
FOR EACH ROW WHEN NEW.moved_by_update IS NOT NULL
BEGIN
    INSERT OR IGNORE INTO processed_updates (update_id, processed_at)
    VALUES (NEW.moved_by_update, NEW.updated_at);
END
"""

POSTGRES_FUNCTION = f"""
CREATE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO processed_updates (update_id, processed_at)
    VALUES (NEW.moved_by_update, NEW.updated_at)
    ON CONFLICT (update_id) DO NOTHING;
    RETURN NULL;
END
$$
"""

POSTGRES_TRIGGER = f"""
CREATE TRIGGER {TRIGGER} AFTER UPDATE OF moved_by_update ON conversations
FOR EACH ROW WHEN (NEW.moved_by_update IS NOT NULL) EXECUTE FUNCTION {TRIGGER}()
"""


def upgrade() -> None:
    op.add_column("conversations", sa.Column("moved_by_update", sa.BigInteger(), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        op.execute(SQLITE_TRIGGER)
    else:
        op.execute(POSTGRES_FUNCTION)
        op.execute(POSTGRES_TRIGGER)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"DROP TRIGGER IF EXISTS {TRIGGER}")
    else:
        op.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON conversations")
        op.execute(f"DROP FUNCTION IF EXISTS {TRIGGER}()")
    # Both databases drop a column in place (SQLite since 3.35), keeping the table's indexes.
    op.execute("ALTER TABLE conversations DROP COLUMN moved_by_update")
