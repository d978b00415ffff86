"""The audit trail as admins read it (/audit, the dashboard): the newest events with the names
they mention. Services note events with `bot.db.repositories.audit.record`, in the transaction
of what they record."""

from __future__ import annotations

from dataclasses import dataclass

from bot.db import Session, transactions
from bot.db.models import AuditEvent
from bot.db.repositories import audit, campaigns, organisations

SHOWN = 20


@dataclass(frozen=True)
class Trail:
    events: list[AuditEvent]  # newest first
    names: dict[int, str]  # names of the staff members they mention, by id
    campaigns: dict[int, str]  # names of the campaigns they mention, by id
    organisations: dict[int, str]  # names of the organisations they mention, by id


async def latest(session: Session, *, limit: int = SHOWN) -> Trail:
    """The newest events first, with the names of the staff and campaigns they mention."""
    async with transactions.read(session):
        events = await audit.latest(session, limit=limit)
        people = {i for e in events for i in (e.actor_id, e.subject_id) if i is not None}
        campaign_ids = {e.campaign_id for e in events if e.campaign_id is not None}
        organisation_ids = {e.organisation_id for e in events if e.organisation_id is not None}
        names = await organisations.member_names(session, user_ids=people)
        campaign_names = await campaigns.names(session, campaign_ids=campaign_ids)
        organisation_names = await organisations.names(session, organisation_ids=organisation_ids)
    return Trail(events, names, campaign_names, organisation_names)
