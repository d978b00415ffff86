"""The staff dashboard's sign-in links and browser sessions (bot/web, bot/services/dashboard.py).

Only the SHA-256 of a token is stored: the token itself is in the link the bot sent and in the
browser's cookie, so a copy of the database opens no session. Erasing a person deletes their
links and sessions (bot/db/personal_data.py).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column
from sqlmodel import Field, SQLModel

from bot.db.models.base import timestamp, utcnow


class WebSignIn(SQLModel, table=True):
    """A one-time sign-in link (/dashboard), valid for minutes."""

    __tablename__ = "web_sign_ins"

    token_hash: str = Field(primary_key=True, max_length=64)
    user_id: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())
    expires_at: datetime = Field(sa_column=timestamp())
    used_at: datetime | None = Field(default=None, sa_column=timestamp(nullable=True))


class WebSession(SQLModel, table=True):
    """A signed-in browser; ends after WEB_SESSION_IDLE_HOURS without a request, or at sign-out."""

    __tablename__ = "web_sessions"

    token_hash: str = Field(primary_key=True, max_length=64)
    user_id: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())
    last_seen: datetime = Field(default_factory=utcnow, sa_column=timestamp(index=True))
