"""The async engine: SQLite in WAL mode, run on the loop (see sqlite_inline), or PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db import sqlite_inline
from bot.db.sqlite_writes import queue_writes

SQLITE_BUSY_TIMEOUT_MS = 10_000


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> Path | None:
    """The database file of a SQLite URL (None for other databases and in-memory ones)."""
    if not is_sqlite(url):
        return None
    database = make_url(url).database
    return Path(database) if database and database != ":memory:" else None


def _ensure_sqlite_folder(url: str) -> None:
    if path := sqlite_path(url):
        path.parent.mkdir(parents=True, exist_ok=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Autocommit off for the pragma block is not needed: these are per-connection settings.
    # No busy timeout: a locked database is waited for off the loop (sqlite_inline).
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=0")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _no_automatic_checkpoints(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.execute("PRAGMA wal_autocheckpoint=0")  # see sqlite_checkpoints


def create_engine(
    url: str, *, echo: bool = False, checkpoints_elsewhere: bool = False
) -> AsyncEngine:
    """`checkpoints_elsewhere`: SQLite leaves WAL checkpoints to a sqlite_checkpoints task."""
    if is_sqlite(url):
        _ensure_sqlite_folder(url)
        sqlite_inline.register()
        engine = create_async_engine(
            make_url(url).set(drivername=f"sqlite+{sqlite_inline.DRIVER}"),
            echo=echo,
            busy_timeout=SQLITE_BUSY_TIMEOUT_MS / 1000,
        )
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        if checkpoints_elsewhere:
            event.listen(engine.sync_engine, "connect", _no_automatic_checkpoints)
        queue_writes(engine, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)
        return engine
    return create_async_engine(url, echo=echo, pool_size=10, max_overflow=10, pool_pre_ping=True)


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)
