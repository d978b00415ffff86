"""Reminder tables: every planned message is a row, claimed atomically by a dispatcher."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, Column, ForeignKey, Index, Text
from sqlmodel import Field, SQLModel

from bot.db.models.base import timestamp


class ReminderKind(StrEnum):
    SCAN = "inventory"  # an unfinished scan
    ROADMAP = "roadmap"  # check-ins on the road to Aspirant / the next Trede (opt-in)
    TREDE = "trede"  # official scan, yearly re-scan, certificate expiry (opt-in)


class ReminderState(StrEnum):
    PENDING = "pending"
    CLAIMED = "claimed"  # a dispatcher is sending it; reclaimed when its lease runs out
    SENT = "sent"
    CANCELLED = "cancelled"
    FAILED = "failed"


class Reminder(SQLModel, table=True):
    __tablename__ = "reminders"
    __table_args__ = (
        Index("ix_reminders_state_due", "state", "due_at"),
        Index("ix_reminders_user_kind", "user_id", "kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(
        sa_column=Column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    )
    kind: str = Field(max_length=16)
    # Which one of its kind: "1"/"2" (nudges about an unfinished scan), "m3" (month-3
    # check-in), "mijnpso", ...
    step: str = Field(max_length=16)
    # Unique: the same reminder is never planned twice (e.g. "inventory:17:1").
    key: str = Field(max_length=96, unique=True)
    ref_id: int | None = Field(default=None)  # the scan or result it is about
    due_at: datetime = Field(sa_column=timestamp())
    state: str = Field(default=ReminderState.PENDING, max_length=16)
    attempts: int = Field(default=0)
    claimed_by: str | None = Field(default=None, max_length=64)
    claimed_at: datetime | None = Field(default=None, sa_column=timestamp(nullable=True))
    sent_at: datetime | None = Field(default=None, sa_column=timestamp(nullable=True))
    message_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    last_error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    answer: str | None = Field(default=None, max_length=16)  # a check-in's answer
    answered_at: datetime | None = Field(default=None, sa_column=timestamp(nullable=True))
    created_at: datetime = Field(sa_column=timestamp())


class ReminderPrefs(SQLModel, table=True):
    """Which kinds a user wants, and what the follow-up kinds are measured against."""

    __tablename__ = "reminder_prefs"

    user_id: int = Field(
        sa_column=Column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    )
    inventory_on: bool = Field(default=True)
    roadmap_on: bool = Field(default=False)
    trede_on: bool = Field(default=False)
    followup_since: datetime | None = Field(default=None, sa_column=timestamp(nullable=True))
    start_level: str | None = Field(default=None, max_length=16)  # level at opt-in
    cert_expires: str | None = Field(default=None, max_length=7)  # "YYYY-MM"
    updated_at: datetime = Field(sa_column=timestamp())
