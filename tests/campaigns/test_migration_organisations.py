"""Migration 0013 puts the staff, invites and campaigns there are into one organisation, named
as owners were told so far, and downgrades cleanly (SQLite and PostgreSQL)."""

from __future__ import annotations

from tests.campaigns.migrations import downgrade, execute, rows, upgrade

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
    await upgrade(empty_url, "0012")
    await execute(empty_url, *SEED)
    await upgrade(empty_url, "head")
    [(organisation_id, name)] = await rows(empty_url, "SELECT id, name FROM organisations")
    # The place most campaigns name: what the consent said ("the municipality of …").
    assert name == "Gemeente Twenterand"
    for table in ("staff_members", "staff_invites", "campaigns"):
        found = await rows(empty_url, f"SELECT organisation_id FROM {table}")
        assert {row[0] for row in found} == {organisation_id}, table
    roles = await rows(empty_url, "SELECT contact_role FROM campaigns")
    assert {row[0] for row in roles} == {""}  # the consent then says "a member of staff"
    await downgrade(empty_url, "0012")
    assert await rows(empty_url, "SELECT count(*) FROM campaigns") == [(3,)]


async def test_an_empty_database_gets_no_organisation(empty_url: str) -> None:
    await upgrade(empty_url, "head")
    assert await rows(empty_url, "SELECT count(*) FROM organisations") == [(0,)]
