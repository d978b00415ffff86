"""Results: an assessment as shown to the owner, with the rules version it was made with."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column, ForeignKey, Index, Text
from sqlmodel import Field, SQLModel

from bot.db.models.base import timestamp, utcnow


class Result(SQLModel, table=True):
    __tablename__ = "results"
    # Covers the campaign figures' reads (migration 0020) and a user's results by time.
    __table_args__ = (Index("ix_results_user_created_level", "user_id", "created_at", "level"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(
        sa_column=Column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    )
    session_id: int | None = Field(
        default=None,
        sa_column=Column(ForeignKey("conversations.id", ondelete="SET NULL"), nullable=True),
    )
    rules_version: str = Field(max_length=32)
    level: str = Field(max_length=16)
    contribution_pct: float
    answers_json: str = Field(sa_column=Column(Text, nullable=False))
    assessment_json: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())
