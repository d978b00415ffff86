"""What the dashboard's downloads hold, each noted in the audit trail as it is read: the figures
of one campaign or of every campaign a person sees (CSV and Excel), and a campaign's consented
contacts for Excel (the contacts' CSV is `dashboard.contacts`).

The figures are exactly those the pages show (bot/services/campaigns/stats.py protects them);
the files only lay them out.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass

from bot.config import Settings
from bot.db import Session, transactions
from bot.db.models import AuditAction, Campaign, ContactConsent, utcnow
from bot.db.repositories import audit
from bot.services import outreach
from bot.services.campaigns.roles import Staff
from bot.services.dashboard import CampaignFigures, figures_of

Row = tuple[Campaign, dict[str, str]]


async def campaigns_of(session: Session, staff: Staff, found: Campaign | None) -> list[Campaign]:
    """The campaigns of a download: `found`, or (None) every campaign this person sees."""
    return [found] if found is not None else await outreach.visible(session, staff)


async def _noted(session: Session, staff: Staff, found: Campaign | None) -> None:
    async with transactions.write(session):
        await audit.record(
            session,
            action=AuditAction.FIGURES_EXPORTED,
            actor_id=staff.user_id,
            campaign_id=found.id if found is not None else None,
        )


async def figures_table(
    session: Session, settings: Settings, staff: Staff, found: Campaign | None
) -> list[Row]:
    """The figures since the start of `found` (None: of every campaign this person sees), one
    row per campaign, as shown; the download is noted."""
    campaigns = await campaigns_of(session, staff, found)
    rows = await outreach.figures(session, settings, campaigns, days=0) if campaigns else []
    await _noted(session, staff, found)
    return [(campaign, stats.cells()) for campaign, stats in rows]


@dataclass(frozen=True)
class FiguresPart:
    """Some campaigns' figures of a download read in parts; `last`: no part follows."""

    figures: list[CampaignFigures]
    last: bool


async def figures_in_parts(
    session: Session,
    settings: Settings,
    staff: Staff,
    found: Campaign | None,
    campaigns: Sequence[Campaign],
    sizes: Sequence[int],
) -> AsyncIterator[FiguresPart]:
    """As `figures_table`, with each campaign's weeks and where its owners stop: the figures
    of `campaigns` (`campaigns_of` the download), in parts of these `sizes`, counted at one
    moment; the download is noted once the last part is read. (A part is what a workbook's
    writer goes on with while the next is counted.)"""
    now = utcnow()
    start = 0
    for number, size in enumerate(sizes, start=1):
        some = await figures_of(session, settings, campaigns[start : start + size], now=now)
        yield FiguresPart(some, last=number == len(sizes))
        start += size
    await _noted(session, staff, found)


async def contacts_for_excel(
    session: Session, staff: Staff, found: Campaign
) -> list[ContactConsent]:
    """The campaign's consented contacts, newest first; the download is noted."""
    rows = await outreach.contacts(session, staff, [found], action=AuditAction.CONTACTS_XLSX)
    return [consent for _campaign, consent in rows]
