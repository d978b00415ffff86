"""SQLite statements run on the event loop's thread; only a wait for another process's lock goes
to a worker thread, and SQLAlchemy still sees rows, row counts, new ids and errors as usual."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import IntegrityError, OperationalError

from bot.factory import Storage
from tests.e2e.harness import migrated_sqlite

NEW_USER = (
    "INSERT INTO users (id, is_active, first_seen, last_active) "
    "VALUES ({id}, 1, '2026-01-01', '2026-01-01')"
)


@pytest.fixture
async def backend_url(tmp_path: Path) -> str:
    """SQLite only (conftest's `storage` is built on it): these tests are about its driver."""
    return await migrated_sqlite(tmp_path)


def other_writer(database: str) -> sqlite3.Connection:
    """Another process's connection holding SQLite's write lock."""
    blocker = sqlite3.connect(database.split("///", 1)[1], isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    blocker.execute("UPDATE users SET language = language")
    return blocker


async def test_statements_run_on_the_loops_thread(storage: Storage) -> None:
    threads: set[int] = set()

    @event.listens_for(storage.engine.sync_engine, "before_cursor_execute")
    def note_thread(*_args: object) -> None:
        threads.add(threading.get_ident())

    async with storage.sessionmaker() as session:
        await session.exec(text(NEW_USER.format(id=1)))  # type: ignore[call-overload]
        await session.commit()
        count = (await session.exec(text("SELECT count(*) FROM users"))).one()  # type: ignore[call-overload]
    assert tuple(count) == (1,)
    assert threads == {threading.get_ident()}
    assert not [t for t in threading.enumerate() if "aiosqlite" in repr(t).lower()]


async def test_row_counts_new_ids_and_many_rows(storage: Storage) -> None:
    async with storage.sessionmaker() as session:
        await session.exec(  # type: ignore[call-overload]
            text(NEW_USER.format(id=":id")),
            params=[{"id": 1}, {"id": 2}, {"id": 3}],
        )
        updated = await session.exec(text("UPDATE users SET language = 'en' WHERE id >= 2"))  # type: ignore[call-overload]
        assert updated.rowcount == 2
        inserted = await session.exec(text(NEW_USER.format(id=77)))  # type: ignore[call-overload]
        await session.commit()
        rowid = (await session.exec(text("SELECT rowid FROM users WHERE id = 77"))).one()  # type: ignore[call-overload]
        assert inserted.lastrowid == rowid[0] == 4
        languages = (await session.exec(text("SELECT id, language FROM users ORDER BY id"))).all()  # type: ignore[call-overload]
    assert [tuple(row) for row in languages] == [(1, None), (2, "en"), (3, "en"), (77, None)]


async def test_errors_arrive_as_sqlalchemy_errors_and_nothing_is_kept(storage: Storage) -> None:
    statement = text(NEW_USER.format(id=5))
    async with storage.sessionmaker() as session:
        await session.exec(statement)  # type: ignore[call-overload]
        with pytest.raises(IntegrityError):
            await session.exec(statement)  # type: ignore[call-overload]
        await session.rollback()
    async with storage.sessionmaker() as session:
        count = (await session.exec(text("SELECT count(*) FROM users"))).one()  # type: ignore[call-overload]
    assert tuple(count) == (0,)


async def test_another_processs_lock_is_waited_for_while_the_loop_goes_on(
    storage: Storage, backend_url: str
) -> None:
    blocker = other_writer(backend_url)
    ticks = 0

    async def write() -> None:
        async with storage.sessionmaker() as session:
            await session.exec(text(NEW_USER.format(id=9)))  # type: ignore[call-overload]
            await session.commit()

    writing = asyncio.create_task(write())
    for _ in range(20):  # 0.2 s in which the loop must keep turning
        await asyncio.sleep(0.01)
        ticks += 1
    assert not writing.done()
    blocker.execute("COMMIT")
    blocker.close()
    await asyncio.wait_for(writing, 5)
    assert ticks == 20
    async with storage.sessionmaker() as session:
        stored = (await session.exec(text("SELECT id FROM users"))).all()  # type: ignore[call-overload]
    assert [tuple(row) for row in stored] == [(9,)]


async def test_a_lock_held_past_the_busy_timeout_is_an_error(
    storage: Storage, backend_url: str
) -> None:
    storage.engine.dialect.busy_timeout = 0.2  # type: ignore[attr-defined]
    blocker = other_writer(backend_url)
    try:
        async with storage.sessionmaker() as session:
            with pytest.raises(OperationalError, match="locked"):
                await session.exec(text(NEW_USER.format(id=9)))  # type: ignore[call-overload]
    finally:
        blocker.close()
