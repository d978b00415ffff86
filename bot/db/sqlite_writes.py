"""One writer at a time per SQLite database inside this process, queued in asyncio.

SQLite has a single write lock. When two connections of this process both want it, the loser
waits in SQLite's busy handler, which sleeps in steps of up to 100 ms and knows nothing of the
queue. Under load that sleeping was most of the bot's time (py-spy: a dozen connection threads
at once inside a blocked statement, 19 updates/s). Here a transaction's first write waits its
turn on an asyncio lock instead, and the lock passes on the moment the holder commits or rolls
back. Other processes (a CLI command, a second bot) still meet the busy timeout as before.
"""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import event
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.util.concurrency import await_, in_greenlet

# Statements that take SQLite's write lock (BEGIN covers our explicit BEGIN IMMEDIATE).
_WRITING = frozenset({"INSERT", "UPDATE", "DELETE", "REPLACE", "BEGIN", "CREATE", "DROP", "ALTER"})


def _writes(statement: str) -> bool:
    words = statement.split(None, 1)
    return bool(words) and words[0].upper() in _WRITING


class WriteQueue:
    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self._lock = asyncio.Lock()
        self._holder: Any = None  # the DBAPI connection whose transaction writes now

    def before_write(self, dbapi_connection: Any) -> None:
        if self._holder is dbapi_connection or not in_greenlet():
            return  # already ours, or a plain synchronous use (Alembic) that SQLite guards
        await_(self._acquire())
        self._holder = dbapi_connection

    async def claim(self, dbapi_connection: Any) -> None:
        """`before_write` for a statement run on the connection directly (`direct`)."""
        if self._holder is not dbapi_connection:
            await self._acquire()
            self._holder = dbapi_connection

    async def _acquire(self) -> None:
        # Not asyncio.wait_for: on Python 3.11 it runs the acquire as a task of its own, so even
        # a free lock cost two turns of the loop, during which the lock was already taken while
        # its writer waited to run; under load every other writer queued behind that (bench:
        # writes waited 0.7 ms at the median, 80 ms at p99). A free lock is taken right here.
        try:
            async with asyncio.timeout(self.timeout):
                await self._lock.acquire()
        except TimeoutError:
            raise OperationalError(
                "waiting for the write lock", None, Exception("database is locked")
            ) from None

    def transaction_ended(self, connection: Any) -> None:
        # Commit gets the pool's proxy, a pool reset or close the DBAPI connection itself.
        dbapi_connection = getattr(connection, "dbapi_connection", connection)
        if self._holder is not None and self._holder is dbapi_connection:
            self._holder = None
            self._lock.release()


def queue_writes(engine: AsyncEngine, *, timeout: float) -> WriteQueue:
    """Install the queue on a SQLite engine; returns it for tests."""
    queue = WriteQueue(timeout)
    sync_engine = engine.sync_engine
    sync_engine.dialect.write_queue = queue  # type: ignore[attr-defined]

    @event.listens_for(sync_engine, "before_cursor_execute")
    def _before(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if _writes(statement):
            queue.before_write(conn.connection.dbapi_connection)

    dialect = sync_engine.dialect
    for name in ("do_commit", "do_rollback", "do_close", "do_terminate"):
        original = getattr(dialect, name)

        def ended(dbapi_connection: Any, _original: Any = original) -> None:
            try:
                _original(dbapi_connection)
            finally:
                queue.transaction_ended(dbapi_connection)

        setattr(dialect, name, ended)  # this engine's own dialect instance only
    return queue
