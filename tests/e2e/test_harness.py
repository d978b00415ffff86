"""The harness's own guarantees, where they lean on library behaviour."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.db.engine import create_engine
from tests.e2e.harness import end_leftover_tasks

SLOW_QUERY = (
    "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 1000000) "
    "SELECT count(*) FROM r"
)


async def test_a_close_left_waiting_by_a_query_cancelled_twice_is_ended(tmp_path: Path) -> None:
    """SQLAlchemy 2.1.9 with aiosqlite 0.22.1: cancel a query twice and the connection's close
    waits forever (end_leftover_tasks says why). When an upgrade fixes that, this fails: then
    the harness no longer needs end_leftover_tasks."""
    before = asyncio.all_tasks()
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'slow.db'}")

    connected = asyncio.Event()

    async def query() -> None:
        async with engine.connect() as connection:
            connected.set()
            await connection.execute(text(SLOW_QUERY))

    task = asyncio.create_task(query())
    await connected.wait()
    await asyncio.sleep(0.05)  # the query is running in aiosqlite's thread (for a second)
    task.cancel()
    await asyncio.sleep(0)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await engine.dispose()
    with pytest.warns(UserWarning, match="the bot left tasks running"):
        await end_leftover_tasks(before, grace=0.5)
    assert asyncio.all_tasks() <= before  # nothing left to hang the loop at its close
