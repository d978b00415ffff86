"""The audit trail: `record` in the transaction of the service that does the thing; `latest`
for admins (/audit)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db import transactions
from bot.db.models import AuditAction, AuditEvent, Campaign, Organisation, StaffMember, utcnow

SHOWN = 20


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
    """Drop events older than the retention period (in the caller's write transaction)."""
    outcome = await session.exec(delete(AuditEvent).where(col(AuditEvent.at) < before))
    return int(outcome.rowcount or 0)


@dataclass(frozen=True)
class Trail:
    events: list[AuditEvent]  # newest first
    names: dict[int, str]  # names of the staff members they mention, by id
    campaigns: dict[int, str]  # names of the campaigns they mention, by id
    organisations: dict[int, str]  # names of the organisations they mention, by id


async def latest(session: AsyncSession, *, limit: int = SHOWN) -> Trail:
    """The newest events first, with the names of the staff and campaigns they mention."""
    async with transactions.read(session):
        events = list(
            await session.exec(
                select(AuditEvent)
                .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
                .limit(limit)
            )
        )
        people = {i for e in events for i in (e.actor_id, e.subject_id) if i is not None}
        campaign_ids = {e.campaign_id for e in events if e.campaign_id is not None}
        organisation_ids = {e.organisation_id for e in events if e.organisation_id is not None}
        names = {
            member.user_id: member.display_name
            for member in await session.exec(
                select(StaffMember).where(col(StaffMember.user_id).in_(people))
            )
        }
        campaigns = {
            campaign.id or 0: campaign.name
            for campaign in await session.exec(
                select(Campaign).where(col(Campaign.id).in_(campaign_ids))
            )
        }
        organisations = {
            organisation.id or 0: organisation.name
            for organisation in await session.exec(
                select(Organisation).where(col(Organisation.id).in_(organisation_ids))
            )
        }
    return Trail(events, names, campaigns, organisations)
