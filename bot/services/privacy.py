"""Everything stored about one user, found generically: export it, or erase it in one go.

A table belongs to a user when it has a foreign key to ``users.id`` with ON DELETE CASCADE, or
(transitively) such a key to a table that does (answers -> intake_sessions -> users). New
tables (reminders, consents, ...) are covered the moment they declare that key: no list here.
"""

from __future__ import annotations

import json
import logging
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, Table, delete, inspect, select
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import SQLModel, col
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db import transactions
from bot.db.models import User, as_utc  # importing the package registers every table

log = logging.getLogger(__name__)

EXPORT_FORMAT = "tredebot-export/1"


def users_table() -> Table:
    return SQLModel.metadata.tables["users"]


def owned_tables() -> list[tuple[Table, ColumnElement[Any], Table]]:
    """(table, its cascading key column, the parent table) for every table a user owns,
    parents before children."""
    found: list[tuple[Table, ColumnElement[Any], Table]] = []
    owners = {"users"}
    changed = True
    while changed:
        changed = False
        for table in SQLModel.metadata.sorted_tables:
            if table.name in owners:
                continue
            for fk in table.foreign_keys:
                parent = fk.column.table
                if (
                    parent.name in owners
                    and (fk.ondelete or "").upper() == "CASCADE"
                    and (parent.name != "users" or fk.column.name == "id")
                ):
                    found.append((table, fk.parent, parent))
                    owners.add(table.name)
                    changed = True
                    break
    return found


async def owned_tables_in(session: AsyncSession) -> list[tuple[Table, ColumnElement[Any], Table]]:
    """Owned tables that exist in this database (a model may be ahead of the migrations)."""
    connection = await session.connection()
    names = set(await connection.run_sync(lambda sync: inspect(sync).get_table_names()))
    return [entry for entry in owned_tables() if entry[0].name in names]


def _rows_of_user(table: Table, user_id: int) -> Select[Any]:
    if table.name == "users":
        return select(table).where(table.c.id == user_id)
    for owned, key, parent in owned_tables():
        if owned is table:
            return select(table).where(key.in_(owner_ids(parent, user_id)))
    raise KeyError(table.name)


def owner_ids(parent: Table, user_id: int) -> Any:
    if parent.name == "users":
        return select(parent.c.id).where(parent.c.id == user_id).scalar_subquery()
    for owned, key, grand in owned_tables():
        if owned is parent:
            pk = next(iter(parent.primary_key.columns))
            return select(pk).where(key.in_(owner_ids(grand, user_id))).scalar_subquery()
    raise KeyError(parent.name)


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
    """Everything stored about the user, table by table, machine-readable."""
    await session.flush()
    data: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "exported_at": as_utc(now).isoformat(),
        "user_id": user_id,
        "tables": {},
    }
    for table in [users_table(), *(t for t, _, _ in await owned_tables_in(session))]:
        rows = (
            (
                await session.exec(  # type: ignore[call-overload]
                    _rows_of_user(table, user_id)
                )
            )
            .mappings()
            .all()
        )
        data["tables"][table.name] = [
            {name: _plain(name, value) for name, value in row.items()} for row in rows
        ]
    return data


def export_json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")


async def erase_user(session: AsyncSession, *, user_id: int) -> bool:
    """Delete the user and every row that links to them; the caller commits (one transaction).

    Children are deleted explicitly (deepest first) so nothing depends on the database
    enforcing ON DELETE CASCADE (SQLite only does with foreign_keys=ON).
    """
    await session.flush()
    for table, key, parent in reversed(await owned_tables_in(session)):
        await session.exec(delete(table).where(key.in_(owner_ids(parent, user_id))))
    result = await session.exec(delete(users_table()).where(users_table().c.id == user_id))
    # Objects loaded for this update (the account) are gone from the database: forget them.
    session.expunge_all()
    erased = bool(result.rowcount)
    if erased:
        log.info("user %s erased", user_id)
    return erased


async def inactive_user_ids(session: AsyncSession, *, before: datetime, limit: int) -> list[int]:
    statement = (
        select(col(User.id))
        .where(col(User.last_active) < before)
        .order_by(col(User.last_active))
        .limit(limit)
    )
    return [
        int(row)
        for row in (
            await session.exec(  # type: ignore[call-overload]
                statement
            )
        ).scalars()
    ]


async def export(session: AsyncSession, *, user_id: int, now: datetime) -> bytes:
    """/export: everything stored about the user, as a JSON document."""
    async with transactions.read(session):
        return export_json(await export_user(session, user_id=user_id, now=now))


async def erase(session: AsyncSession, *, user_id: int) -> bool:
    """/delete: the user and everything that links to them, in one transaction."""
    async with transactions.write(session):
        return await erase_user(session, user_id=user_id)
