"""The audit trail: who did what to which campaign, organisation or person, and when."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_
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
    once_within: timedelta | None = None,
) -> None:
    """Note an event in the caller's write transaction (it lands with what it records).
    With `once_within`, not when the same person noted the same event (same campaign, same
    organisation, same subject) that recently: a view repeated a hundred times is one line."""
    now = now or utcnow()
    if once_within is not None:
        same = await session.exec(
            select(AuditEvent.id)
            .where(
                AuditEvent.action == action.value,
                AuditEvent.actor_id == actor_id,
                AuditEvent.subject_id == subject_id,
                AuditEvent.campaign_id == campaign_id,
                AuditEvent.organisation_id == organisation_id,
                col(AuditEvent.at) >= now - once_within,
            )
            .limit(1)
        )
        if same.first() is not None:
            return
    session.add(
        AuditEvent(
            at=now,
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


def _matching(actions: Sequence[str], person: int | None) -> list[object]:
    """The conditions of a filter: one of `actions` (any when empty), by or about `person`."""
    conditions: list[object] = []
    if actions:
        conditions.append(col(AuditEvent.action).in_(actions))
    if person is not None:
        conditions.append(
            or_(col(AuditEvent.actor_id) == person, col(AuditEvent.subject_id) == person)
        )
    return conditions


async def latest(
    session: AsyncSession,
    *,
    limit: int,
    offset: int = 0,
    actions: Sequence[str] = (),
    person: int | None = None,
) -> list[AuditEvent]:
    """The newest events first (of these `actions`, by or about `person`, where given)."""
    return list(
        await session.exec(
            select(AuditEvent)
            .where(*_matching(actions, person))  # type: ignore[arg-type]
            .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
            .offset(offset)
            .limit(limit)
        )
    )


async def count(
    session: AsyncSession, *, actions: Sequence[str] = (), person: int | None = None
) -> int:
    """How many events match (as `latest`)."""
    found = await session.exec(
        select(func.count()).select_from(AuditEvent).where(*_matching(actions, person))  # type: ignore[arg-type]
    )
    return int(found.one())


async def people(session: AsyncSession) -> list[int]:
    """Everyone the trail names, as actor or subject, by id."""
    actors = await session.exec(
        select(AuditEvent.actor_id).where(col(AuditEvent.actor_id).is_not(None)).distinct()
    )
    subjects = await session.exec(
        select(AuditEvent.subject_id).where(col(AuditEvent.subject_id).is_not(None)).distinct()
    )
    return sorted({i for i in (*actors, *subjects) if i is not None})
