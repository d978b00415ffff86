"""The inventory: one row per run through it, with its position and its answers."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, Column, ForeignKey, Index, Text
from sqlmodel import Field, SQLModel

from bot.db.models.base import timestamp, utcnow


class SessionStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    RESTARTED = "restarted"


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
    # The revision whose question that message shows: set only once Telegram accepted it. A
    # typed answer counts only when it equals `revision` (the owner has seen the question).
    prompt_revision: int | None = Field(default=None)
    context_json: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    # Every answer given so far, {step id: value}, written with the move it came with.
    answers_json: str = Field(
        default="{}", sa_column=Column(Text, nullable=False, server_default="{}")
    )
    started_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=timestamp(index=True))
    completed_at: datetime | None = Field(default=None, sa_column=timestamp(nullable=True))
