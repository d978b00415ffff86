"""The audit trail: who did what to which campaign, organisation or person, and when."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db.models import AuditAction, AuditEvent, utcnow


async def record(
    session: AsyncSession,
    *,
    action: AuditAction,
    actor_id: int | None,
    subject_id: int | None = None,
    campaign_id: int | None = None,
    organisation_id: int | None = None,
    now: datetime | None = None,
) -> None:
    """Note an event in the caller's write transaction (it lands with what it records)."""
    session.add(
        AuditEvent(
            at=now or utcnow(),
            action=action.value,
            actor_id=actor_id,
            subject_id=subject_id,
            campaign_id=campaign_id,
            organisation_id=organisation_id,
        )
    )


async def forget_before(session: AsyncSession, *, before: datetime) -> int:
    """Drop events older than `before` (the retention period)."""
    outcome = await session.exec(delete(AuditEvent).where(col(AuditEvent.at) < before))
    return int(outcome.rowcount or 0)


async def latest(session: AsyncSession, *, limit: int) -> list[AuditEvent]:
    """The newest events first."""
    return list(
        await session.exec(
            select(AuditEvent)
            .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
            .limit(limit)
        )
    )
