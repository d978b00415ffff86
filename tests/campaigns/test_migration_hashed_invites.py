"""Migration 0015 stores invites by the SHA-256 of their token: links already sent keep working,
the plain token is gone; the downgrade drops unused invites (a hash cannot be turned back into
a token) and keeps used ones (SQLite and PostgreSQL)."""

from __future__ import annotations

import hashlib

from tests.campaigns.migrations import downgrade, execute, rows, upgrade

SEED = [
    "INSERT INTO organisations (id, name, created_at) VALUES (1, 'Gemeente Almelo', '2026-01-01')",
    "INSERT INTO staff_invites (token, created_by, created_at, expires_at, organisation_id, "
    "job_role) VALUES ('unused-token', 1, '2026-01-01', '2026-01-08', 1, 'job_coach')",
    "INSERT INTO staff_invites (token, created_by, created_at, expires_at, used_by, used_at, "
    "organisation_id, job_role) VALUES ('used-token', 1, '2026-01-01', '2026-01-08', 50, "
    "'2026-01-02', 1, 'job_coach')",
]


async def test_existing_invites_are_hashed_in_place(empty_url: str) -> None:
    await upgrade(empty_url, "0014")
    await execute(empty_url, *SEED)
    await upgrade(empty_url, "head")
    stored = await rows(empty_url, "SELECT token_hash FROM staff_invites ORDER BY used_by")
    expected = {
        hashlib.sha256(token.encode()).hexdigest() for token in ("unused-token", "used-token")
    }
    assert {row[0] for row in stored} == expected
    await downgrade(empty_url, "0014")
    assert await rows(empty_url, "SELECT used_by FROM staff_invites") == [(50,)]
    [(token,)] = await rows(empty_url, "SELECT token FROM staff_invites")
    assert token != "used-token" and len(token) <= 48
