"""A fresh PostgreSQL database per test, when TEST_POSTGRES_URL points at a server.

The schema is migrated once per test run (per process, so per xdist worker) into a template
database. A test gets a migrated database that holds no rows and whose sequences start at 1,
as a new copy of the template does:

- the first time, ``CREATE DATABASE ... TEMPLATE ... STRATEGY FILE_COPY`` (a file copy;
  PostgreSQL 15's default, WAL_LOG, writes the whole copy to the WAL and is slower still);
- after that, one a finished test gave back: its tables truncated and its sequences reset, a
  third of the time of a copy. A database is only given back when nobody is connected to it
  any more and its tables are the template's; otherwise it is dropped.

Empty databases (``migrated=False``, for the migration tests) are always new and dropped
afterwards. Without TEST_POSTGRES_URL the PostgreSQL variants are skipped with a reason.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import os
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from bot.db.migrate import upgrade_to_head_async

ENV = "TEST_POSTGRES_URL"
SKIP_REASON = (
    f"{ENV} is not set: PostgreSQL variants need a server, e.g. "
    f"{ENV}=postgresql+asyncpg://tredebot:tredebot@127.0.0.1:5432/tredebot_test (.ci/run sets it)"
)

_template: str | None = None
_copy_strategy: str | None = None
# Migrated databases given back clean by finished tests, and what a clean one holds.
_pool: list[str] = []
_schema: tuple[list[str], list[str], str] | None = None  # tables, sequences, migration


def postgres_url() -> str | None:
    return os.environ.get(ENV) or None


def require_postgres() -> str:
    url = postgres_url()
    if url is None:
        pytest.skip(SKIP_REASON)
    return url


def _with_database(url: str, name: str) -> str:
    return make_url(url).set(database=name).render_as_string(hide_password=False)


async def _connect(url: str) -> Any:
    import asyncpg

    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    return await asyncpg.connect(plain)


async def _admin(sql: str, base: str) -> None:
    connection = await _connect(base)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


async def _strategy(base: str) -> str:
    """`STRATEGY FILE_COPY` where the server knows it (PostgreSQL 15 and later), else nothing:
    older servers copy files anyway."""
    global _copy_strategy
    if _copy_strategy is None:
        connection = await _connect(base)
        try:
            version = int(await connection.fetchval("SHOW server_version_num"))
        finally:
            await connection.close()
        _copy_strategy = " STRATEGY FILE_COPY" if version >= 150000 else ""
    return _copy_strategy


async def _ensure_template(base: str) -> str:
    global _template, _schema
    if _template is not None:
        return _template
    name = f"tredebot_tpl_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    await _admin(f'CREATE DATABASE "{name}"', base)
    atexit.register(_drop_sync, base, name)
    await upgrade_to_head_async(_with_database(base, name))
    connection = await _connect(_with_database(base, name))
    try:
        _schema = await _schema_of(connection)
    finally:
        await connection.close()
    _template = name
    return name


def _drop_sync(base: str, *names: str) -> None:
    async def drop() -> None:
        for name in names:
            await _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', base)

    with contextlib.suppress(Exception):
        asyncio.run(drop())


def _drop_pool_at_exit() -> None:
    base = postgres_url()
    if base and _pool:
        _drop_sync(base, *_pool)


atexit.register(_drop_pool_at_exit)


async def _schema_of(connection: Any) -> tuple[list[str], list[str], str]:
    """The tables, the sequences and the migration the database is at."""
    tables = [
        row[0]
        for row in await connection.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
            "AND tablename <> 'alembic_version' ORDER BY tablename"
        )
    ]
    sequences = [
        row[0]
        for row in await connection.fetch(
            "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public' "
            "ORDER BY sequencename"
        )
    ]
    head = str(await connection.fetchval("SELECT version_num FROM alembic_version"))
    return tables, sequences, head


async def _clean(url: str) -> bool:
    """Empty a finished test's database for the next test; False when it cannot be reused."""
    connection = await _connect(url)
    try:
        others = await connection.fetchval(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        if others:
            return False  # an engine was left open: nothing it does may reach the next test
        schema = await _schema_of(connection)
        if schema != _schema:
            return False  # the test changed the schema (a migration step)
        tables, sequences, _ = schema
        await connection.execute("SET lock_timeout = '5s'")
        # TRUNCATE, not DELETE: new, empty files, so rows come back in the order they are
        # stored, as in a new copy (after a DELETE, a query without ORDER BY may not).
        listed = ", ".join(f'"{table}"' for table in tables)
        async with connection.transaction():
            await connection.execute(f"TRUNCATE {listed} RESTART IDENTITY")
            for sequence in sequences:
                await connection.execute("SELECT setval($1::regclass, 1, false)", f'"{sequence}"')
        return True
    except Exception:
        return False
    finally:
        await connection.close()


async def create_database(base: str | None = None, *, migrated: bool = True) -> str:
    """A migrated database without rows (or an empty one); returns its SQLAlchemy URL."""
    base = base or require_postgres()
    if migrated and _pool:
        return _with_database(base, _pool.pop())
    name = f"tredebot_t_{uuid.uuid4().hex[:12]}"
    if migrated:
        template = await _ensure_template(base)
        strategy = await _strategy(base)
        await _admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"{strategy}', base)
    else:
        await _admin(f'CREATE DATABASE "{name}"', base)
    return _with_database(base, name)


async def drop_database(url: str) -> None:
    name = make_url(url).database
    await _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', require_postgres())


async def give_back(url: str) -> None:
    """A finished test's migrated database: cleaned for the next test, else dropped."""
    if await _clean(url):
        _pool.append(str(make_url(url).database))
    else:
        await drop_database(url)


@contextlib.asynccontextmanager
async def fresh_postgres(*, migrated: bool = True) -> AsyncIterator[str]:
    url = await create_database(migrated=migrated)
    try:
        yield url
    finally:
        if migrated:
            await give_back(url)
        else:
            await drop_database(url)
