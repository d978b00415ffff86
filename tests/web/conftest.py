"""Browser tests of the staff dashboard: the real bot polling the stand-in, the dashboard on a
free port of 127.0.0.1, and a headless Chromium from the system (Debian's `chromium` package;
Playwright's own browser download is not used) driven by Playwright.

Without a `chromium` on PATH the tests are skipped with a reason, unless REQUIRE_BROWSER is set
(.ci/run installs it and sets it, so CI fails instead of skipping).
"""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import create_engine
from standin import StandIn
from tests.campaigns.support import ADMIN
from tests.e2e.harness import (
    RunningBot,
    migrated_database,
    migrated_sqlite,
    running_bot,
    started_standin,
)

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Dashboard:
    app: RunningBot
    standin: StandIn
    base: str  # http://127.0.0.1:<port>/dashboard


@pytest.fixture(params=["sqlite", "postgres"])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A migrated database of each kind, for the tests that talk to the services directly
    (PostgreSQL when TEST_POSTGRES_URL is set, else skipped with the reason)."""
    async for url in migrated_database(request, tmp_path):
        yield url


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """The engine of `database_url`, disposed of after the test."""
    made = create_engine(database_url)
    try:
        yield made
    finally:
        await made.dispose()


@pytest.fixture
async def standin() -> AsyncIterator[StandIn]:
    async with started_standin() as server:
        yield server


@pytest.fixture
async def dashboard(standin: StandIn, tmp_path: Path) -> AsyncIterator[Dashboard]:
    from bot.web.app import start_web

    standin.add_user(ADMIN, first_name="Admin", language_code="en")
    port = free_port()
    url = await migrated_sqlite(tmp_path)
    async with running_bot(
        standin,
        url,
        ADMIN_IDS=str(ADMIN),
        WEB_HOST="127.0.0.1",
        WEB_PORT=str(port),
        WEB_BASE_URL=f"http://127.0.0.1:{port}",
        WEB_COOKIE_SECURE="false",  # plain http on loopback
    ) as running:
        runner = await start_web(running.settings, running.storage.sessionmaker, running.bot)
        try:
            yield Dashboard(running, standin, f"http://127.0.0.1:{port}/dashboard")
        finally:
            await runner.cleanup()


@pytest.fixture
async def browser() -> AsyncIterator[object]:
    executable = shutil.which("chromium")
    if executable is None:
        message = "no `chromium` on PATH: apt-get install -y --no-install-recommends chromium"
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        args = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
        chromium = await playwright.chromium.launch(executable_path=executable, args=args)
        try:
            yield chromium
        finally:
            await chromium.close()
