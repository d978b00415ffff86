"""Migration 0020: the campaign figures' covering indexes replace the two narrower ones and go
back on a downgrade, the stored rows untouched (SQLite and PostgreSQL)."""

from __future__ import annotations

from tests.campaigns.migrations import downgrade, execute, rows, upgrade

SEED = [
    "INSERT INTO users (id, first_seen, last_active, is_active)"
    " VALUES (5, '2026-01-01', '2026-01-01', true)",
    "INSERT INTO results (id, user_id, rules_version, level, contribution_pct, answers_json,"
    " assessment_json, created_at) VALUES (1, 5, 'v3', 'trede_1', 4.2, '{}', '{}', '2026-02-01')",
]
NEW = {"ix_user_campaigns_figures", "ix_results_user_created_level", "ix_conversations_figures"}
OLD = {"ix_user_campaigns_campaign_first", "ix_results_user_created"}


async def _indexes(url: str) -> set[str]:
    if url.startswith("sqlite"):
        query = "SELECT name FROM sqlite_master WHERE type = 'index'"
    else:
        query = "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
    return {name for (name,) in await rows(url, query)} & (NEW | OLD)


async def test_figures_indexes_up_and_down(empty_url: str) -> None:
    await upgrade(empty_url, "0019")
    await execute(empty_url, *SEED)
    assert await _indexes(empty_url) == OLD
    await upgrade(empty_url, "0020")
    assert await _indexes(empty_url) == NEW
    assert await rows(empty_url, "SELECT user_id, level FROM results") == [(5, "trede_1")]
    await downgrade(empty_url, "0019")
    assert await _indexes(empty_url) == OLD
    assert await rows(empty_url, "SELECT user_id, level FROM results") == [(5, "trede_1")]
