from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.db.engine import create_engine, create_sessionmaker
from bot.factory import Storage
from tests.e2e.harness import migrated_database


@pytest.fixture(params=["sqlite", "postgres"])
async def backend_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A migrated database on SQLite and, when TEST_POSTGRES_URL is set, on PostgreSQL."""
    async for url in migrated_database(request, tmp_path):
        yield url


@pytest.fixture
async def storage(backend_url: str) -> AsyncIterator[Storage]:
    engine = create_engine(backend_url)
    try:
        yield Storage(engine=engine, sessionmaker=create_sessionmaker(engine))
    finally:
        await engine.dispose()
