"""SQLite writers of one process queue in asyncio, first come first served, instead of sleeping
in SQLite's busy handler; the turn passes on at commit, rollback or a closed session."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import create_async_engine

from bot.db import repo
from bot.db.engine import create_engine, create_sessionmaker
from bot.db.models import User
from bot.db.sqlite_writes import queue_writes
from bot.factory import Storage
from tests.e2e.harness import migrated_sqlite

WRITERS = 12


@pytest.fixture
async def sqlite_storage(tmp_path: Path) -> AsyncIterator[Storage]:
    engine = create_engine(await migrated_sqlite(tmp_path))
    sessionmaker = create_sessionmaker(engine)
    async with sessionmaker() as session:
        for user_id in range(WRITERS + 1):
            await repo.touch_user(session, user_id=user_id, telegram_language="nl")
        await session.commit()
    try:
        yield Storage(engine=engine, sessionmaker=sessionmaker)
    finally:
        await engine.dispose()


async def rename(session, user_id: int) -> None:  # type: ignore[no-untyped-def]
    await session.exec(update(User).where(User.id == user_id).values(language="en"))


async def test_writers_take_turns_in_arrival_order(sqlite_storage: Storage) -> None:
    order: list[int] = []
    holder_writing = asyncio.Event()
    release_holder = asyncio.Event()

    async def holder() -> None:
        async with sqlite_storage.sessionmaker() as session:
            await rename(session, 0)
            holder_writing.set()
            await release_holder.wait()  # a transaction that spans other awaits
            await session.commit()

    async def writer(user_id: int) -> None:
        async with sqlite_storage.sessionmaker() as session:
            await rename(session, user_id)
            order.append(user_id)
            await asyncio.sleep(0.01)  # keep the turn a moment: the next one must wait for it
            await session.commit()

    first = asyncio.create_task(holder())
    await holder_writing.wait()
    writers = []
    for user_id in range(1, WRITERS + 1):
        writers.append(asyncio.create_task(writer(user_id)))
        await asyncio.sleep(0.02)  # each one reaches its first write before the next starts
    assert order == []  # all wait while the first transaction is open
    release_holder.set()
    await asyncio.gather(first, *writers)
    assert order == list(range(1, WRITERS + 1))


async def test_a_rolled_back_or_abandoned_transaction_passes_the_turn(
    sqlite_storage: Storage,
) -> None:
    async with sqlite_storage.sessionmaker() as session:
        await rename(session, 1)
        await session.rollback()
    async with sqlite_storage.sessionmaker() as session:
        await rename(session, 2)  # closed without commit: the pool rolls back
    async with sqlite_storage.sessionmaker() as session:
        await asyncio.wait_for(rename(session, 3), 2)
        await session.commit()
    async with sqlite_storage.sessionmaker() as session:
        users = {user_id: await repo.get_user(session, user_id=user_id) for user_id in (1, 2, 3)}
    assert [users[n].language for n in (1, 2, 3)] == [None, None, "en"]  # type: ignore[union-attr]


async def test_a_writer_that_never_gets_the_turn_fails_like_a_busy_database(
    tmp_path: Path,
) -> None:
    url = await migrated_sqlite(tmp_path)
    engine = create_async_engine(url)
    queue_writes(engine, timeout=0.3)
    sessionmaker = create_sessionmaker(engine)
    try:
        async with sessionmaker() as session:
            await repo.touch_user(session, user_id=1, telegram_language="nl")
            await session.commit()
        async with sessionmaker() as holder, sessionmaker() as late:
            await rename(holder, 1)
            with pytest.raises(OperationalError, match="database is locked"):
                await rename(late, 1)
            await holder.commit()
    finally:
        await engine.dispose()


async def test_a_free_turn_is_taken_without_letting_other_work_run_first(
    sqlite_storage: Storage,
) -> None:
    """A writer that had to let the loop turn would hold the turn while it is not running, and
    under load every other writer waited behind it."""
    ran_meanwhile: list[str] = []
    async with sqlite_storage.sessionmaker() as session:
        asyncio.get_running_loop().call_soon(ran_meanwhile.append, "other work")
        await rename(session, 1)
        written_before_the_loop_turned = not ran_meanwhile
        await session.commit()
    assert written_before_the_loop_turned
