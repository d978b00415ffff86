"""Users (owners, staff and admins alike) and the updates already handled."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column
from sqlmodel import Field, SQLModel

from bot.db.models.base import timestamp, utcnow

TELEGRAM = "telegram"
WEB = "web"  # an owner who does the scan in a browser (bot/db/models/web.py: WebOwner)


class User(SQLModel, table=True):
    """A person: a Telegram user under their Telegram id, or a web owner under a negative id
    (Telegram's user ids are positive, so the two never meet)."""

    __tablename__ = "users"

    id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    language: str | None = Field(default=None, max_length=8)
    telegram_language: str | None = Field(default=None, max_length=16)
    first_seen: datetime = Field(default_factory=utcnow, sa_column=timestamp())
    last_active: datetime = Field(default_factory=utcnow, sa_column=timestamp(index=True))
    campaign_code: str | None = Field(default=None, max_length=64, index=True)
    is_active: bool = Field(default=True)
    # Where the person talks to the bot: TELEGRAM, or WEB (never sent a Telegram message).
    channel: str = Field(
        default=TELEGRAM, max_length=16, sa_column_kwargs={"server_default": TELEGRAM}
    )


class ProcessedUpdate(SQLModel, table=True):
    """Update ids already handled, so a redelivered update has its effect once."""

    __tablename__ = "processed_updates"

    update_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    processed_at: datetime = Field(default_factory=utcnow, sa_column=timestamp(index=True))
