"""Consent to be contacted by the organisation of the campaign an owner came through.

An explicit, separate choice on the result screen. The owner picks what to share (organisation
name, contact name, phone, the indicative level) and confirms; the exact text is stored with the
time and the campaign. The text names who will contact them: the campaign's organisation (a
municipality or service point, set when its staff were invited) and the job role of the staff
member who made the campaign; the consent is that organisation's, and only its staff (and the
bot's admins) see it. The draft lives in the database (its `step`), so a restart loses
nothing; while it is being filled in, typed text answers it (conversation CONSENT).
Withdrawal deletes the rows.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from enum import StrEnum

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config import Settings
from bot.db import transactions
from bot.db.models import Campaign, ContactConsent, Conversation, Organisation, StaffMember, User
from bot.db.repositories import campaigns, consents, results
from bot.i18n import N_, translate
from bot.services import conversation
from bot.ui import job_roles
from bot.ui.consent import Contacting
from dialogs.texts import clean_text

PHONE = re.compile(r"^\+?[0-9][0-9 ()./-]{5,24}$")
TEXT_MAX = 120
# Stored with each consent in the owner's language, so these go through translate().
CONSENT_TEXT = N_(
    "I agree that {organisation} may contact me through {person} about the next steps "
    "towards the PSO ladder (campaign “{campaign}”), using only the details I confirm here. "
    "I can withdraw this at any time with /privacy."
)


class Step(StrEnum):
    ORG = "org"
    NAME = "name"
    PHONE = "phone"
    LEVEL = "level"
    CONFIRM = "confirm"


NEXT_STEP = {
    Step.ORG: Step.NAME,
    Step.NAME: Step.PHONE,
    Step.PHONE: Step.LEVEL,
    Step.LEVEL: Step.CONFIRM,
}
TYPED_STEPS = frozenset({Step.ORG, Step.NAME, Step.PHONE})


@dataclass(frozen=True)
class Draft:
    """A consent being filled in, with what its questions offer: the business name from the
    answers and the indicative level of the latest result."""

    row: ContactConsent
    known_org_name: str
    level: str | None

    @property
    def step(self) -> str:
        return self.row.step


class Typed(StrEnum):
    STORED = "stored"
    NOT_A_PHONE = "not_a_phone"
    EMPTY = "empty"
    CANCELLED = "cancelled"


def consent_text(contacting: Contacting, locale: str) -> str:
    """The exact text the owner agrees to (stored with the consent, in their language)."""
    return translate(CONSENT_TEXT, locale).format(
        organisation=contacting.organisation,
        person=translate(job_roles.phrase(contacting.job_role), locale),
        campaign=contacting.campaign_name,
    )


async def contacting(session: AsyncSession, campaign: Campaign) -> Contacting | None:
    """Who would contact an owner of this campaign (None: it has no organisation)."""
    if campaign.organisation_id is None:
        return None
    organisation = await session.get(Organisation, campaign.organisation_id)
    if organisation is None:
        return None
    return Contacting(campaign.id or 0, campaign.name, organisation.name, campaign.contact_role)


async def offer_for(session: AsyncSession, *, user_id: int) -> Contacting | None:
    """The organisation the result screen offers, in the caller's transaction: only for owners
    who came through a campaign and have not consented to it yet."""
    campaign = await campaigns.attributed_campaign(session, user_id=user_id)
    if campaign is None:
        return None
    if await consents.given_for(session, user_id=user_id, campaign_id=campaign.id or 0):
        return None
    return await contacting(session, campaign)


async def _attributed(session: AsyncSession, user: User, campaign_id: int) -> Campaign | None:
    campaign = await campaigns.attributed_campaign(session, user_id=user.id)
    return campaign if campaign is not None and campaign.id == campaign_id else None


async def campaign_to_offer(
    session: AsyncSession, user: User, campaign_id: int
) -> Contacting | None:
    """Who an offer button is about, if its campaign is the one this owner is attributed to."""
    async with transactions.read(session):
        campaign = await _attributed(session, user, campaign_id)
        return await contacting(session, campaign) if campaign is not None else None


async def _draft(session: AsyncSession, user: User) -> Draft | None:
    row = await consents.draft_of(session, user_id=user.id)
    if row is None:
        return None
    result = await results.latest_result(session, user_id=user.id)
    answers = json.loads(result.answers_json) if result else {}
    return Draft(row, str(answers.get("org_name") or ""), result.level if result else None)


async def begin(session: AsyncSession, user: User, campaign_id: int, locale: str) -> Draft | None:
    """Start choosing what to share (an earlier unfinished choice is dropped)."""
    async with transactions.write(session):
        campaign = await _attributed(session, user, campaign_id)
        who = await contacting(session, campaign) if campaign is not None else None
        if who is None:
            return None
        await consents.start_draft(
            session,
            user_id=user.id,
            campaign_id=who.campaign_id,
            consent_text=consent_text(who, locale),
        )
        await conversation.enter(session, user, Conversation.CONSENT)
        return await _draft(session, user)


async def current(session: AsyncSession, user: User) -> Draft | None:
    async with transactions.read(session):
        return await _draft(session, user)


def _advance(session: AsyncSession, draft: Draft) -> Draft:
    draft.row.step = NEXT_STEP[Step(draft.row.step)]
    session.add(draft.row)
    return draft


async def choose(
    session: AsyncSession, user: User, *, step: Step, value: str | None, share_level: bool = False
) -> Draft | None:
    """A button on the question `step`: `value` is what to share (None: don't share)."""
    async with transactions.write(session):
        draft = await _draft(session, user)
        if draft is None or draft.step != step:
            return None
        if step == Step.ORG:
            draft.row.org_name = (value or "")[:TEXT_MAX] or None
        elif step == Step.NAME:
            draft.row.contact_name = (value or "")[:TEXT_MAX] or None
        elif step == Step.PHONE:
            draft.row.phone = value
        elif step == Step.LEVEL:
            draft.row.level = draft.level if share_level else None
        return _advance(session, draft)


async def typed(session: AsyncSession, user: User, text: str, *, cancel_label: str) -> Typed:
    """Typed text while choosing what to share."""
    text = clean_text(text)
    async with transactions.write(session):
        draft = await _draft(session, user)
        if draft is None or draft.step not in TYPED_STEPS:
            await conversation.leave(session, user, Conversation.CONSENT)
            return Typed.EMPTY
        if draft.step == Step.PHONE:
            if text == cancel_label:
                await _cancel(session, user, draft.row)
                return Typed.CANCELLED
            if not PHONE.match(text) or sum(ch.isdigit() for ch in text) < 6:
                return Typed.NOT_A_PHONE
            draft.row.phone = text
        elif not any(ch.isalnum() for ch in text):
            return Typed.EMPTY
        elif draft.step == Step.ORG:
            draft.row.org_name = text[:TEXT_MAX]
        else:
            draft.row.contact_name = text[:TEXT_MAX]
        _advance(session, draft)
        return Typed.STORED


async def shared_phone(session: AsyncSession, user: User, phone: str) -> bool:
    """Telegram's "share my phone number" at the phone question."""
    async with transactions.write(session):
        draft = await _draft(session, user)
        if draft is None or draft.step != Step.PHONE:
            return False
        draft.row.phone = phone if phone.startswith("+") else "+" + phone
        _advance(session, draft)
        return True


async def _cancel(session: AsyncSession, user: User, row: ContactConsent) -> None:
    await session.delete(row)
    await conversation.leave(session, user, Conversation.CONSENT)


async def cancel(session: AsyncSession, user: User) -> bool:
    async with transactions.write(session):
        draft = await _draft(session, user)
        if draft is None:
            return False
        await _cancel(session, user, draft.row)
        return True


@dataclass(frozen=True)
class Given:
    contacting: Contacting | None
    notify: list[tuple[int, str]]  # (staff user id, their language) to tell


async def confirm(session: AsyncSession, user: User, settings: Settings) -> Given | None:
    """The owner confirmed the summary: the draft becomes the consent. The organisation's staff
    are told (or, when it has none any more, the admins), without the business's name."""
    async with transactions.write(session):
        draft = await _draft(session, user)
        if draft is None or draft.step != Step.CONFIRM:
            return None
        campaign = await session.get(Campaign, draft.row.campaign_id)
        await consents.confirm(session, draft=draft.row)
        await conversation.leave(session, user, Conversation.CONSENT)
        notify: list[tuple[int, str]] = []
        who = await contacting(session, campaign) if campaign is not None else None
        if campaign is not None:
            recipients = await _organisation_staff(session, campaign.organisation_id)
            for staff_id in recipients or sorted(settings.admin_ids):
                staff = await session.get(User, staff_id)
                notify.append((staff_id, staff.language if staff and staff.language else "nl"))
        return Given(who, notify)


async def _organisation_staff(session: AsyncSession, organisation_id: int | None) -> list[int]:
    if organisation_id is None:
        return []
    rows = await session.exec(
        select(StaffMember.user_id)
        .where(StaffMember.organisation_id == organisation_id)
        .order_by(col(StaffMember.added_at))
    )
    return list(rows)


async def has_given(session: AsyncSession, user: User) -> bool:
    async with transactions.read(session):
        return await consents.count_given(session, user_id=user.id) > 0


async def withdraw(session: AsyncSession, user: User) -> int:
    """Every consent (given or half-way) of this owner is deleted; returns how many were given."""
    async with transactions.write(session):
        count = await consents.withdraw_consents(session, user_id=user.id)
        await conversation.leave(session, user, Conversation.CONSENT)
        return count
