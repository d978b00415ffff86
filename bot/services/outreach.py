"""Outreach staff's work: invites, campaigns and their figures, contacts who consented.

Each function is one transaction; roles are checked by the caller's filter (`StaffOnly`), and
`Staff.may_see` decides which campaigns a staff member reaches.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config import Settings
from bot.db import transactions
from bot.db.models import (
    AuditAction,
    Campaign,
    ContactConsent,
    Conversation,
    JobRole,
    Organisation,
    StaffMember,
    User,
    utcnow,
)
from bot.db.repositories import audit, consents, web
from bot.db.repositories import campaigns as stored_campaigns
from bot.db.repositories import organisations as stored_organisations
from bot.db.repositories.organisations import organisations
from bot.services import conversation
from bot.services.campaigns.roles import (
    InviteOutcome,
    Staff,
    accept_invite,
    create_invite,
    create_organisation,
)
from bot.services.campaigns.stats import CampaignStats, campaigns_stats, period_start

log = logging.getLogger(__name__)

Contacts = list[tuple[Campaign, ContactConsent]]


# --- arriving through a deep link -------------------------------------------------------------
async def join_as_staff(
    session: AsyncSession, settings: Settings, user: User, *, token: str, display_name: str
) -> tuple[InviteOutcome, str]:
    """The outcome, and the name of the organisation they joined ("" unless JOINED)."""
    async with transactions.write(session):
        outcome = await accept_invite(
            session, settings, token=token, user_id=user.id, display_name=display_name
        )
        member = await stored_organisations.member(session, user_id=user.id)
        if outcome != InviteOutcome.JOINED or member is None:
            return outcome, ""
        organisation = await stored_organisations.by_id(
            session, organisation_id=member.organisation_id
        )
        return outcome, organisation.name if organisation is not None else ""


async def arrive(session: AsyncSession, user: User, *, code: str) -> Campaign | None:
    """An owner opened a campaign's link: noted (their first campaign is the one they are
    attributed to) unless the campaign is closed. Returns the campaign of the link (None for an
    unknown or unfinished one), whether or not they had come through it before."""
    async with transactions.write(session):
        campaign = await stored_campaigns.by_code(session, code=code)
        if campaign is not None and campaign.closed_at is not None:
            return campaign  # closed (dashboard): greeted, but no one new is attributed
        if campaign is not None and await stored_campaigns.record_arrival(
            session, user=user, campaign=campaign
        ):
            log.info("user %s arrived through a campaign", user.id)
        return campaign


# --- the team (admins) ------------------------------------------------------------------------
@dataclass(frozen=True)
class Team:
    organisations: list[Organisation]  # by name
    members: list[StaffMember]  # by organisation, then when they joined

    def of(self, organisation: Organisation) -> list[StaffMember]:
        return [m for m in self.members if m.organisation_id == organisation.id]


async def team(session: AsyncSession) -> Team:
    async with transactions.read(session):
        return Team(
            await stored_organisations.organisations(session),
            await stored_organisations.members(session),
        )


async def new_organisation(
    session: AsyncSession, staff: Staff, *, name: str
) -> tuple[Organisation, bool] | None:
    """`/organisation <name>`: made (True) or already there (False); None for no name."""
    async with transactions.write(session):
        return await create_organisation(session, name=name, created_by=staff.user_id)


async def invite(
    session: AsyncSession,
    staff: Staff,
    *,
    organisation_id: int,
    job_role: JobRole,
    valid_days: int,
) -> tuple[str, Organisation] | None:
    """A one-time invite into this organisation, in this job role; returns its token (None for
    an organisation that does not exist)."""
    async with transactions.write(session):
        organisation = await stored_organisations.by_id(session, organisation_id=organisation_id)
        if organisation is None:
            return None
        created = await create_invite(
            session,
            created_by=staff.user_id,
            organisation_id=organisation_id,
            job_role=job_role,
            valid_for=timedelta(days=valid_days),
        )
        await audit.record(
            session,
            action=AuditAction.INVITE_CREATED,
            actor_id=staff.user_id,
            organisation_id=organisation_id,
        )
        return created.token, organisation


async def revoke(session: AsyncSession, staff: Staff, *, user_id: int) -> bool:
    """Revoke a staff member (from the chat or the dashboard); their browser sessions end with
    it."""
    async with transactions.write(session):
        removed = await stored_organisations.remove_member(session, user_id=user_id)
        await web.end_browser_sessions_of(session, user_id=user_id)
        if removed:
            await audit.record(
                session,
                action=AuditAction.STAFF_REVOKED,
                actor_id=staff.user_id,
                subject_id=user_id,
            )
        return removed


# --- making a campaign ------------------------------------------------------------------------
async def new_campaign(
    session: AsyncSession, user: User, staff: Staff, *, name: str
) -> Campaign | None:
    """A campaign with this name (or none yet): a draft until its organisation, name and
    municipality are known; meanwhile typed text fills it in (conversation CAMPAIGN_DRAFT).
    Staff make campaigns of their own organisation; an admin's is of the one organisation
    there is, or chosen with a button. None: an admin, and no organisation yet."""
    async with transactions.write(session):
        organisation_id = staff.organisation_id
        if staff.is_admin:
            known = await organisations(session)
            if not known:
                return None
            organisation_id = known[0].id if len(known) == 1 else None
        draft = await stored_campaigns.draft_of(session, owner_id=user.id)
        if draft is not None:
            await session.delete(draft)
        campaign = await stored_campaigns.create_campaign(
            session,
            owner_id=user.id,
            organisation_id=organisation_id,
            contact_role=staff.job_role,
            name=name,
        )
        if campaign.is_draft:
            await conversation.enter(session, user, Conversation.CAMPAIGN_DRAFT)
        else:
            await _created(session, user, campaign)
        return campaign


async def _created(session: AsyncSession, user: User, campaign: Campaign) -> None:
    await audit.record(
        session, action=AuditAction.CAMPAIGN_CREATED, actor_id=user.id, campaign_id=campaign.id
    )


async def draft_organisations(session: AsyncSession) -> list[Organisation]:
    """The organisations an admin's draft may be for."""
    async with transactions.read(session):
        return await organisations(session)


