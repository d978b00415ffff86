from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from standin import StandIn
from tests.e2e.harness import RunningBot, bot_runner, migrated_database, started_standin


@pytest.fixture
async def standin() -> AsyncIterator[StandIn]:
    async with started_standin(quiet_seconds=0.35) as server:
        yield server


@pytest.fixture(params=["sqlite", "postgres"])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """Every end-to-end test runs on SQLite and, when TEST_POSTGRES_URL is set, PostgreSQL."""
    async for url in migrated_database(request, tmp_path):
        yield url


@pytest.fixture
async def app(
    request: pytest.FixtureRequest, standin: StandIn, database_url: str
) -> AsyncIterator[RunningBot]:
    """The bot, in process; over HTTP (polling the stand-in) for a test marked `http`."""
    async with bot_runner(request)(standin, database_url) as running:
        yield running
