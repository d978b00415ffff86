"""The staff dashboard's sign-in links and browser sessions (bot/web, bot/services/dashboard.py),
and the owners who do the scan in a browser (`WebOwner`).

Only the SHA-256 of a token is stored: the token itself is in the link the bot sent and in the
browser's cookie, so a copy of the database opens no session. Erasing a person deletes their
links and sessions (bot/db/personal_data.py).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column, ForeignKey
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


class WebOwner(SQLModel, table=True):
    """An owner without Telegram: a `User` (channel "web", a negative id) who does the scan in a
    browser, reached by their resume links (`WebLink`). The e-mail address is stored only when
    the owner typed it (for the link, or for reminders) and goes with their other answers when
    they erase their data."""

    __tablename__ = "web_owners"

    user_id: int = Field(
        sa_column=Column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    )
    email: str | None = Field(default=None, max_length=254)
    # Yes to reminders by e-mail (only offered with SMTP_URL and an address).
    email_reminders: bool = Field(default=False)
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())
    last_seen: datetime = Field(default_factory=utcnow, sa_column=timestamp(index=True))


class WebLink(SQLModel, table=True):
    """A resume link of a web owner: the one on every page (also the browser's cookie), and one
    in each e-mail sent to them. Only the token's SHA-256 is stored. Starting over deletes an
    owner's links (a new one is made); erasing deletes the owner and so their links."""

    __tablename__ = "web_links"

    token_hash: str = Field(primary_key=True, max_length=64)
    user_id: int = Field(
        sa_column=Column(
            BigInteger,
            ForeignKey("users.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        )
    )
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())
