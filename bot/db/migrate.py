"""Alembic, run from code: `tredebot migrate` and every start apply the migrations to head."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
EXIT_UNAVAILABLE = 3  # the child's exit code when the database cannot be used


class DatabaseUnavailable(RuntimeError):
    """The database cannot be opened or written (read-only, disk full, unreachable): an
    operator's matter, told in one line rather than a traceback. `told`: already printed."""

    def __init__(self, message: str, *, told: bool = False) -> None:
        super().__init__(message)
        self.told = told


async def _probe_write(database_url: str) -> None:
    """A write that changes nothing: a database at head may still be read-only."""
    from sqlalchemy import text

    from bot.db.engine import create_engine

    engine = create_engine(database_url)
    try:
        async with engine.begin() as connection:
            await connection.execute(text("UPDATE alembic_version SET version_num = version_num"))
    finally:
        await engine.dispose()


def upgrade_or_explain(database_url: str) -> None:
    """`upgrade_to_head`, with an unusable database as `DatabaseUnavailable`."""
    from bot.db.failures import cause, is_unavailable

    try:
        upgrade_to_head(database_url)
        asyncio.run(_probe_write(database_url))
    except Exception as error:
        if not is_unavailable(error):
            raise
        raise DatabaseUnavailable(
            f"the database cannot be used ({cause(error)}); "
            "check that its file or server is reachable and writable and the disk is not full"
        ) from error


_URL_VARIABLE = "TREDEBOT_MIGRATE_URL"


def alembic_config(database_url: str) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade_to_head(database_url: str) -> None:
    from alembic import command

    command.upgrade(alembic_config(database_url), "head")


async def upgrade_to_head_async(database_url: str) -> None:
    # env.py runs its own event loop, so Alembic goes to a worker thread.
    await asyncio.to_thread(upgrade_to_head, database_url)


async def upgrade_to_head_in_child(database_url: str) -> None:
    """Migrate in a short-lived child process, as the bot starts.

    Alembic, the migration scripts and a second engine are then never loaded into the
    long-running bot (about 10 MB of its resident memory). The URL goes by environment, not
    on the command line, where other users of the machine could read a password.
    """
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.db.migrate",
        env={**os.environ, _URL_VARIABLE: database_url},
    )
    code = await child.wait()
    if code == EXIT_UNAVAILABLE:
        raise DatabaseUnavailable("the database cannot be used", told=True)
    if code != 0:
        raise RuntimeError(f"migrations failed (exit code {child.returncode}); see above")


if __name__ == "__main__":
    try:
        upgrade_or_explain(os.environ[_URL_VARIABLE])
    except DatabaseUnavailable as error:
        print(f"tredebot: {error}", file=sys.stderr)
        sys.exit(EXIT_UNAVAILABLE)
