"""Conversations: every question-by-question flow a user is in (the scan, a what-if, a recorded
hire, the consent to be contacted, a campaign's creation), one row per run, with the dialog
engine's state: its position, answers, revision and the message that carries its buttons.

A user has at most one OPEN conversation: the one their typed text and taps go to. A scan left
for another flow is PAUSED and opened again when that flow ends; a finished scan stays as
COMPLETED (its result points to it) and one set aside by "start again" as RESTARTED, both for
the campaign figures. Other flows leave no row behind: what they lead to (a result, a consent,
a campaign) is stored by their service when they are done, and the row is deleted.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, Column, ForeignKey, Index, Text, text
from sqlmodel import Field, SQLModel

from bot.db.models.base import timestamp, utcnow


class ConversationStatus(StrEnum):
    OPEN = "open"
    PAUSED = "paused"
    COMPLETED = "completed"
    RESTARTED = "restarted"


SCAN = "scan"  # the flow id of the scan (dialogs/flows/scan.py)
OPEN_ONLY = text("status = 'open'")


class Conversation(SQLModel, table=True):
    __tablename__ = "conversations"
    __table_args__ = (
        Index("ix_conversations_user_status", "user_id", "status"),
        # Covers the campaign figures' reads of scans (migration 0020).
        Index(
            "ix_conversations_figures", "user_id", "flow", "started_at", "updated_at", "position"
        ),
        # One open conversation per user, whichever process or replica opens it.
        Index(
            "uq_conversations_open_user",
            "user_id",
            unique=True,
            sqlite_where=OPEN_ONLY,
            postgresql_where=OPEN_ONLY,
        ),
        # Never an id again once its row is gone: a button names the conversation it is for.
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(
        sa_column=Column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    )
    flow: str = Field(default=SCAN, max_length=16, sa_column_kwargs={"server_default": SCAN})
    status: str = Field(default=ConversationStatus.OPEN, max_length=16)
    position: str = Field(max_length=64)
    return_to_review: bool = Field(default=False)
    # Bumped on every move: buttons carry it, so a stale or doubled tap is detected.
    revision: int = Field(default=0)
    # The message that carries the current question's buttons (edited when it has passed).
    prompt_message_id: int | None = Field(default=None, sa_column=Column(BigInteger))
    # The revision whose question that message shows: set only once Telegram accepted it. A
    # typed answer counts only when it equals `revision` (the user has seen the question).
    prompt_revision: int | None = Field(default=None)
    # The update whose answer last moved it: a trigger (migration 0017) records that update in
    # processed_updates in the same statement, so an answer is one statement.
    moved_by_update: int | None = Field(default=None, sa_column=Column(BigInteger))
    # What the flow is about: the result a what-if or a hire builds on, the campaign a consent
    # is for (None for the scan and a campaign's creation).
    subject_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    # The campaign context a scan started with (its municipality, offered as a one-tap answer).
    context_json: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    # The engine's answers so far, {step id: value} (its context under "_context").
    answers_json: str = Field(
        default="{}", sa_column=Column(Text, nullable=False, server_default="{}")
    )
    started_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=timestamp(index=True))
    completed_at: datetime | None = Field(default=None, sa_column=timestamp(nullable=True))
