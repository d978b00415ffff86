"""The statements of every answer, built once with SQLAlchemy Core and run with one hand-off each.

An answer is one read (the user, their open conversation, whether the update was handled) and
one write (the guarded move). The repositories build those statements once, at import, as
`Prepared`, and run them with `fetch` and `write`; nothing else changes for their callers.

- PostgreSQL (asyncpg): the same Core statements through SQLAlchemy, in a `transactions.read`
  or `write` block of the update's session, as every other statement.
- SQLite (aiosqlite): SQLAlchemy's aiosqlite adapter hands every statement to aiosqlite's
  thread four times (cursor, execute, fetch, close) and the commit once more. Here a statement
  is compiled once for the engine's dialect and run with aiosqlite's `execute_fetchall`: one
  hand-off. Two connections of the engine are kept for it (`engine.connect()`, then
  `get_raw_connection().driver_connection`, SQLAlchemy's documented way to the driver's
  connection, detached from the pool): one for reads, and one for writes in autocommit (SQLAlchemy's
  `isolation_level="AUTOCOMMIT"`), where a single statement is its own transaction, so a
  write needs no BEGIN and no COMMIT of its own. Writes take this process's write turn
  (`transactions.write_turn`) like every other writer. Values go in and come out through the
  column types' own `bind_processor` and `result_processor` for the dialect, so a row reads
  exactly as SQLAlchemy would have returned it. The two connections are closed when the engine
  is disposed (its `engine_disposed` event).
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import ExecutableReturnsRows
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db import transactions

Processor = Callable[[Any], Any] | None
Row = tuple[Any, ...]


@dataclass(frozen=True)
class Compiled:
    """A statement's SQL for one dialect (positional parameters) and how values are converted."""

    sql: str
    # Per parameter, in the order of the SQL: its name, its value when the caller gives none
    # (a literal of the statement), and the type's conversion for the driver.
    params: tuple[tuple[str, Any, Processor], ...]
    results: tuple[Processor, ...]

    def bind(self, values: Mapping[str, Any]) -> tuple[Any, ...]:
        bound = []
        for name, default, process in self.params:
            value = values.get(name, default)
            bound.append(process(value) if process is not None and value is not None else value)
        return tuple(bound)

    def rows(self, rows: Iterable[Sequence[Any]]) -> list[Row]:
        processors = self.results
        return [
            tuple(
                process(value) if process is not None else value
                for process, value in zip(processors, row, strict=True)
            )
            for row in rows
        ]


class Prepared:
    """A Core statement (a SELECT, an UPDATE with or without RETURNING), built once; compiled
    once per dialect."""

    def __init__(self, statement: ExecutableReturnsRows) -> None:
        self.statement = statement
        self._compiled: dict[str, Compiled] = {}

    def compiled(self, dialect: Dialect) -> Compiled:
        done = self._compiled.get(dialect.name)
        if done is None:
            done = self._compiled[dialect.name] = compile_for(self.statement, dialect)
        return done


def compile_for(statement: ExecutableReturnsRows, dialect: Dialect) -> Compiled:
    compiled = statement.compile(dialect=dialect)
    if compiled.literal_execute_params or compiled.post_compile_params:
        raise ValueError("a prepared statement takes no expanding or literal parameters")
    names = compiled.positiontup or ()
    params = []
    for name in names:
        parameter = compiled.binds[name]
        default = None if parameter.required else parameter.effective_value
        params.append((name, default, parameter.type.dialect_impl(dialect).bind_processor(dialect)))
    columns: Sequence[ColumnElement[Any]] = list(statement.exported_columns)
    results = tuple(
        column.type.dialect_impl(dialect).result_processor(dialect, None) for column in columns
    )
    return Compiled(compiled.string, tuple(params), results)


# --- running them ---------------------------------------------------------------------------------
def _engine(session: AsyncSession) -> AsyncEngine:
    engine = session.bind
    if not isinstance(engine, AsyncEngine):
        raise TypeError("the session is bound to an AsyncEngine (bot.db.engine)")
    return engine


async def fetch(session: AsyncSession, prepared: Prepared, params: Mapping[str, Any]) -> list[Row]:
    """The rows of a read: on SQLite one hand-off, without a transaction of the session. In
    the caller's transaction when the session has one (it sees what that wrote)."""
    engine = _engine(session)
    if session.in_transaction():
        return await _in_session(session, [(prepared, params)])
    if engine.dialect.name == "sqlite":
        return await _line(engine).read(engine, prepared.compiled(engine.dialect), params)
    async with transactions.read(session):
        return await _in_session(session, [(prepared, params)])


