"""The async engine: SQLite through aiosqlite, or PostgreSQL through asyncpg; one code path.

SQLite (the default, one small server):
- WAL, so a reader never waits for the writer; synchronous=NORMAL; foreign keys on;
  secure_delete, so what is deleted (an erased person's rows) is overwritten with zeros in the
  file, not left in free pages (the WAL is checkpointed after an erasure, see
  repositories.privacy); a busy timeout, so another process's write (a second bot,
  `tredebot migrate`) is waited for in aiosqlite's thread, never on the event loop.
- A few connections: readers run side by side; this process's writers take turns
  (`transactions.write`). Two more, detached from the pool, are kept by the answers' prepared
  statements (one to read, one to write in autocommit: `bot.db.prepared`). Transactions are
  short: sessions never begin one by themselves (`autobegin=False`), so every transaction is
  an explicit `transactions.read` or `write` block that no Bot API call happens inside, and a
  connection needs no reset when it goes back to the pool.
- sqlite3 opens the transaction itself, as BEGIN IMMEDIATE, right before a transaction's first
  write (not before a read): the write lock is taken with that statement, and a read-only
  transaction never takes it. Reads before the first write of a write block see the latest
  commit; what they decide is written with a guard where another process could race (the
  scan's revision), so they need no snapshot held across the write.
PostgreSQL: a pool of connections with pre-ping, the same sessions and statements.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

SQLITE_BUSY_TIMEOUT_MS = 10_000
SQLITE_CONNECTIONS = 5
POSTGRES_POOL_SIZE = 10


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> Path | None:
    """The database file of a SQLite URL (None for other databases and in-memory ones)."""
    if not is_sqlite(url):
        return None
    parsed = make_url(url)
    database = parsed.database
    if database and parsed.query.get("uri") == "true":  # file:path?mode=ro&uri=true
        database = database.removeprefix("file:").split("?", 1)[0]
    return Path(database) if database and database != ":memory:" else None


def create_engine(url: str, *, echo: bool = False, foreign_keys: bool = True) -> AsyncEngine:
    """`foreign_keys=False` for migrations: SQLite's batch mode copies a table and drops the
    old one, and with foreign keys on, that drop would cascade into every child table."""
    if not is_sqlite(url):
        return create_async_engine(
            url, echo=echo, pool_size=POSTGRES_POOL_SIZE, max_overflow=10, pool_pre_ping=True
        )
    if path := sqlite_path(url):
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(
        url,
        echo=echo,
        pool_size=SQLITE_CONNECTIONS,
        max_overflow=0,
        pool_reset_on_return=None,  # every transaction is ended explicitly (see above)
    )

    @event.listens_for(engine.sync_engine, "connect")
    def configure(dbapi_connection: Any, _record: Any) -> None:
        # sqlite3 begins a transaction by itself right before the first write (not before a
        # read), here as BEGIN IMMEDIATE, in the same call as that write.
        dbapi_connection.isolation_level = "IMMEDIATE"
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cursor.close()

    return engine


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False, autobegin=False)
