"""The SQLite adapter runs each statement in one trip to aiosqlite's thread, and SQLAlchemy
still sees rows, row counts, new ids and errors exactly as with the stock adapter."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import aiosqlite
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from bot.db.engine import create_engine, create_sessionmaker
from bot.factory import Storage
from tests.e2e.harness import migrated_sqlite

NEW_USER = (
    "INSERT INTO users (id, is_active, first_seen, last_active) "
    "VALUES ({id}, 1, '2026-01-01', '2026-01-01')"
)


@pytest.fixture
async def storage(tmp_path: Path) -> AsyncIterator[Storage]:
    engine = create_engine(await migrated_sqlite(tmp_path))
    try:
        yield Storage(engine=engine, sessionmaker=create_sessionmaker(engine))
    finally:
        await engine.dispose()


@pytest.fixture
def trips(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every hand-over to an aiosqlite connection thread, by the function it runs."""
    seen: list[str] = []
    original = aiosqlite.Connection._execute

    async def counted(self, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(getattr(fn, "__name__", repr(fn)))
        return await original(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
    return seen


async def test_a_query_is_one_trip_with_its_rows(storage: Storage, trips: list[str]) -> None:
    async with storage.sessionmaker() as session:
        await session.exec(text("SELECT 1"))  # type: ignore[call-overload]  # connection ready
        trips.clear()
        rows = (await session.exec(text("SELECT 1 AS a, 'x' AS b UNION ALL SELECT 2, 'y'"))).all()  # type: ignore[call-overload]
        assert trips == ["_run"]
    assert [tuple(row) for row in rows] == [(1, "x"), (2, "y")]


async def test_row_counts_new_ids_and_many_rows(storage: Storage) -> None:
    async with storage.sessionmaker() as session:
        await session.exec(  # type: ignore[call-overload]
            text(NEW_USER.format(id=":id")),
            params=[{"id": 1}, {"id": 2}, {"id": 3}],
        )
        updated = await session.exec(text("UPDATE users SET language = 'en' WHERE id >= 2"))  # type: ignore[call-overload]
        assert updated.rowcount == 2
        inserted = await session.exec(  # type: ignore[call-overload]
            text(NEW_USER.format(id=77))
        )
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
