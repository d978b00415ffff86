"""Storage: SQLModel tables (`models`), the async engine, Alembic migrations, read and write
transactions (`transactions`) and every SQL statement (`repositories`).

The layers above name a session by the types below when they pass one along; they build no
statements (import-linter keeps sqlalchemy and sqlmodel out of them, see pyproject.toml).
"""

from __future__ import annotations

from typing import TypeAlias

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

Session: TypeAlias = AsyncSession
Sessionmaker: TypeAlias = async_sessionmaker[AsyncSession]
Engine: TypeAlias = AsyncEngine

__all__ = ["Engine", "Session", "Sessionmaker"]
