"""Migration 0013 puts the staff, invites and campaigns there are into one organisation, named
as owners were told so far, and downgrades cleanly (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio

from alembic import command
from sqlalchemy import text

from bot.db.engine import create_engine
from bot.db.migrate import alembic_config

SEED = [
    "INSERT INTO staff_members (user_id, display_name, invited_by, added_at) "
    "VALUES (50, 'Jeroen', 1, '2026-01-01')",
    "INSERT INTO staff_invites (token, created_by, created_at, expires_at) "
    "VALUES ('t1', 1, '2026-01-01', '2026-01-08')",
    "INSERT INTO campaigns (id, code, name, municipality, owner_id, is_draft, created_at) "
    "VALUES (1, 'avond', 'Avond', 'Twenterand', 50, FALSE, '2026-01-01'), "
    "(2, 'beurs', 'Beurs', 'Twenterand', 50, FALSE, '2026-01-01'), "
    "(3, 'flyer', 'Flyer', 'Almelo', 50, FALSE, '2026-01-01')",
]


async def test_existing_staff_and_campaigns_get_one_organisation(empty_url: str) -> None:
    await asyncio.to_thread(command.upgrade, alembic_config(empty_url), "0012")
    engine = create_engine(empty_url)
    try:
        async with engine.begin() as connection:
            for statement in SEED:
                await connection.execute(text(statement))
        await asyncio.to_thread(command.upgrade, alembic_config(empty_url), "head")
        async with engine.connect() as connection:
            organisations = await connection.execute(text("SELECT id, name FROM organisations"))
            [(organisation_id, name)] = [tuple(row) for row in organisations]
            # The place most campaigns name: what the consent said ("the municipality of …").
            assert name == "Gemeente Twenterand"
            for table in ("staff_members", "staff_invites", "campaigns"):
                found = await connection.execute(text(f"SELECT organisation_id FROM {table}"))
                assert {row[0] for row in found} == {organisation_id}, table
            roles = await connection.execute(text("SELECT contact_role FROM campaigns"))
            assert {row[0] for row in roles} == {""}  # the consent then says "a member of staff"
        await asyncio.to_thread(command.downgrade, alembic_config(empty_url), "0012")
        async with engine.connect() as connection:
            kept = await connection.execute(text("SELECT count(*) FROM campaigns"))
            assert kept.scalar_one() == 3
    finally:
        await engine.dispose()


async def test_an_empty_database_gets_no_organisation(empty_url: str) -> None:
    await asyncio.to_thread(command.upgrade, alembic_config(empty_url), "head")
    engine = create_engine(empty_url)
    try:
        async with engine.connect() as connection:
            count = await connection.execute(text("SELECT count(*) FROM organisations"))
            assert count.scalar_one() == 0
    finally:
        await engine.dispose()
