"""Migration 0008 removes attributions made by a typed municipality (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio

from alembic import command
from sqlalchemy import text

from bot.db.engine import create_engine
from bot.db.migrate import alembic_config

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
    await asyncio.to_thread(command.upgrade, alembic_config(empty_url), "0007")
    engine = create_engine(empty_url)
    try:
        async with engine.begin() as connection:
            for statement in SEED:
                await connection.execute(text(statement))
        await asyncio.to_thread(command.upgrade, alembic_config(empty_url), "head")
        async with engine.connect() as connection:
            rows = await connection.execute(
                text('SELECT user_id, campaign_id, "first", source FROM user_campaigns ORDER BY id')
            )
            assert [tuple(row) for row in rows] == [(2, 2, True, "link"), (3, 2, True, "link")]
            codes = await connection.execute(
                text("SELECT id, campaign_code FROM users ORDER BY id")
            )
            assert [tuple(row) for row in codes] == [(1, None), (2, "flyer"), (3, "flyer")]
    finally:
        await engine.dispose()
