"""Users (owners, staff and admins alike) and the updates already handled."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, Column
from sqlmodel import Field, SQLModel

from bot.db.models.base import timestamp, utcnow


class Conversation(StrEnum):
    """What the user's typed text answers: exactly one at a time (bot/handlers/typed.py)."""

    NONE = "none"
    INVENTORY = "inventory"
    WHAT_IF = "what_if"
    HIRED = "hired"  # "I hired this person" (bot/services/hired.py)
    CONSENT = "consent"
    CAMPAIGN_DRAFT = "campaign_draft"


class User(SQLModel, table=True):
    __tablename__ = "users"

    id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    language: str | None = Field(default=None, max_length=8)
    telegram_language: str | None = Field(default=None, max_length=16)
    first_seen: datetime = Field(default_factory=utcnow, sa_column=timestamp())
    last_active: datetime = Field(default_factory=utcnow, sa_column=timestamp(index=True))
    campaign_code: str | None = Field(default=None, max_length=64, index=True)
    is_active: bool = Field(default=True)
    # The one conversation typed text goes to (Conversation); a column, so every process agrees.
    conversation: str = Field(
        default=Conversation.NONE,
        max_length=16,
        sa_column_kwargs={"server_default": Conversation.NONE.value},
    )


class ProcessedUpdate(SQLModel, table=True):
    """Update ids already handled, so a redelivered update has its effect once."""

    __tablename__ = "processed_updates"

    update_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    processed_at: datetime = Field(default_factory=utcnow, sa_column=timestamp(index=True))