async def choose_organisation(
    session: AsyncSession, user: User, *, draft_id: int, organisation_id: int
) -> DraftStep:
    """An admin's draft: the organisation button (only while it still asks)."""
    async with transactions.write(session):
        draft = await stored_campaigns.draft_of(session, owner_id=user.id)
        if draft is None or draft.id != draft_id or draft.organisation_id is not None:
            return DraftStep(draft, filled=False)
        if await session.get(Organisation, organisation_id) is None:
            return DraftStep(draft, filled=False)
        draft.organisation_id = organisation_id
        session.add(draft)
        return DraftStep(draft, filled=True)


async def cancel_draft(session: AsyncSession, user: User) -> None:
    async with transactions.write(session):
        draft = await stored_campaigns.draft_of(session, owner_id=user.id)
        if draft is not None:
            await session.delete(draft)
        await conversation.leave(session, user, Conversation.CAMPAIGN_DRAFT)


@dataclass(frozen=True)
class DraftStep:
    campaign: Campaign | None  # None: no draft (any more)
    filled: bool  # the text was taken


SKIP_WORDS = frozenset({"-", "skip", "overslaan", "geen", "none"})


async def fill_draft(
    session: AsyncSession, user: User, text: str | None, *, draft_id: int | None = None
) -> DraftStep:
    """Typed text while a campaign is being made goes into its first missing field; `None` (the
    Skip button, or a typed "-"/"skip" at the optional contact) leaves the contact empty.
    `draft_id`: from a button, which must still be this owner's draft."""
    async with transactions.write(session):
        draft = await stored_campaigns.draft_of(session, owner_id=user.id)
        if draft is None or (draft_id is not None and draft.id != draft_id):
            if draft is None:
                await conversation.leave(session, user, Conversation.CAMPAIGN_DRAFT)
            return DraftStep(None, filled=False)
        if draft.organisation_id is None:
            return DraftStep(draft, filled=False)  # asked with buttons
        asks_contact = bool(draft.name and draft.municipality)
        if asks_contact and text is not None and text.strip().lower() in SKIP_WORDS:
            text = None
        if text is None and not asks_contact:
            return DraftStep(draft, filled=False)
        if text is not None and not any(ch.isalnum() for ch in text):
            return DraftStep(draft, filled=False)
        await stored_campaigns.fill_draft(session, draft, text)
        session.add(draft)
        if not draft.is_draft:
            await conversation.leave(session, user, Conversation.CAMPAIGN_DRAFT)
            await _created(session, user, draft)
        return DraftStep(draft, filled=True)


async def set_contact(session: AsyncSession, staff: Staff, code: str, text: str) -> Campaign | None:
    """`/campaign contact <code> <text>`: change (or with "-" clear) a visible campaign's
    contact. None: no such campaign for this staff member."""
    async with transactions.write(session):
        campaign = await stored_campaigns.by_code(session, code=code.strip().lower())
        if campaign is None or not staff.may_see(campaign):
            return None
        await stored_campaigns.set_contact(
            session, campaign, None if text.strip().lower() in SKIP_WORDS else text
        )
        return campaign


# --- figures ----------------------------------------------------------------------------------
async def visible(session: AsyncSession, staff: Staff) -> list[Campaign]:
    async with transactions.read(session):
        return await stored_campaigns.visible_campaigns(
            session, organisation_id=staff.organisation_id, is_admin=staff.is_admin
        )


async def campaign_for(session: AsyncSession, staff: Staff, campaign_id: int) -> Campaign | None:
    """The campaign if this staff member may see it (else the same None as a deleted one)."""
    async with transactions.read(session):
        return await visible_campaign(session, staff, campaign_id)


async def visible_campaign(
    session: AsyncSession, staff: Staff, campaign_id: int
) -> Campaign | None:
    """In the caller's transaction: a finished campaign this person may see, else None (unknown,
    still being made, or another organisation's: one answer, so an id reveals nothing)."""
    found = await stored_campaigns.by_id(session, campaign_id=campaign_id)
    return None if found is None or found.is_draft or not staff.may_see(found) else found


async def figures(
    session: AsyncSession,
    settings: Settings,
    campaigns: list[Campaign],
    *,
    days: int,
    now: datetime | None = None,
) -> list[tuple[Campaign, CampaignStats]]:
    async with transactions.read(session):
        found = await campaigns_stats(
            session,
            campaigns=campaigns,
            since=period_start(days, now=now or utcnow()),
            abandoned_after=timedelta(days=settings.abandoned_after_days),
        )
    return [(campaign, found[campaign.id or 0]) for campaign in campaigns]


async def contacts(
    session: AsyncSession, staff: Staff, campaigns: list[Campaign], *, action: AuditAction
) -> Contacts:
    """The consented contacts of these campaigns; the audit trail notes who saw them
    (`action`: viewed in the chat, or exported as CSV)."""
    async with transactions.write(session):
        rows = await consents.contacts(session, campaign_ids=[c.id or 0 for c in campaigns])
        await audit.record(
            session,
            action=action,
            actor_id=staff.user_id,
            campaign_id=campaigns[0].id if len(campaigns) == 1 else None,
        )
        return rows
