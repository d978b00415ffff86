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

DRAFT, GIVEN = "draft", "given"


async def withdraw_consents(session: AsyncSession, *, user_id: int) -> int:
    """Remove every consent (given or half-way) of this owner; returns how many were given."""
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


async def draft_of(session: AsyncSession, *, user_id: int) -> ContactConsent | None:
    statement = (
        select(ContactConsent)
        .where(ContactConsent.user_id == user_id, ContactConsent.status == DRAFT)
        .order_by(col(ContactConsent.id).desc())
        .limit(1)
    )
    return (await session.exec(statement)).first()


async def given_for(
    session: AsyncSession, *, user_id: int, campaign_id: int
) -> ContactConsent | None:
    statement = select(ContactConsent).where(
        ContactConsent.user_id == user_id,
        ContactConsent.campaign_id == campaign_id,
        ContactConsent.status == GIVEN,
    )
    return (await session.exec(statement)).first()


async def start_draft(
    session: AsyncSession, *, user_id: int, campaign_id: int, consent_text: str
) -> ContactConsent:
    """A fresh draft: an earlier unfinished one is dropped."""
    await session.exec(
        delete(ContactConsent).where(
            col(ContactConsent.user_id) == user_id, col(ContactConsent.status) == DRAFT
        )
    )
    draft = ContactConsent(
        user_id=user_id, campaign_id=campaign_id, consent_text=consent_text, step="org"
    )
    session.add(draft)
    await session.flush()
    return draft


async def confirm(
    session: AsyncSession, *, draft: ContactConsent, now: datetime | None = None
) -> None:
    """The draft becomes the consent; an earlier consent for the same campaign is replaced."""
    await session.exec(
        delete(ContactConsent).where(
            col(ContactConsent.user_id) == draft.user_id,
            col(ContactConsent.campaign_id) == draft.campaign_id,
            col(ContactConsent.status) == GIVEN,
        )
    )
    draft.status, draft.step, draft.given_at = GIVEN, "done", now or utcnow()
    session.add(draft)
    await session.flush()


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
