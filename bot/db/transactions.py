"""Short, explicit transactions: `read(session)` and `write(session)`.

Sessions never begin a transaction by themselves (`autobegin=False`, see `engine`), so every
transaction is one of these two blocks, and no Bot API call happens inside one.

- `read`: a plain BEGIN. On SQLite in WAL mode readers never wait for the writer and never
  block it, and each runs on a connection of its own from the pool.
- `write`: on SQLite, one writer at a time in this process, queued on an asyncio lock (first
  come, first served; SQLite's own busy handler sleeps in growing steps instead); the write
  lock of the file is taken by the BEGIN IMMEDIATE sqlite3 issues before the first write (see
  `engine`), and another process waits for it within the busy timeout. On PostgreSQL a plain
  BEGIN: rows are locked as they are written.

The update being handled is recorded (processed_updates) in the first write transaction that
commits (`repositories.users.mark_update_on_commit`), together with what that transaction stores,
or by the answer's own statement (`repositories.conversations.move`).
"""

from __future__ import annotations

import asyncio
import contextlib
import weakref
from collections.abc import AsyncIterator

from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel.ext.asyncio.session import AsyncSession

WRITING = "tredebot.writing"  # in `Session.info` while a write transaction runs

_write_locks: weakref.WeakKeyDictionary[AsyncEngine, asyncio.Lock] = weakref.WeakKeyDictionary()


def write_turn(engine: object) -> contextlib.AbstractAsyncContextManager[object]:
    """This process's turn to write to a SQLite database (nothing to wait for elsewhere):
    `write` blocks and the prepared statements of the answers (`prepared`) queue here."""
    if not isinstance(engine, AsyncEngine) or engine.dialect.name != "sqlite":
        return contextlib.nullcontext()
    lock = _write_locks.get(engine)
    if lock is None:
        lock = _write_locks[engine] = asyncio.Lock()
    return lock


@contextlib.asynccontextmanager
async def read(session: AsyncSession) -> AsyncIterator[AsyncSession]:
    async with session.begin():
        yield session


@contextlib.asynccontextmanager
async def write(session: AsyncSession) -> AsyncIterator[AsyncSession]:
    async with write_turn(session.bind):
        session.info[WRITING] = True  # until after the commit (see repositories.users)
        try:
            async with session.begin():
                yield session
        finally:
            session.info.pop(WRITING, None)
