"""Migration 0016 credits each existing contact for owners to its campaign's maker, so their
erasure takes it with it (SQLite and PostgreSQL)."""

from __future__ import annotations

from tests.campaigns.migrations import execute, rows, upgrade

SEED = [
    "INSERT INTO organisations (id, name, created_at) VALUES (1, 'Gemeente Almelo', '2026-01-01')",
    "INSERT INTO campaigns (id, code, name, municipality, contact, owner_id, organisation_id,"
    " contact_role, created_at) VALUES "
    "(1, 'avond', 'Avond', 'Almelo', 'Jeroen 06-1', 50, 1, '', '2026-01-01'), "
    "(2, 'beurs', 'Beurs', 'Almelo', '', 51, 1, '', '2026-01-01'), "
    "(3, 'flyer', 'Flyer', 'Almelo', NULL, 52, 1, '', '2026-01-01'), "
    "(4, 'weg', 'Weg', 'Almelo', 'WSP Twente', NULL, 1, '', '2026-01-01')",
]


async def test_existing_contacts_are_credited_to_the_campaigns_maker(empty_url: str) -> None:
    await upgrade(empty_url, "0014")
    await execute(empty_url, *SEED)
    await upgrade(empty_url, "head")
    found = await rows(empty_url, "SELECT id, contact_by FROM campaigns ORDER BY id")
    assert found == [(1, 50), (2, None), (3, None), (4, None)]
