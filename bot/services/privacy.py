"""Everything stored about one user: export it, or erase it in one go.

What is stored where, and what erasing does to it, is declared once in
`bot.db.personal_data.INVENTORY` (owners, staff and admins alike): rows found through a column
that holds the person's id are deleted, or keep their row with the id set to NULL (a campaign
for the organisation's statistics). A test walks the migrated schema and fails on any integer
or text column that is not declared there.
"""

from __future__ import annotations

import json
import logging
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, Table, delete, inspect, or_, select, update
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db import transactions
from bot.db.models import (  # importing the package registers every table
    AuditAction,
    StaffMember,
    as_utc,
)
from bot.db.personal_data import INVENTORY, Erase, PersonalTable
from bot.services import audit

log = logging.getLogger(__name__)

EXPORT_FORMAT = "tredebot-export/2"


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
    return select(table).where(or_(*keys))


def _plain(name: str, value: Any) -> Any:
    """Column values as JSON: times in ISO 8601 UTC, stored JSON text decoded."""
    if isinstance(value, datetime):
        return as_utc(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, str) and name.endswith("_json"):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


async def export_user(session: AsyncSession, *, user_id: int, now: datetime) -> dict[str, Any]:
    """Everything stored about the user, table by table, machine-readable. Other people's ids
    on the same rows (who invited them) are left out."""
    await session.flush()
    data: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "exported_at": as_utc(now).isoformat(),
        "user_id": user_id,
        "tables": {},
    }
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
        others = {s.column for s in entry.subjects}
        data["tables"][entry.name] = [
            {
                name: None if name in others and value != user_id else _plain(name, value)
                for name, value in row.items()
            }
            for row in rows
        ]
    return data


def export_json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")


async def erase_user(session: AsyncSession, *, user_id: int) -> bool:
    """Apply every declared erase rule for this user; the caller commits (one transaction).
    True when anything was stored about them.

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
                if subject.delete_if is not None:
                    result = await session.exec(
                        delete(table).where(column == user_id, table.c[subject.delete_if].is_(True))
                    )
                    touched += result.rowcount or 0
                result = await session.exec(
                    update(table).where(column == user_id).values({subject.column: None})
                )
            touched += result.rowcount or 0
    # Objects loaded for this update (the account) are gone from the database: forget them.
    session.expunge_all()
    if was_staff:  # admins see in the trail why someone left the team (not who)
        await audit.record(session, action=AuditAction.STAFF_ERASED, actor_id=None)
    if touched:
        log.info("user %s erased", user_id)
    return bool(touched)


async def export(session: AsyncSession, *, user_id: int, now: datetime) -> bytes:
    """/export: everything stored about the user, as a JSON document."""
    async with transactions.read(session):
        return export_json(await export_user(session, user_id=user_id, now=now))


async def erase(session: AsyncSession, *, user_id: int) -> bool:
    """/delete: the user and everything that links to them, in one transaction."""
    async with transactions.write(session):
        return await erase_user(session, user_id=user_id)
