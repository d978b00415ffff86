"""Users (owners, staff and admins alike) and the updates already handled."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column
from sqlmodel import Field, SQLModel

from bot.db.models.base import timestamp, utcnow


class User(SQLModel, table=True):
    __tablename__ = "users"

    id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    language: str | None = Field(default=None, max_length=8)
    telegram_language: str | None = Field(default=None, max_length=16)
    first_seen: datetime = Field(default_factory=utcnow, sa_column=timestamp())
    last_active: datetime = Field(default_factory=utcnow, sa_column=timestamp(index=True))
    campaign_code: str | None = Field(default=None, max_length=64, index=True)
    is_active: bool = Field(default=True)


class ProcessedUpdate(SQLModel, table=True):
    """Update ids already handled, so a redelivered update has its effect once."""

    __tablename__ = "processed_updates"

    update_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    processed_at: datetime = Field(default_factory=utcnow, sa_column=timestamp(index=True))
