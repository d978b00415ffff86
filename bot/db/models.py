"""Tables. Times are stored in UTC; Telegram ids are 64-bit."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import BigInteger, Column, DateTime, ForeignKey, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes even for timezone-aware columns; they are UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _ts(*, nullable: bool = False, index: bool = False) -> Column:  # type: ignore[type-arg]
    return Column(DateTime(timezone=True), nullable=nullable, index=index)


class SessionStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    RESTARTED = "restarted"


class User(SQLModel, table=True):
    __tablename__ = "users"

    id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    language: str | None = Field(default=None, max_length=8)
    telegram_language: str | None = Field(default=None, max_length=16)
    first_seen: datetime = Field(default_factory=utcnow, sa_column=_ts())
    last_active: datetime = Field(default_factory=utcnow, sa_column=_ts(index=True))
    campaign_code: str | None = Field(default=None, max_length=64, index=True)
    is_active: bool = Field(default=True)


class IntakeSession(SQLModel, table=True):
    """One run through the inventory. `position` is the dialog engine's cursor."""

    __tablename__ = "intake_sessions"
    __table_args__ = (Index("ix_intake_user_status", "user_id", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(
        sa_column=Column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    )
    status: str = Field(default=SessionStatus.IN_PROGRESS, max_length=16)
    position: str = Field(max_length=64)
    return_to_review: bool = Field(default=False)
    # Bumped on every change of position: buttons carry it, so a stale or doubled tap is detected.
    revision: int = Field(default=0)
    # The message that carries the current question's buttons (edited away when it has passed).
    prompt_message_id: int | None = Field(default=None, sa_column=Column(BigInteger))
    context_json: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    started_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_ts(index=True))
    completed_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))


class Answer(SQLModel, table=True):
    """One answer, written the moment it is given; the value is JSON."""

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("session_id", "key", name="uq_answer_session_key"),)

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(
        sa_column=Column(ForeignKey("intake_sessions.id", ondelete="CASCADE"), nullable=False)
    )
    key: str = Field(max_length=64)
    value_json: str = Field(sa_column=Column(Text, nullable=False))
    answered_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class ProcessedUpdate(SQLModel, table=True):
    """Update ids already handled, so a redelivered update has its effect once."""

    __tablename__ = "processed_updates"

    update_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    processed_at: datetime = Field(default_factory=utcnow, sa_column=_ts(index=True))


class Result(SQLModel, table=True):
    """An assessment as shown to the owner, with the rules version it was computed with."""

    __tablename__ = "results"
    __table_args__ = (Index("ix_results_user_created", "user_id", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(
        sa_column=Column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    )
    session_id: int | None = Field(
        default=None,
        sa_column=Column(ForeignKey("intake_sessions.id", ondelete="SET NULL"), nullable=True),
    )
    rules_version: str = Field(max_length=32)
    level: str = Field(max_length=16)
    contribution_pct: float
    answers_json: str = Field(sa_column=Column(Text, nullable=False))
    assessment_json: str = Field(sa_column=Column(Text, nullable=False))
    # The what-if explorer's state (extra persons, the step being asked); persisted, not in memory.
    what_if_json: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


# Outreach tables (issue 6) live in their own module; imported here so the metadata is complete.
from bot.db import campaign_models as _campaign_models  # noqa: E402, F401

# Reminder tables (issue 5) live in their own module; imported here so the metadata is complete.
from bot.db import reminder_models as _reminder_models  # noqa: E402, F401