async def write(
    session: AsyncSession, steps: Sequence[tuple[Prepared, Mapping[str, Any]]]
) -> list[Row]:
    """Run the statements in order, each atomic by itself (one transaction for all of them on
    PostgreSQL); the rows the last one returned. On SQLite one hand-off per statement. In the
    caller's transaction when the session has one."""
    engine = _engine(session)
    if session.in_transaction():
        return await _in_session(session, steps)
    if engine.dialect.name == "sqlite":
        dialect = engine.dialect
        compiled = [(p.compiled(dialect), values) for p, values in steps]
        return await _line(engine).write(engine, compiled)
    async with transactions.write(session):
        return await _in_session(session, steps)


async def write_many(
    session: AsyncSession, prepared: Prepared, rows: Sequence[Mapping[str, Any]]
) -> None:
    """One statement (without RETURNING) for many sets of values: on SQLite one hand-off
    (`executemany`, each row its own small transaction), on PostgreSQL one transaction."""
    engine = _engine(session)
    if not rows:
        return
    if engine.dialect.name == "sqlite" and not session.in_transaction():
        await _line(engine).write_many(engine, prepared.compiled(engine.dialect), rows)
        return
    async with transactions.write(session):
        connection = await session.connection()
        await connection.execute(prepared.statement, list(rows))


async def _in_session(
    session: AsyncSession, steps: Sequence[tuple[Prepared, Mapping[str, Any]]]
) -> list[Row]:
    """Through SQLAlchemy, in the session's transaction (its statement cache compiles once)."""
    connection = await session.connection()
    rows: list[Row] = []
    for prepared, values in steps:
        rows = [tuple(row) for row in await connection.execute(prepared.statement, values)]
    return rows


class _Line:
    """The two connections one SQLite engine keeps for prepared statements."""

    def __init__(self) -> None:
        self.reader: AsyncConnection | None = None
        self.writer: AsyncConnection | None = None
        self.opening: asyncio.Lock | None = None
        self.drivers: dict[bool, Any] = {}  # writes? -> aiosqlite.Connection

    async def _driver(self, engine: AsyncEngine, *, writes: bool) -> Any:
        driver = self.drivers.get(writes)
        if driver is not None:
            return driver
        if self.opening is None:
            self.opening = asyncio.Lock()
        async with self.opening:
            if writes not in self.drivers:
                connection = await engine.connect()
                if writes:
                    # One statement, one transaction: sqlite3 begins none by itself.
                    connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
                    self.writer = connection
                else:
                    self.reader = connection
                driver = (await connection.get_raw_connection()).driver_connection
                # Out of the pool for good: the pool opens another in its place, and this one
                # is closed, never returned (the writer's isolation level is not the pool's).
                connection.sync_connection.detach()  # type: ignore[union-attr]
                self.drivers[writes] = driver
        return self.drivers[writes]

    async def read(
        self, engine: AsyncEngine, compiled: Compiled, params: Mapping[str, Any]
    ) -> list[Row]:
        driver = await self._driver(engine, writes=False)
        return compiled.rows(await driver.execute_fetchall(compiled.sql, compiled.bind(params)))

    async def write(
        self, engine: AsyncEngine, steps: Sequence[tuple[Compiled, Mapping[str, Any]]]
    ) -> list[Row]:
        driver = await self._driver(engine, writes=True)
        rows: list[Row] = []
        async with transactions.write_turn(engine):
            for compiled, values in steps:
                raw = await driver.execute_fetchall(compiled.sql, compiled.bind(values))
                rows = compiled.rows(raw)
        return rows

    async def write_many(
        self, engine: AsyncEngine, compiled: Compiled, rows: Sequence[Mapping[str, Any]]
    ) -> None:
        driver = await self._driver(engine, writes=True)
        async with transactions.write_turn(engine):
            await driver.executemany(compiled.sql, [compiled.bind(values) for values in rows])

    def close(self) -> None:
        """The engine is being disposed (in `AsyncEngine.dispose`'s greenlet): close the kept
        connections, detached from the pool, as the pool closes its own."""
        kept = [connection for connection in (self.reader, self.writer) if connection]
        self.reader = self.writer = None
        self.drivers.clear()
        for connection in kept:
            connection.sync_connection.close()  # type: ignore[union-attr]


_lines: weakref.WeakKeyDictionary[AsyncEngine, _Line] = weakref.WeakKeyDictionary()


def _line(engine: AsyncEngine) -> _Line:
    line = _lines.get(engine)
    if line is None:
        line = _lines[engine] = _Line()
        event.listen(engine.sync_engine, "engine_disposed", lambda _engine: line.close())
    return line
