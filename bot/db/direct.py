"""The few statements of every answer, run straight on SQLite's connection.

Through the session, a point lookup or a one-row write costs 100-200 µs of SQLAlchemy's Python
(the ORM's execution and loading, the execution context, the result object), where sqlite3 needs
about 5: an owner's answer took 1.06 ms in its six statements, of which sqlite3 0.08 ms. Answers
are most of all updates, so on SQLite (`sqlite_inline`) these statements run on the session's own
DBAPI connection instead. They stay inside the session's transaction, so commit, rollback and
the write queue (`sqlite_writes`) work as for any other statement, and their errors arrive as
SQLAlchemy's. Each statement is written once as a Core statement and compiled once per set of
parameter names; on other databases it simply runs through the session.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import inspect
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Mapper, Session, make_transient_to_detached
from sqlalchemy.sql.expression import Executable
from sqlalchemy.util import greenlet_spawn
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db.sqlite_inline import InlineSQLiteDialect

Processor = Callable[[Any], Any] | None
# Keys of `Session.info` under which work waits for the session's next commit (e.g. the
# update to record as handled): a write committed on its own must not skip that commit.
COMMIT_WORK_KEYS: set[str] = set()
Model = TypeVar("Model")


@dataclass(frozen=True, slots=True)
class _Compiled:
    sql: str
    names: tuple[str, ...]  # the positional parameters, in order
    bind_processors: tuple[Processor, ...]
    fixed: Mapping[str, Any]  # values written into the statement itself (a literal status)
    result_processors: tuple[Processor, ...]

    def parameters(self, values: Mapping[str, Any]) -> tuple[Any, ...]:
        bound = []
        for name, process in zip(self.names, self.bind_processors, strict=True):
            value = values[name] if name in values else self.fixed[name]
            bound.append(process(value) if process is not None else value)
        return tuple(bound)

    def row(self, raw: Sequence[Any]) -> tuple[Any, ...]:
        return tuple(
            process(value) if process else value
            for value, process in zip(raw, self.result_processors, strict=True)
        )


class DirectStatement:
    """A Core statement that skips SQLAlchemy's execution machinery on the bot's SQLite."""

    def __init__(self, statement: Executable) -> None:
        self.statement = statement
        self._writes = bool(getattr(statement, "is_dml", False))
        self._compiled: dict[tuple[str, ...], _Compiled] = {}

    async def rows(self, session: AsyncSession, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        connection = await _sqlite_connection(session)
        if connection is None:
            result = await session.exec(self.statement, params=params)  # type: ignore[call-overload]
            return [tuple(row) for row in result]
        dialect, dbapi = connection
        compiled = self._compile(dialect, params)
        cursor = await self._run(dialect, dbapi, "execute", compiled, compiled.parameters(params))
        return [compiled.row(raw) for raw in cursor.fetchall()]

    async def execute(self, session: AsyncSession, params: Mapping[str, Any]) -> int:
        """Run a write; returns the number of rows it matched."""
        connection = await _sqlite_connection(session)
        if connection is None:
            result = await session.exec(self.statement, params=params)  # type: ignore[call-overload]
            return int(result.rowcount)
        dialect, dbapi = connection
        compiled = self._compile(dialect, params)
        cursor = await self._run(dialect, dbapi, "execute", compiled, compiled.parameters(params))
        return int(cursor.rowcount)

    async def execute_many(self, session: AsyncSession, rows: Sequence[Mapping[str, Any]]) -> None:
        """The same write for each of `rows` (which all have the same keys)."""
        connection = await _sqlite_connection(session)
        if connection is None:
            await session.exec(self.statement, params=rows)  # type: ignore[call-overload]
            return
        dialect, dbapi = connection
        compiled = self._compile(dialect, rows[0])
        parameters = [compiled.parameters(row) for row in rows]
        await self._run(dialect, dbapi, "executemany", compiled, parameters)

    async def execute_committed(self, session: AsyncSession, params: Mapping[str, Any]) -> int:
        """Run a write and commit the session; returns the number of rows it matched.

        When the session has nothing of its own to commit (no transaction, no changed objects,
        no work waiting under `COMMIT_WORK_KEYS`), the write runs on the bot's SQLite in a
        transaction of its own on a connection from the pool: with a session transaction around
        it (begin, connection, commit, close) one UPDATE cost 120 µs of CPU, alone 61.
        """
        sync_session = session.sync_session
        engine = sync_session.bind or sync_session.get_bind()
        dialect = engine.dialect
        alone = (
            isinstance(dialect, InlineSQLiteDialect)
            and not sync_session.in_transaction()
            and sync_session._is_clean()
            and not any(key in sync_session.info for key in COMMIT_WORK_KEYS)
        )
        if not alone:
            matched = await self.execute(session, params)
            await session.commit()
            return matched
        compiled = self._compile(dialect, params)
        return await greenlet_spawn(
            _write_alone, engine, dialect, compiled, compiled.parameters(params)
        )

    def execute_in_commit(self, sync_session: Session, params: Mapping[str, Any]) -> None:
        """From a session event: SQLAlchemy's greenlet is running, so waits are its awaits."""
        connection = sync_session.connection()
        dialect = connection.dialect
        if not isinstance(dialect, InlineSQLiteDialect):
            connection.execute(self.statement, params)  # type: ignore[arg-type]
            return
        dbapi = connection.connection.dbapi_connection
        compiled = self._compile(dialect, params)
        if self._writes and dialect.write_queue is not None:
            dialect.write_queue.before_write(dbapi)
        cursor = dbapi.cursor()  # type: ignore[union-attr]
        try:
            dialect._inline(cursor.execute, compiled.sql, compiled.parameters(params))
        except sqlite3.Error as error:
            raise _wrapped(error, compiled) from error

    async def _run(
        self,
        dialect: InlineSQLiteDialect,
        dbapi: sqlite3.Connection,
        method: str,
        compiled: _Compiled,
        parameters: Any,
    ) -> sqlite3.Cursor:
        if self._writes and dialect.write_queue is not None:
            await dialect.write_queue.claim(dbapi)
        cursor = dbapi.cursor()
        try:
            await dialect.run_async(getattr(cursor, method), compiled.sql, parameters)
        except sqlite3.Error as error:
            raise _wrapped(error, compiled) from error
        return cursor

    def _compile(self, dialect: InlineSQLiteDialect, params: Mapping[str, Any]) -> _Compiled:
        keys = tuple(params)
        found = self._compiled.get(keys)
        if found is None:
            found = self._compiled[keys] = _compile(self.statement, dialect, keys)
        return found


