"""The bot's commits never checkpoint SQLite's write-ahead log on the event loop; a background
task does it, and the running bot starts and ends that task."""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlalchemy import text

from bot.db.engine import create_engine, create_sessionmaker, sqlite_path
from bot.db.sqlite_checkpoints import Checkpointer
from standin import StandIn
from tests.e2e.harness import migrated_sqlite, running_bot

NEW_USER = (
    "INSERT INTO users (id, is_active, first_seen, last_active) "
    "VALUES (:id, 1, '2026-01-01', '2026-01-01')"
)


def wal_bytes(database: Path) -> int:
    wal = database.with_name(database.name + "-wal")
    return wal.stat().st_size if wal.exists() else 0


async def write_many(url: str, *, checkpoints_elsewhere: bool, commits: int = 1500) -> None:
    engine = create_engine(url, checkpoints_elsewhere=checkpoints_elsewhere)
    sessionmaker = create_sessionmaker(engine)
    try:
        for n in range(commits):  # well over SQLite's 1000-page automatic threshold
            async with sessionmaker() as session:
                await session.exec(text(NEW_USER), params={"id": n})  # type: ignore[call-overload]
                await session.commit()
        frames, copied = Checkpointer(sqlite_path(url)).checkpoint()  # type: ignore[arg-type]
        if checkpoints_elsewhere:
            assert copied == frames > 1000  # nothing was checkpointed on the way
        else:
            assert frames < 1000  # SQLite checkpointed in some of the commits
    finally:
        await engine.dispose()


async def test_commits_leave_checkpoints_to_the_checkpointer(tmp_path: Path) -> None:
    await write_many(await migrated_sqlite(tmp_path / "bot"), checkpoints_elsewhere=True)
    await write_many(await migrated_sqlite(tmp_path / "cli"), checkpoints_elsewhere=False)


async def test_the_running_bot_checkpoints_in_the_background(tmp_path: Path) -> None:
    """Once checkpointed, the log is written from its start again: it stops growing."""
    url = await migrated_sqlite(tmp_path)
    database = sqlite_path(url)
    assert database is not None
    standin = StandIn()
    await standin.start()
    try:
        async with running_bot(standin, url) as running:
            assert running.storage.checkpointer is not None
            running.storage.checkpointer.interval = 0.05
            sizes = []
            for batch in range(3):
                for n in range(200):
                    async with running.storage.sessionmaker() as session:
                        params = {"id": batch * 1000 + n}
                        await session.exec(text(NEW_USER), params=params)  # type: ignore[call-overload]
                        await session.commit()
                sizes.append(wal_bytes(database))
                await asyncio.sleep(0.3)
    finally:
        await standin.stop()
    assert sizes[0] > 200 * 4096  # a page or more per commit went to the log
    assert sizes[2] <= sizes[0] * 1.2  # without checkpoints: about three times as large
