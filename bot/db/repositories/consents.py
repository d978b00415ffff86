"""Owners' consent to be contacted by a campaign's organisation; callers commit.

`withdraw_consents` is what the privacy screen calls; withdrawal deletes the rows, so the
contact is gone from the staff list and the export at once.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db.models import Campaign, ContactConsent, utcnow

GIVEN = "given"


async def withdraw_consents(session: AsyncSession, *, user_id: int) -> int:
    """Remove every consent of this owner; returns how many there were."""
    given = await count_given(session, user_id=user_id)
    await session.exec(delete(ContactConsent).where(col(ContactConsent.user_id) == user_id))
    return given


async def count_given(session: AsyncSession, *, user_id: int) -> int:
    rows = await session.exec(
        select(ContactConsent.id).where(
            ContactConsent.user_id == user_id, ContactConsent.status == GIVEN
        )
    )
    return len(list(rows))


async def given_for(
    session: AsyncSession, *, user_id: int, campaign_id: int
) -> ContactConsent | None:
    statement = select(ContactConsent).where(
        ContactConsent.user_id == user_id,
        ContactConsent.campaign_id == campaign_id,
        ContactConsent.status == GIVEN,
    )
    return (await session.exec(statement)).first()


async def give(
    session: AsyncSession,
    *,
    user_id: int,
    campaign_id: int,
    consent_text: str,
    org_name: str | None,
    contact_name: str | None,
    phone: str | None,
    level: str | None,
    now: datetime | None = None,
) -> ContactConsent:
    """The consent as confirmed; an earlier consent for the same campaign is replaced."""
    await session.exec(
        delete(ContactConsent).where(
            col(ContactConsent.user_id) == user_id, col(ContactConsent.campaign_id) == campaign_id
        )
    )
    consent = ContactConsent(
        user_id=user_id,
        campaign_id=campaign_id,
        status=GIVEN,
        consent_text=consent_text,
        org_name=org_name,
        contact_name=contact_name,
        phone=phone,
        level=level,
        given_at=now or utcnow(),
    )
    session.add(consent)
    await session.flush()
    return consent


async def contacts(
    session: AsyncSession, *, campaign_ids: list[int]
) -> list[tuple[Campaign, ContactConsent]]:
    statement = (
        select(Campaign, ContactConsent)
        .join(ContactConsent, col(ContactConsent.campaign_id) == col(Campaign.id))
        .where(col(Campaign.id).in_(campaign_ids), ContactConsent.status == GIVEN)
        .order_by(col(ContactConsent.given_at).desc())
    )
    return [(campaign, consent) for campaign, consent in await session.exec(statement)]
