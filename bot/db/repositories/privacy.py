"""A person's rows in every table, for their export and their erasure.

What is stored where, and what erasing does to it, is declared once in
`bot.db.personal_data.INVENTORY`: rows found through a column that holds the person's id are
deleted, or keep their row with the id set to NULL.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import RowMapping, Select, Table, delete, inspect, or_, select, text, update
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db import models  # noqa: F401 - importing the package registers every table
from bot.db.models import StaffMember
from bot.db.personal_data import INVENTORY, Erase, PersonalTable


def declared_tables() -> list[tuple[PersonalTable, Table]]:
    """Each declared table with its SQLAlchemy table, children before parents (users last)."""
    order = {table.name: index for index, table in enumerate(SQLModel.metadata.sorted_tables)}
    found = [
        (entry, SQLModel.metadata.tables[entry.name])
        for entry in INVENTORY
        if entry.name in SQLModel.metadata.tables
    ]
    return sorted(found, key=lambda pair: -order[pair[0].name])


async def declared_tables_in(session: AsyncSession) -> list[tuple[PersonalTable, Table]]:
    """Declared tables that exist in this database (a model may be ahead of the migrations)."""
    connection = await session.connection()
    names = set(await connection.run_sync(lambda sync: inspect(sync).get_table_names()))
    return [pair for pair in declared_tables() if pair[0].name in names]


def rows_of_user(entry: PersonalTable, table: Table, user_id: int) -> Select[Any] | None:
    """The rows of this table that are in the user's export (None: the table is not)."""
    keys = [table.c[s.column] == user_id for s in entry.subjects if s.export]
    if not entry.export or not keys:
        return None
    shown = [column for column in table.c if column.name not in entry.secret]
    return select(*shown).where(or_(*keys))


async def exported_rows(
    session: AsyncSession, *, user_id: int
) -> list[tuple[PersonalTable, Sequence[RowMapping]]]:
    """The user's rows of every table in their export, parents first."""
    await session.flush()
    found: list[tuple[PersonalTable, Sequence[RowMapping]]] = []
    for entry, table in reversed(await declared_tables_in(session)):
        statement = rows_of_user(entry, table, user_id)
        if statement is None:
            continue
        rows = (
            (
                await session.exec(  # type: ignore[call-overload]
                    statement
                )
            )
            .mappings()
            .all()
        )
        found.append((entry, rows))
    return found


@dataclass(frozen=True)
class Erased:
    touched: int  # rows deleted or anonymised
    was_staff: bool


async def erase(session: AsyncSession, *, user_id: int) -> Erased:
    """Apply every declared erase rule for this user (in the caller's transaction).

    Rows are deleted explicitly, children first, so nothing depends on the database enforcing
    ON DELETE CASCADE (SQLite only does with foreign_keys=ON).
    """
    await session.flush()
    was_staff = await session.get(StaffMember, user_id) is not None
    touched = 0
    for entry, table in await declared_tables_in(session):
        for subject in entry.subjects:
            column = table.c[subject.column]
            if subject.erase == Erase.DELETE:
                result = await session.exec(delete(table).where(column == user_id))
            else:
                emptied = dict.fromkeys((subject.column, *subject.clears))
                result = await session.exec(update(table).where(column == user_id).values(emptied))
            touched += result.rowcount or 0
    # Objects loaded for this update (the account) are gone from the database: forget them.
    session.expunge_all()
    return Erased(touched, was_staff)


async def fold_wal(session: AsyncSession) -> bool:
    """After an erasure (committed), on SQLite: copy the WAL into the database file and empty
    it (`wal_checkpoint(TRUNCATE)`), so the erased rows' old pages are nowhere in a file; with
    `secure_delete` (bot/db/engine.py) the database file holds zeros where they were. Run in a
    read block (sqlite3 opens no transaction for a PRAGMA). False: a reader or writer of
    another process kept it from finishing within the busy timeout; the next erasure tries
    again. PostgreSQL: nothing to do."""
    if session.get_bind().dialect.name != "sqlite":
        return True
    busy, _log, _done = (await session.exec(text("PRAGMA wal_checkpoint(TRUNCATE)"))).one()  # type: ignore[call-overload]
    return not busy
