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
    if await child.wait() != 0:
        raise RuntimeError(f"migrations failed (exit code {child.returncode}); see above")


if __name__ == "__main__":
    upgrade_to_head(os.environ[_URL_VARIABLE])
