"""What every table module shares: UTC times and their columns."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Column, DateTime


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes even for timezone-aware columns; they are UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def timestamp(*, nullable: bool = False, index: bool = False) -> Column[datetime]:
    """A timezone-aware time column (stored in UTC)."""
    return Column(DateTime(timezone=True), nullable=nullable, index=index)