def _compile(
    statement: Executable, dialect: InlineSQLiteDialect, keys: tuple[str, ...]
) -> _Compiled:
    compiled = statement.compile(dialect=dialect, column_keys=list(keys))  # type: ignore[attr-defined]
    names = tuple(compiled.positiontup or ())
    binds = [compiled.binds[name] for name in names]
    selected = getattr(statement, "selected_columns", ())
    return _Compiled(
        sql=compiled.string,
        names=names,
        bind_processors=tuple(b.type.dialect_impl(dialect).bind_processor(dialect) for b in binds),
        fixed={
            name: bind.effective_value
            for name, bind in zip(names, binds, strict=True)
            if name not in keys
        },
        result_processors=tuple(
            c.type.dialect_impl(dialect).result_processor(dialect, None) for c in selected
        ),
    )


_CONNECTION = "tredebot.direct_connection"


async def _sqlite_connection(
    session: AsyncSession,
) -> tuple[InlineSQLiteDialect, sqlite3.Connection] | None:
    """The DBAPI connection of the session's transaction, when that is the bot's SQLite."""
    sync_session = session.sync_session
    dialect = (sync_session.bind or sync_session.get_bind()).dialect
    if not isinstance(dialect, InlineSQLiteDialect):
        return None
    # `_is_clean` is the check the session's own flush starts with; `new`, `dirty` and
    # `deleted` each build a set of objects to answer the same question.
    if sync_session.autoflush and not sync_session._is_clean():
        await session.flush()  # as the session does before its own statements
    # Asking the session costs a greenlet switch and its bookkeeping (~50 µs), so the answer is
    # kept for as long as the same transaction runs.
    transaction = sync_session.get_transaction()
    known = sync_session.info.get(_CONNECTION)
    if transaction is None or known is None or known[0] is not transaction:
        connection = await session.connection()
        dbapi = connection.sync_connection.connection.dbapi_connection  # type: ignore[union-attr]
        known = sync_session.info[_CONNECTION] = (sync_session.get_transaction(), dbapi)
    return dialect, known[1]


def _write_alone(
    engine: Engine, dialect: InlineSQLiteDialect, compiled: _Compiled, parameters: tuple[Any, ...]
) -> int:
    """In SQLAlchemy's greenlet (the pool and the write queue may wait): one write, committed."""
    pooled = engine.pool.connect()
    try:
        dbapi = pooled.dbapi_connection
        if dialect.write_queue is not None:
            dialect.write_queue.before_write(dbapi)
        cursor = dbapi.cursor()  # type: ignore[union-attr]
        try:
            dialect._inline(cursor.execute, compiled.sql, parameters)
            dialect.do_commit(dbapi)  # also hands the write queue on
        except sqlite3.Error as error:
            raise _wrapped(error, compiled) from error
        return int(cursor.rowcount)
    finally:
        pooled.close()  # back to the pool, which rolls back anything left undone


def _wrapped(error: sqlite3.Error, compiled: _Compiled) -> DBAPIError:
    return DBAPIError.instance(  # the subclass SQLAlchemy would raise (OperationalError...)
        compiled.sql, None, error, sqlite3.Error, dialect=None
    )


def attached(session: AsyncSession, model: type[Model], row: Sequence[Any]) -> Model:
    """A row of the model's table (its columns in order) as the session's object, as if the
    session had loaded it. An object the session already holds for that row wins, as in a query.
    """
    mapper, keys, primary_key = _mapping(model)
    values = dict(zip(keys, row, strict=True))
    identity = mapper.identity_key_from_primary_key([values[key] for key in primary_key])
    found = session.sync_session.identity_map.get(identity)
    if found is not None:
        return found  # type: ignore[no-any-return]
    instance = mapper.class_manager.new_instance()
    instance.__dict__.update(values)
    make_transient_to_detached(instance)  # its values count as loaded, not as changes
    session.add(instance)
    return instance  # type: ignore[no-any-return]


@functools.cache
def _mapping(model: type[Any]) -> tuple[Mapper[Any], tuple[str, ...], tuple[str, ...]]:
    """The mapper, the attribute of each of the table's columns, and those of the primary key."""
    mapper = inspect(model)
    table = mapper.local_table
    keys = tuple(mapper.get_property_by_column(column).key for column in table.columns)
    primary_key = tuple(mapper.get_property_by_column(column).key for column in mapper.primary_key)
    return mapper, keys, primary_key
