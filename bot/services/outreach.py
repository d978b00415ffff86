"""Outreach staff's work: invites, campaigns and their figures, contacts who consented.

Each function is one transaction; roles are checked by the caller's filter (`StaffOnly`), and
`Staff.may_see` decides which campaigns a staff member reaches.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from bot.config import Settings
from bot.db import Session, transactions
from bot.db.models import (
    AuditAction,
    Campaign,
    ContactConsent,
    JobRole,
    Organisation,
    RevokedStaff,
    StaffInvite,
    StaffMember,
    User,
    utcnow,
)
from bot.db.repositories import audit, consents, web
from bot.db.repositories import campaigns as stored_campaigns
from bot.db.repositories import organisations as stored_organisations
from bot.db.repositories.organisations import organisations
from bot.i18n import N_
from bot.logging_policy import who
from bot.services import conversation
from bot.services.audit import VIEW_ONCE_WITHIN
from bot.services.campaigns.roles import (
    InviteOutcome,
    Staff,
    accept_invite,
    create_invite,
    create_organisation,
    staff_of,
)
from bot.services.campaigns.stats import (
    CampaignStats,
    Owners,
    count_views,
    protect_periods,
    read_owners,
)
from bot.services.conversation import Busy, Incomplete, Started, Talk
from bot.ui.staff import PERIODS
from dialogs.flows import campaign as campaign_flow
from dialogs.model import Problem
from dialogs.parse.phrases import clean_text

# Typed instead of a contact: none ("/campaign contact <code> -").
NO_CONTACT = frozenset({"-", "skip", "overslaan", "geen", "none"})

log = logging.getLogger(__name__)

Contacts = list[tuple[Campaign, ContactConsent]]


# --- arriving through a deep link -------------------------------------------------------------
async def join_as_staff(
    session: Session, settings: Settings, user: User, *, token: str, display_name: str
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


async def arrive(session: Session, user: User, *, code: str) -> Campaign | None:
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
            log.info("user %s arrived through a campaign", who(user.id))
        return campaign


# --- the team (admins) ------------------------------------------------------------------------
@dataclass(frozen=True)
class Team:
    organisations: list[Organisation]  # by name
    members: list[StaffMember]  # by organisation, then when they joined

    def of(self, organisation: Organisation) -> list[StaffMember]:
        return [m for m in self.members if m.organisation_id == organisation.id]


async def team(session: Session) -> Team:
    async with transactions.read(session):
        return Team(
            await stored_organisations.organisations(session),
            await stored_organisations.members(session),
        )


async def new_organisation(
    session: Session, staff: Staff, *, name: str
) -> tuple[Organisation, bool] | None:
    """`/organisation <name>`: made (True) or already there (False); None for no name."""
    async with transactions.write(session):
        return await create_organisation(session, name=name, created_by=staff.user_id)


async def invite(
    session: Session,
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
        token = await create_invite(
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
        return token, organisation


async def revoke(session: Session, staff: Staff, *, user_id: int) -> StaffMember | None:
    """Revoke a staff member (from the chat or the dashboard): at once, and their browser
    sessions end with it. Who it was is kept for REINSTATE_DAYS (`reinstate`). None: they were
    not staff."""
    now = utcnow()
    async with transactions.write(session):
        removed = await stored_organisations.remove_member(
            session, user_id=user_id, by=staff.user_id, at=now
        )
        await web.end_browser_sessions_of(session, user_id=user_id)
        # A campaign they were making is not made.
        await conversation.end_flows(session, user_id=user_id, flow=campaign_flow.ID)
        if removed is not None:
            await audit.record(
                session,
                action=AuditAction.STAFF_REVOKED,
                actor_id=staff.user_id,
                subject_id=user_id,
                organisation_id=removed.organisation_id,
                now=now,
            )
        return removed


# A revoke can be undone this long: a leaver's access ends at once, a mistake is put right
# without asking the colleague to open a new link in Telegram.
REINSTATE_DAYS = 30


async def revoked(session: Session, *, now: datetime | None = None) -> list[RevokedStaff]:
    """Staff revoked within REINSTATE_DAYS, newest first: they can be reinstated."""
    since = (now or utcnow()) - timedelta(days=REINSTATE_DAYS)
    async with transactions.read(session):
        return await stored_organisations.revoked_since(session, since=since)


async def reinstate(session: Session, staff: Staff, *, user_id: int) -> RevokedStaff | None:
    """Undo a revoke of the last REINSTATE_DAYS: staff again, in the same organisation and job
    role (they sign in again with /dashboard). None: no such revoke, they are staff again
    already, or their organisation is gone."""
    now = utcnow()
    async with transactions.write(session):
        back = await stored_organisations.reinstate(
            session, user_id=user_id, since=now - timedelta(days=REINSTATE_DAYS)
        )
        if back is not None:
            await audit.record(
                session,
                action=AuditAction.STAFF_REINSTATED,
                actor_id=staff.user_id,
                subject_id=user_id,
                organisation_id=back.organisation_id,
                now=now,
            )
        return back


async def pending_invites(session: Session) -> list[StaffInvite]:
    """Invites that can still be used, the soonest to expire first."""
    async with transactions.read(session):
        return await stored_organisations.pending_invites(session, now=utcnow())


async def withdraw_invite(session: Session, staff: Staff, *, token_hash: str) -> StaffInvite | None:
    """An unused invite stops working; None when it was used or had expired already."""
    now = utcnow()
    async with transactions.write(session):
        gone = await stored_organisations.withdraw_invite(session, token_hash=token_hash, now=now)
        if gone is not None:
            await audit.record(
                session,
                action=AuditAction.INVITE_WITHDRAWN,
                actor_id=staff.user_id,
                organisation_id=gone.organisation_id,
                now=now,
            )
        return gone


async def organisation_name(session: Session, campaign: Campaign) -> str:
    """The name of the campaign's organisation ("" for none), e.g. for its poster."""
    if campaign.organisation_id is None:
        return ""
    async with transactions.read(session):
        found = await stored_organisations.by_id(session, organisation_id=campaign.organisation_id)
    return found.name if found is not None else ""


