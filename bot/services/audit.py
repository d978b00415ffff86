"""The audit trail as admins read it (/audit, the dashboard): a page of events, newest first, with
the names they mention, filtered by kind of event and by person where asked. Services note
events with `bot.db.repositories.audit.record`, in the transaction of what they record; a view
is noted once per person and page a minute (`VIEW_ONCE_WITHIN`), so repeating it buries
nothing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from bot.db import Session, transactions
from bot.db.models import AuditAction, AuditEvent
from bot.db.repositories import audit, campaigns, organisations

SHOWN = 20
VIEW_ONCE_WITHIN = timedelta(minutes=1)


@dataclass(frozen=True)
class Trail:
    events: list[AuditEvent]  # newest first
    names: dict[int, str]  # names of the staff members they mention, by id
    campaigns: dict[int, str]  # names of the campaigns they mention, by id
    organisations: dict[int, str]  # names of the organisations they mention, by id
    page: int = 0  # from 0, clamped to the last page
    pages: int = 1
    total: int = 0  # events that match


async def latest(session: Session, *, limit: int = SHOWN) -> Trail:
    """The newest events first, with the names of the staff and campaigns they mention."""
    return await page(session, number=0, size=limit)


async def page(
    session: Session,
    *,
    number: int,
    size: int,
    actions: Sequence[AuditAction] = (),
    person: int | None = None,
) -> Trail:
    """Page `number` (from 0; past the end: the last page) of the events of these kinds (any
    when none) by or about `person` (anyone when None), `size` to a page, newest first."""
    kinds = [action.value for action in actions]
    async with transactions.read(session):
        total = await audit.count(session, actions=kinds, person=person)
        pages = max(1, -(-total // size))
        number = min(max(number, 0), pages - 1)
        events = await audit.latest(
            session, limit=size, offset=number * size, actions=kinds, person=person
        )
        people = {i for e in events for i in (e.actor_id, e.subject_id) if i is not None}
        campaign_ids = {e.campaign_id for e in events if e.campaign_id is not None}
        organisation_ids = {e.organisation_id for e in events if e.organisation_id is not None}
        names = await organisations.member_names(session, user_ids=people)
        campaign_names = await campaigns.names(session, campaign_ids=campaign_ids)
        organisation_names = await organisations.names(session, organisation_ids=organisation_ids)
    return Trail(
        events, names, campaign_names, organisation_names, page=number, pages=pages, total=total
    )


async def people(session: Session) -> dict[int, str]:
    """Everyone the trail names (by id), with their name where they are staff (else "")."""
    async with transactions.read(session):
        ids = await audit.people(session)
        names = await organisations.member_names(session, user_ids=set(ids))
    return {user_id: names.get(user_id, "") for user_id in ids}
