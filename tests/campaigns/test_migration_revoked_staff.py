"""Migration 0018: revoked_staff and admin_names come, and go again on a downgrade, leaving
staff and organisations as they were (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from tests.campaigns.migrations import downgrade, execute, rows, upgrade

SEED = [
    "INSERT INTO organisations (id, name, created_at) VALUES (1, 'Gemeente Almelo', '2026-01-01')",
    "INSERT INTO staff_members (user_id, display_name, organisation_id, job_role, added_at) "
    "VALUES (7, 'Jeroen', 1, 'job_coach', '2026-01-01')",
]
REVOKED = (
    "INSERT INTO revoked_staff (user_id, display_name, organisation_id, job_role, added_at, "
    "revoked_by, revoked_at) VALUES (8, 'Bea', 1, 'consultant', '2026-01-01', 1, '2026-02-01')"
)
NAMED = "INSERT INTO admin_names (user_id, display_name, seen_at) VALUES (1, 'Anna', '2026-02-01')"


async def test_revoked_staff_and_admin_names_up_and_down(empty_url: str) -> None:
    await upgrade(empty_url, "0017")
    await execute(empty_url, *SEED)
    await upgrade(empty_url, "head")
    await execute(empty_url, REVOKED, NAMED)
    assert await rows(empty_url, "SELECT user_id, organisation_id FROM revoked_staff") == [(8, 1)]
    assert await rows(empty_url, "SELECT display_name FROM admin_names") == [("Anna",)]
    # A revoke names an organisation that exists.
    with pytest.raises(Exception, match=r"(?i)foreign key"):
        await execute(empty_url, REVOKED.replace("(8, 'Bea', 1", "(9, 'Eve', 99"))

    await downgrade(empty_url, "0017")
    assert await rows(empty_url, "SELECT user_id, display_name FROM staff_members") == [
        (7, "Jeroen")
    ]
    with pytest.raises(Exception, match=r"(?i)revoked_staff"):
        await rows(empty_url, "SELECT count(*) FROM revoked_staff")
    await upgrade(empty_url, "head")  # and up again, empty
    assert await rows(empty_url, "SELECT count(*) FROM revoked_staff") == [(0,)]
    assert await rows(empty_url, "SELECT count(*) FROM admin_names") == [(0,)]
