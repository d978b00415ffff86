"""Migration 0017: a scan under way is kept, and from then on the statement that moves a
conversation and names its update records that update as handled; downgraded, the column and
its trigger go and the scan stays (SQLite and PostgreSQL)."""

from __future__ import annotations

from tests.campaigns.migrations import downgrade, execute, rows, upgrade

SEED = [
    "INSERT INTO users (id, first_seen, last_active, is_active) "
    "VALUES (7, '2026-01-01', '2026-01-01', true)",
    "INSERT INTO conversations (id, user_id, flow, status, position, return_to_review, revision,"
    " context_json, answers_json, started_at, updated_at) VALUES "
    "(1, 7, 'scan', 'open', 'sector', false, 3, '{}', '{\"name\": \"Ilse\"}', "
    "'2026-01-01', '2026-01-01')",
]
MOVE = (
    "UPDATE conversations SET position = 'fte', revision = 4, moved_by_update = 5001, "
    "updated_at = '2026-01-02' WHERE id = 1 AND revision = 3"
)


async def test_a_move_records_its_update_from_0017_on(empty_url: str) -> None:
    await upgrade(empty_url, "0016")
    await execute(empty_url, *SEED)
    await upgrade(empty_url, "head")
    kept = "SELECT position, revision, moved_by_update, answers_json FROM conversations"
    assert await rows(empty_url, kept) == [("sector", 3, None, '{"name": "Ilse"}')]
    await execute(empty_url, MOVE)
    assert await rows(empty_url, "SELECT update_id FROM processed_updates") == [(5001,)]
    # Another change of the row (not a move naming an update) records nothing.
    await execute(empty_url, "UPDATE conversations SET prompt_message_id = 9 WHERE id = 1")
    assert await rows(empty_url, "SELECT count(*) FROM processed_updates") == [(1,)]

    await downgrade(empty_url, "0016")
    assert await rows(empty_url, "SELECT position, revision FROM conversations") == [("fte", 4)]
    await execute(empty_url, "UPDATE conversations SET revision = 5 WHERE id = 1")
    assert await rows(empty_url, "SELECT count(*) FROM processed_updates") == [(1,)]
    await upgrade(empty_url, "head")  # and up again
    assert await rows(empty_url, "SELECT moved_by_update FROM conversations") == [(None,)]
