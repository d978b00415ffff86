"""Campaigns (with their drafts, made in the chat) and attribution; callers commit.

An owner is attributed to a campaign only through its deep link, the one they actually opened.
A municipality typed in the scan attributes nothing: anyone can make a campaign named after a
place, and attribution decides who sees the owner's figures and whom they may consent to.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db.codes import campaign_code
from bot.db.models import Campaign, User, UserCampaign, utcnow
from bot.db.models.campaigns import CONTACT_MAX
from dialogs.parse.phrases import clean_text

NAME_MAX = 120
MUNICIPALITY_MAX = 80


# --- campaigns --------------------------------------------------------------------------------
async def create_campaign(
    session: AsyncSession,
    *,
    owner_id: int,
    organisation_id: int,
    contact_role: str = "",
    name: str,
    municipality: str,
    contact: str = "",
) -> Campaign:
    name = clean_text(name)[:NAME_MAX]
    municipality = clean_text(municipality)[:MUNICIPALITY_MAX]
    campaign = Campaign(
        code=await _free_code(session, name),
        name=name,
        municipality=municipality,
        contact=contact_text(contact),
        contact_by=owner_id if contact_text(contact) else None,
        owner_id=owner_id,
        organisation_id=organisation_id,
        contact_role=contact_role,
    )
    session.add(campaign)
    await session.flush()
    return campaign


async def _free_code(session: AsyncSession, name: str) -> str:
    for _attempt in range(10):
        code = campaign_code(name or "campagne")
        taken = await session.exec(select(Campaign.id).where(Campaign.code == code))
        if taken.first() is None:  # else the random tail collided: try another
            return code
    raise RuntimeError("could not find a free campaign code")


def contact_text(text: str | None) -> str:
    """A campaign's contact as stored: one line, at most CONTACT_MAX characters ("" for none)."""
    return clean_text(text or "")[:CONTACT_MAX]


async def set_contact(
    session: AsyncSession, campaign: Campaign, text: str | None, *, by: int
) -> None:
    """`by`: who typed it (their erasure takes the contact with it)."""
    campaign.contact = contact_text(text)
    campaign.contact_by = by if campaign.contact else None
    session.add(campaign)
    await session.flush()


async def contacts_typed_by(session: AsyncSession, *, user_id: int) -> list[Campaign]:
    """The campaigns whose contact for owners this person typed (and that have one)."""
    statement = select(Campaign).where(
        Campaign.contact_by == user_id, col(Campaign.contact).is_not(None), Campaign.contact != ""
    )
    return list(await session.exec(statement.order_by(col(Campaign.id))))


async def contact_for(session: AsyncSession, *, user_id: int) -> str:
    """The contact of the campaign the owner is attributed to ("" when none)."""
    campaign = await attributed_campaign(session, user_id=user_id)
    return (campaign.contact or "") if campaign is not None else ""


async def by_id(session: AsyncSession, *, campaign_id: int) -> Campaign | None:
    """Any campaign by id, drafts included."""
    return await session.get(Campaign, campaign_id)


async def names(session: AsyncSession, *, campaign_ids: set[int]) -> dict[int, str]:
    """The names of these campaigns, by id."""
    rows = await session.exec(select(Campaign).where(col(Campaign.id).in_(campaign_ids)))
    return {found.id or 0: found.name for found in rows}


async def rename(session: AsyncSession, *, campaign: Campaign, name: str) -> None:
    campaign.name = name
    session.add(campaign)


async def close(session: AsyncSession, *, campaign: Campaign, at: datetime | None) -> None:
    """No one new is attributed to a closed campaign (its figures stay); `at` None opens it
    again."""
    campaign.closed_at = at
    session.add(campaign)


async def by_code(session: AsyncSession, *, code: str) -> Campaign | None:
    statement = select(Campaign).where(Campaign.code == code)
    return (await session.exec(statement)).first()


async def visible_campaigns(
    session: AsyncSession, *, organisation_id: int | None, is_admin: bool
) -> list[Campaign]:
    """Campaigns, newest first: every one for an admin, else the organisation's."""
    statement = select(Campaign)
    if not is_admin:
        if organisation_id is None:
            return []
        statement = statement.where(Campaign.organisation_id == organisation_id)
    return list(await session.exec(statement.order_by(col(Campaign.id).desc())))


# --- attribution ------------------------------------------------------------------------------
async def record_arrival(
    session: AsyncSession,
    *,
    user: User,
    campaign: Campaign,
    source: str = "link",
    now: datetime | None = None,
) -> bool:
    """Note that the owner came through this campaign. The first campaign is the one they are
    attributed to; later ones are recorded too. Returns True for a new record."""
    existing = await session.exec(select(UserCampaign).where(UserCampaign.user_id == user.id))
    rows = list(existing)
    if any(row.campaign_id == campaign.id for row in rows):
        return False
    first = not rows
    session.add(
        UserCampaign(
            user_id=user.id,
            campaign_id=campaign.id or 0,
            first=first,
            source=source,
            joined_at=now or utcnow(),
        )
    )
    if first:
        user.campaign_code = campaign.code
        session.add(user)
    await session.flush()
    return True


async def attributed_campaign(session: AsyncSession, *, user_id: int) -> Campaign | None:
    """The campaign the owner is attributed to (their first)."""
    statement = (
        select(Campaign)
        .join(UserCampaign, col(UserCampaign.campaign_id) == col(Campaign.id))
        .where(UserCampaign.user_id == user_id, col(UserCampaign.first).is_(True))
    )
    return (await session.exec(statement)).first()


async def latest_campaign(session: AsyncSession, *, user_id: int) -> Campaign | None:
    """The campaign the owner came through most recently (for the scan's suggestion)."""
    statement = (
        select(Campaign)
        .join(UserCampaign, col(UserCampaign.campaign_id) == col(Campaign.id))
        .where(UserCampaign.user_id == user_id)
        .order_by(col(UserCampaign.joined_at).desc(), col(UserCampaign.id).desc())
        .limit(1)
    )
    return (await session.exec(statement)).first()


async def scan_context(session: AsyncSession, *, user_id: int) -> dict[str, str]:
    """What the scan may suggest: the municipality of the campaign they came through."""
    campaign = await latest_campaign(session, user_id=user_id)
    if campaign is None or not campaign.municipality:
        return {}
    return {"municipality": campaign.municipality}