async def admin_names(session: Session, settings: Settings) -> dict[int, str]:
    """Every admin (ADMIN_IDS) with their Telegram name where known (else "")."""
    ids = set(settings.admin_ids)
    async with transactions.read(session):
        known = await stored_organisations.admin_names(session, user_ids=ids)
    return {user_id: known.get(user_id, "") for user_id in sorted(ids)}


# --- making a campaign ------------------------------------------------------------------------
async def staff_member(session: Session, settings: Settings, user_id: int) -> Staff | None:
    async with transactions.read(session):
        return await staff_of(session, settings, user_id)


NO_ORGANISATION = Problem(
    N_("This campaign has no organisation to belong to any more, so it was not made.")
)
NOT_STAFF = Problem(N_("Only staff can make campaigns, so this one was not made."))


async def start_campaign(
    session: Session,
    user: User,
    staff: Staff,
    *,
    name: str,
    today: dt.date,
    leave_others: bool = False,
) -> Started | Busy | None:
    """Make a campaign (its name may be given already): the campaign flow, whose answers
    become the campaign only when it is done. Staff make campaigns of their own organisation;
    an admin's is of the one organisation there is, or chosen with a button. None: an admin,
    and no organisation yet."""
    async with transactions.write(session):
        context: dict[str, object] = {"organisation_id": staff.organisation_id}
        if staff.is_admin:
            known = await organisations(session)
            if not known:
                return None
            context["organisation_id"] = known[0].id if len(known) == 1 else None
            if len(known) > 1:
                context["organisations"] = [[o.id, o.name] for o in known]
        given = clean_text(name)[: campaign_flow.NAME_MAX]
        return await conversation.open_flow(
            session,
            user,
            campaign_flow.ID,
            today=today,
            context=context,
            answers={"name": given} if given else None,
            leave_others=leave_others,
        )


async def complete_campaign(
    session: Session, user: User, talk: Talk, *, settings: Settings
) -> Campaign:
    """The campaign flow is done: the campaign is made, if its maker is still staff and its
    organisation still there."""
    staff = await staff_of(session, settings, user.id)
    if staff is None:
        raise Incomplete(NOT_STAFF)
    answers = talk.state.answers
    chosen = answers.get("organisation") or talk.context.get("organisation_id")
    organisation_id = int(chosen) if chosen else None
    if not staff.is_admin:
        organisation_id = staff.organisation_id
    if organisation_id is None or not await stored_organisations.by_id(
        session, organisation_id=organisation_id
    ):
        raise Incomplete(NO_ORGANISATION)
    campaign = await stored_campaigns.create_campaign(
        session,
        owner_id=user.id,
        organisation_id=organisation_id,
        contact_role=staff.job_role,
        name=str(answers.get("name") or ""),
        municipality=str(answers.get("municipality") or ""),
        contact=str(answers.get("contact") or ""),
    )
    await audit.record(
        session, action=AuditAction.CAMPAIGN_CREATED, actor_id=user.id, campaign_id=campaign.id
    )
    return campaign


