"""Migration 0008 removes attributions made by a typed municipality (SQLite and PostgreSQL)."""

from __future__ import annotations

from tests.campaigns.migrations import execute, rows, upgrade

SEED = [
    "INSERT INTO users (id, first_seen, last_active, is_active, conversation, campaign_code) "
    "VALUES (1, '2026-01-01', '2026-01-01', TRUE, 'none', 'fake-almelo'), "
    "(2, '2026-01-01', '2026-01-01', TRUE, 'none', 'fake-almelo'), "
    "(3, '2026-01-01', '2026-01-01', TRUE, 'none', 'flyer')",
    "INSERT INTO campaigns (id, code, name, municipality, owner_id, is_draft, created_at) "
    "VALUES (1, 'fake-almelo', 'Gemeente Almelo officieel', 'Almelo', 50, FALSE, '2026-01-01'), "
    "(2, 'flyer', 'Flyer', 'Twenterand', 51, FALSE, '2026-01-01')",
    'INSERT INTO user_campaigns (id, user_id, campaign_id, "first", source, joined_at) VALUES '
    "(1, 1, 1, TRUE, 'municipality', '2026-01-01'), "
    "(2, 2, 1, TRUE, 'municipality', '2026-01-01'), (3, 2, 2, FALSE, 'link', '2026-01-02'), "
    "(4, 3, 2, TRUE, 'link', '2026-01-01')",
]


async def test_typed_municipality_attributions_are_removed(empty_url: str) -> None:
    await upgrade(empty_url, "0007")
    await execute(empty_url, *SEED)
    await upgrade(empty_url, "head")
    attributions = 'SELECT user_id, campaign_id, "first", source FROM user_campaigns ORDER BY id'
    assert await rows(empty_url, attributions) == [(2, 2, True, "link"), (3, 2, True, "link")]
    codes = await rows(empty_url, "SELECT id, campaign_code FROM users ORDER BY id")
    assert codes == [(1, None), (2, "flyer"), (3, "flyer")]
