"""Fixtures for the outreach tests: the real bot against the stand-in, with one admin."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from standin import StandIn
from tests.campaigns.support import ADMIN
from tests.e2e.harness import RunningBot, migrated_sqlite, running_bot, started_standin
from tests.postgres import fresh_postgres


@pytest.fixture
async def standin() -> AsyncIterator[StandIn]:
    async with started_standin() as server:
        yield server


@pytest.fixture
async def database_url(tmp_path: Path) -> str:
    return await migrated_sqlite(tmp_path)


@pytest.fixture
async def app(standin: StandIn, database_url: str) -> AsyncIterator[RunningBot]:
    standin.add_user(ADMIN, first_name="Admin", language_code="en")
    async with running_bot(standin, database_url, ADMIN_IDS=str(ADMIN)) as running:
        yield running


@pytest.fixture(params=["sqlite", "postgres"])
async def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """An empty database (no migrations run) for the migration tests, on both engines."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'old.db'}"
        return
    async with fresh_postgres(migrated=False) as url:
        yield url
