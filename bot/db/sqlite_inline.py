"""SQLite for the async engine, run on the event loop's own thread; a lock wait goes to a thread.

SQLAlchemy's aiosqlite adapter runs every statement, commit and rollback in a thread per
connection, and each hand-over to that thread and back cost more than the statement itself:
an owner's answer (two reads, one write transaction, one small update) took 4.9 ms of CPU that
way, against 0.08 ms for the same SQL in plain `sqlite3` (timed around the repository calls).
Our statements are point lookups and small writes on indexed rows of a local file, which finish
in microseconds, so here they run where SQLAlchemy calls them, inside its greenlet on the loop.

Waiting is what must not happen on the loop. Connections have a busy timeout of 0; a statement
that finds the database locked by another process (a CLI command, a backup) is run again in a
worker thread with the full busy timeout, while the loop goes on. Writers of this process never
meet that: `sqlite_writes` queues them before SQLite's lock. In WAL mode a reader never waits.

The URL stays `sqlite+aiosqlite://` for operators and Alembic; `create_engine` picks this
dialect for the bot's own engine.
"""

from __future__ import annotations

import asyncio
import sqlite3
from typing import TYPE_CHECKING, Any

from sqlalchemy import pool
from sqlalchemy.dialects import registry
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite
from sqlalchemy.engine import URL
from sqlalchemy.util.concurrency import await_, in_greenlet

if TYPE_CHECKING:
    from bot.db.sqlite_writes import WriteQueue

DRIVER = "tredebot_inline"
SQLITE_BUSY_CODES = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})


async def _done() -> None:
    return None


def is_lock_wait(error: BaseException) -> bool:
    """The database was locked by another connection (SQLITE_BUSY), as opposed to a real error.

    BUSY_SNAPSHOT (a deferred transaction that read, then wants to write after another writer
    committed) is excluded: waiting does not help it, the transaction must start again.
    """
    code = getattr(error, "sqlite_errorcode", None)
    return (
        isinstance(error, sqlite3.OperationalError)
        and code is not None
        and code & 0xFF in SQLITE_BUSY_CODES
        and code != sqlite3.SQLITE_BUSY_SNAPSHOT
    )


class InlineCursor(sqlite3.Cursor):
    async def _async_soft_close(self) -> None:
        """AsyncConnection asks async drivers to buffer the rows; ours are a call away."""


class InlineConnection(sqlite3.Connection):
    def cursor(self, factory: Any = InlineCursor) -> Any:  # type: ignore[override]
        return super().cursor(factory)


class InlineSQLiteDialect(SQLiteDialect_pysqlite):
    """pysqlite, declared async so AsyncEngine accepts it; statements run in the caller."""

    driver = DRIVER
    is_async = True
    supports_statement_cache = True
    write_queue: WriteQueue | None = None  # set by `sqlite_writes.queue_writes`

    def __init__(self, busy_timeout: float = 10.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.busy_timeout = busy_timeout

    @classmethod
    def get_pool_class(cls, url: URL) -> type[pool.Pool]:
        if cls._is_url_file_db(url):
            return pool.AsyncAdaptedQueuePool
        return pool.StaticPool

    def create_connect_args(self, url: URL) -> Any:
        args, kwargs = super().create_connect_args(url)
        kwargs["timeout"] = 0  # never wait on the loop; see `_off_the_loop`
        kwargs["check_same_thread"] = False  # a lock wait runs in a worker thread
        kwargs["factory"] = InlineConnection
        return args, kwargs

    def do_execute(self, cursor: Any, statement: str, parameters: Any, context: Any = None) -> None:
        self._inline(cursor.execute, statement, parameters)

    def do_execute_no_params(self, cursor: Any, statement: str, context: Any = None) -> None:
        self._inline(cursor.execute, statement)

    def do_executemany(
        self, cursor: Any, statement: str, parameters: Any, context: Any = None
    ) -> None:
        self._inline(cursor.executemany, statement, parameters)

    def do_commit(self, dbapi_connection: Any) -> None:
        self._inline(dbapi_connection.commit)

    def _inline(self, call: Any, *args: Any) -> None:
        try:
            call(*args)
        except sqlite3.OperationalError as error:
            if not is_lock_wait(error) or not in_greenlet():
                raise
            await_(asyncio.to_thread(self._off_the_loop, call, args))
        else:
            if in_greenlet():
                # AsyncConnection.execute() insists that a statement awaited something; an
                # awaitable that is already done costs a greenlet switch, not a loop turn.
                await_(_done())

    async def run_async(self, call: Any, *args: Any) -> None:
        """`_inline` for a coroutine outside SQLAlchemy's greenlet (`direct`)."""
        try:
            call(*args)
        except sqlite3.OperationalError as error:
            if not is_lock_wait(error):
                raise
            await asyncio.to_thread(self._off_the_loop, call, args)

    def _off_the_loop(self, call: Any, args: tuple[Any, ...]) -> None:
        """In a worker thread: the same call again, now waiting up to the busy timeout."""
        connection: sqlite3.Connection = getattr(call, "__self__", None)  # type: ignore[assignment]
        if isinstance(connection, sqlite3.Cursor):
            connection = connection.connection
        connection.execute(f"PRAGMA busy_timeout={int(self.busy_timeout * 1000)}")
        try:
            call(*args)
        finally:
            connection.execute("PRAGMA busy_timeout=0")


def register() -> None:
    registry.register(f"sqlite.{DRIVER}", __name__, "InlineSQLiteDialect")