async def stop_making_campaign(session: Session, user: User) -> None:
    """`/campaign cancel`: the campaign being made is not made."""
    async with transactions.write(session):
        await conversation.end_flows(session, user_id=user.id, flow=campaign_flow.ID)


async def set_contact(session: Session, staff: Staff, code: str, text: str) -> Campaign | None:
    """`/campaign contact <code> <text>`: change (or with "-" clear) a visible campaign's
    contact. None: no such campaign for this staff member."""
    async with transactions.write(session):
        campaign = await stored_campaigns.by_code(session, code=code.strip().lower())
        if campaign is None or not staff.may_see(campaign):
            return None
        await stored_campaigns.set_contact(
            session,
            campaign,
            None if text.strip().lower() in NO_CONTACT else text,
            by=staff.user_id,
        )
        return campaign


# --- figures ----------------------------------------------------------------------------------
async def visible(session: Session, staff: Staff) -> list[Campaign]:
    async with transactions.read(session):
        return await stored_campaigns.visible_campaigns(
            session, organisation_id=staff.organisation_id, is_admin=staff.is_admin
        )


async def campaign_for(session: Session, staff: Staff, campaign_id: int) -> Campaign | None:
    """The campaign if this staff member may see it (else the same None as a deleted one)."""
    async with transactions.read(session):
        return await visible_campaign(session, staff, campaign_id)


async def visible_campaign(session: Session, staff: Staff, campaign_id: int) -> Campaign | None:
    """In the caller's transaction: a campaign this person may see, else None (unknown, or
    another organisation's: one answer, so an id reveals nothing)."""
    found = await stored_campaigns.by_id(session, campaign_id=campaign_id)
    return None if found is None or not staff.may_see(found) else found


async def figures(
    session: Session,
    settings: Settings,
    campaigns: list[Campaign],
    *,
    days: int,
    now: datetime | None = None,
) -> list[tuple[Campaign, CampaignStats]]:
    """Each campaign's figures for the last `days` (0: since the start). Every view staff can
    open (`PERIODS`) and the weeks are counted and protected together (`protect_periods`), so
    a view shows the same whichever is opened and comparing them singles nobody out."""
    views = await every_view(session, settings, campaigns, now=now)
    return [(campaign, by_period[days]) for campaign, by_period in views]


async def funnels(
    session: Session, settings: Settings, campaigns: list[Campaign], *, now: datetime | None = None
) -> list[tuple[Campaign, CampaignStats]]:
    """Each campaign's funnel since the start, exact; its levels are not worked out (so not
    protected: `CampaignStats.funnel_cells` only), for a list of many campaigns."""
    views = await every_view(session, settings, campaigns, now=now, protect=False)
    return [(campaign, by_period[0]) for campaign, by_period in views]


async def every_view(
    session: Session,
    settings: Settings,
    campaigns: list[Campaign],
    *,
    now: datetime | None = None,
    protect: bool = True,
) -> list[tuple[Campaign, dict[int, CampaignStats]]]:
    """Each campaign's figures for every period staff can open, protected together (without
    `protect`: since the start only, the funnel alone)."""
    async with transactions.read(session):
        owners = await read_owners(session, campaign_ids=[c.id or 0 for c in campaigns])
    return views_of(settings, campaigns, owners, now=now or utcnow(), protect=protect)


def views_of(
    settings: Settings,
    campaigns: Sequence[Campaign],
    owners: Owners,
    *,
    now: datetime,
    protect: bool = True,
) -> list[tuple[Campaign, dict[int, CampaignStats]]]:
    """`every_view` of campaigns whose `owners` are read (stats.read_owners)."""
    by_period = count_views(
        owners,
        campaign_ids=[c.id or 0 for c in campaigns],
        periods=PERIODS if protect else [0],
        abandoned_after=timedelta(days=settings.abandoned_after_days),
        now=now,
        tz=settings.tz if protect else None,
    )
    rows = []
    for campaign in campaigns:
        of_campaign = {period: found[campaign.id or 0] for period, found in by_period.items()}
        if protect:
            of_campaign = protect_periods(of_campaign)
        else:
            of_campaign = {p: replace(s, funnel_only=True) for p, s in of_campaign.items()}
        rows.append((campaign, of_campaign))
    return rows


async def contacts(
    session: Session, staff: Staff, campaigns: list[Campaign], *, action: AuditAction
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
            # A view repeated (a reload, the next page) is one event; every export is noted.
            once_within=VIEW_ONCE_WITHIN if action == AuditAction.CONTACTS_VIEWED else None,
        )
        return rows
