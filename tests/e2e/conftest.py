from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.standin import StandIn
from tests.e2e.harness import RunningBot, migrated_sqlite, running_bot


@pytest.fixture
async def standin() -> AsyncIterator[StandIn]:
    server = StandIn()
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@pytest.fixture
async def database_url(tmp_path: Path) -> str:
    return await migrated_sqlite(tmp_path)


@pytest.fixture
async def app(standin: StandIn, database_url: str) -> AsyncIterator[RunningBot]:
    async with running_bot(standin, database_url) as running:
        yield running
