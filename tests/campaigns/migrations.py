"""Helpers for migration tests: migrate an empty database step by step, write plain SQL at a
given revision, read rows back. Each opens and closes its own engine, as a deployment would."""

from __future__ import annotations

import asyncio
from typing import Any

from alembic import command
from sqlalchemy import text

from bot.db.engine import create_engine
from bot.db.migrate import alembic_config


async def upgrade(url: str, revision: str) -> None:
    await asyncio.to_thread(command.upgrade, alembic_config(url), revision)


async def downgrade(url: str, revision: str) -> None:
    await asyncio.to_thread(command.downgrade, alembic_config(url), revision)


async def execute(url: str, *statements: str) -> None:
    """Run these statements in one transaction (seeding data at an older revision)."""
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            for statement in statements:
                await connection.execute(text(statement))
    finally:
        await engine.dispose()


async def rows(url: str, query: str) -> list[tuple[Any, ...]]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return [tuple(row) for row in await connection.execute(text(query))]
    finally:
        await engine.dispose()
