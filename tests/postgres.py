"""A fresh PostgreSQL database per test, when TEST_POSTGRES_URL points at a server.

The schema is migrated once per test run (per process, so per xdist worker) into a template
database; each test then gets ``CREATE DATABASE ... TEMPLATE ... STRATEGY FILE_COPY`` (a file
copy, a few tens of milliseconds; PostgreSQL 15's default, WAL_LOG, writes the whole copy to
the WAL and takes ten times as long for a database this small) and the database is dropped
afterwards. Without TEST_POSTGRES_URL the PostgreSQL variants are skipped with a reason.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import os
import uuid
from collections.abc import AsyncIterator

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


def postgres_url() -> str | None:
    return os.environ.get(ENV) or None


def require_postgres() -> str:
    url = postgres_url()
    if url is None:
        pytest.skip(SKIP_REASON)
    return url


def _with_database(url: str, name: str) -> str:
    return make_url(url).set(database=name).render_as_string(hide_password=False)


async def _admin(sql: str, base: str) -> None:
    import asyncpg

    plain = make_url(base).set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(plain)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


async def _strategy(base: str) -> str:
    """`STRATEGY FILE_COPY` where the server knows it (PostgreSQL 15 and later), else nothing:
    older servers copy files anyway."""
    global _copy_strategy
    if _copy_strategy is None:
        import asyncpg

        plain = make_url(base).set(drivername="postgresql").render_as_string(hide_password=False)
        connection = await asyncpg.connect(plain)
        try:
            version = int(await connection.fetchval("SHOW server_version_num"))
        finally:
            await connection.close()
        _copy_strategy = " STRATEGY FILE_COPY" if version >= 150000 else ""
    return _copy_strategy


async def _ensure_template(base: str) -> str:
    global _template
    if _template is not None:
        return _template
    name = f"tredebot_tpl_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    await _admin(f'CREATE DATABASE "{name}"', base)
    await upgrade_to_head_async(_with_database(base, name))
    _template = name
    atexit.register(_drop_sync, base, name)
    return name


def _drop_sync(base: str, name: str) -> None:
    with contextlib.suppress(Exception):
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', base))


async def create_database(base: str | None = None, *, migrated: bool = True) -> str:
    """A new database, migrated unless asked for an empty one; returns its SQLAlchemy URL."""
    base = base or require_postgres()
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


@contextlib.asynccontextmanager
async def fresh_postgres(*, migrated: bool = True) -> AsyncIterator[str]:
    url = await create_database(migrated=migrated)
    try:
        yield url
    finally:
        await drop_database(url)
