"""The staff dashboard's logic (the web pages are in bot/web): sign-in links and sessions, the
organisation's campaigns with their figures per week and where owners stop, the team.

Sign-in: `/dashboard` in the bot makes a one-time link (WEB_SIGN_IN_MINUTES; at most
SIGN_IN_LINKS per person within SIGN_IN_WINDOW); opening it makes a browser session that ends
after WEB_SESSION_IDLE_HOURS without a request, WEB_SESSION_DAYS after it began, or at
sign-out. Only SHA-256 hashes of both tokens are stored. Every request asks `visitor`, which
checks the role again: a revoked staff member is refused at once (and their sessions end).

Organisations: staff see the campaigns of their organisation (theirs and their colleagues') and
the contacts who consented to it, nothing of another organisation: a campaign of another one is
"not found", exactly like one that does not exist. Admins run the bot: they see every
organisation, make organisations and manage the team.

Figures (docs/disclosure.md): the funnel exactly, per campaign and per week; the levels (also
per week) and where owners stop are protected tables (bot/services/campaigns/disclosure.py):
one to four owners is "<5", and more is hidden ("x", or a row "–") until none of those can be
worked out, from the totals or by comparing the period views.
"""

from __future__ import annotations

import functools
import secrets
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.config import Settings
from bot.db import Session, transactions
from bot.db.codes import form_token, form_token_ok, token_digest
from bot.db.models import (
    AuditAction,
    Campaign,
    ContactConsent,
    JobRole,
    RevokedStaff,
    StaffInvite,
    StaffMember,
    as_utc,
    utcnow,
)
from bot.db.repositories import audit, web
from bot.db.repositories import campaigns as stored_campaigns
from bot.db.repositories import organisations as stored_organisations
from bot.i18n import N_
from bot.services import outreach
from bot.services.audit import Trail
from bot.services.audit import page as audit_page
from bot.services.audit import people as audit_people
from bot.services.campaigns import disclosure
from bot.services.campaigns.roles import (
    Staff,
    organisation_name,
    rename_organisation,
    role_of,
    staff_of,
)
from bot.services.campaigns.stats import (
    ABANDONED,
    IN_PROGRESS,
    LEVELS,
    CampaignStats,
    mondays_in,
    read_owners,
)
from dialogs.flows.scan import SCAN as FLOW
from dialogs.parse.phrases import clean_text

LAST_SEEN_STEP = timedelta(minutes=1)  # last_seen is written at most this often per session
SIGN_IN_LINKS, SIGN_IN_WINDOW = 5, timedelta(minutes=10)  # /dashboard links per person
REVIEW = "review"
NAME_MAX = 200  # characters of a name kept (staff_members.display_name, admin_names)


# What is stored of a sign-in link or a session: the same digest as an invite's.
digest = token_digest


def csrf_for(session_token: str) -> str:
    """The session's CSRF token: derived from the secret cookie, so one per session."""
    return form_token(session_token, "csrf")


def csrf_ok(session_token: str, given: str) -> bool:
    return form_token_ok(session_token, "csrf", given)


# --- signing in -------------------------------------------------------------------------------
async def issue_sign_in(
    session: Session,
    settings: Settings,
    staff: Staff,
    *,
    now: datetime | None = None,
    telegram_name: str = "",
) -> str | None:
    """A one-time sign-in token for this staff member or admin (the link carries it); None
    when they were given SIGN_IN_LINKS links within SIGN_IN_WINDOW already. An admin's
    `telegram_name` is noted, so the dashboard names them (ADMIN_IDS has ids only)."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    async with transactions.write(session):
        name = clean_text(telegram_name)[:NAME_MAX]
        if staff.is_admin and name:
            await stored_organisations.note_admin_name(
                session, user_id=staff.user_id, display_name=name, at=now
            )
        # Housekeeping on the way: links and sessions that can no longer be used.
        await web.forget_unusable(
            session,
            links_expired_before=now,
            links_made_before=now - SIGN_IN_WINDOW,
            sessions_idle_since=now - timedelta(hours=settings.web_session_idle_hours),
            sessions_made_before=now - timedelta(days=settings.web_session_days),
        )
        made = await web.links_made_since(
            session, user_id=staff.user_id, since=now - SIGN_IN_WINDOW
        )
        if made >= SIGN_IN_LINKS:
            return None
        await web.add_sign_in(
            session,
            token_hash=digest(token),
            user_id=staff.user_id,
            at=now,
            expires_at=now + timedelta(minutes=settings.web_sign_in_minutes),
        )
    return token


async def redeem_sign_in(
    session: Session, settings: Settings, token: str, *, now: datetime | None = None
) -> str | None:
    """A new session token for a valid, unused link of someone who is still staff; else None
    (unknown, used, expired or revoked: one answer). The link is spent by one conditional
    UPDATE: of requests redeeming it at once, exactly one gets a session."""
    now = now or utcnow()
    async with transactions.write(session):
        user_id = await web.spend_sign_in(session, token_hash=digest(token), at=now)
        if user_id is None or await role_of(session, settings, user_id) is None:
            return None
        session_token = secrets.token_urlsafe(32)
        await web.add_browser_session(
            session, token_hash=digest(session_token), user_id=user_id, at=now
        )
        await audit.record(
            session, action=AuditAction.DASHBOARD_SIGNED_IN, actor_id=user_id, now=now
        )
    return session_token


@dataclass(frozen=True)
class Visitor:
    staff: Staff
    name: str
    csrf: str


async def visitor(
    session: Session, settings: Settings, session_token: str, *, now: datetime | None = None
) -> Visitor | None:
    """Who this browser is, checked on every request: a live session of someone who is still
    staff or admin. A session that idled out, or whose person lost the role, ends here."""
    if not session_token:
        return None
    now = now or utcnow()
    key = digest(session_token)
    async with transactions.read(session):
        row = await web.browser_session(session, token_hash=key)
        if row is None:
            return None
        user_id, last_seen = row.user_id, as_utc(row.last_seen)
        started = as_utc(row.created_at)
        staff = await staff_of(session, settings, user_id)
        member = await stored_organisations.member(session, user_id=user_id)
        admin = (
            await stored_organisations.admin_names(session, user_ids={user_id})
            if staff is not None and staff.is_admin
            else {}
        )
    # Idle too long, or older than WEB_SESSION_DAYS however often it is used.
    expired = now - last_seen > timedelta(hours=settings.web_session_idle_hours) or (
        now - started > timedelta(days=settings.web_session_days)
    )
    if staff is None or expired:
        async with transactions.write(session):
            if staff is None:
                await web.end_browser_sessions_of(session, user_id=user_id)
            else:
                await web.end_browser_session(session, token_hash=key)
        return None
    if now - last_seen > LAST_SEEN_STEP:
        async with transactions.write(session):
            await web.note_seen(session, token_hash=key, at=now)
    name = member.display_name if member is not None and member.display_name else ""
    return Visitor(staff, name or admin.get(user_id) or str(user_id), csrf_for(session_token))


async def sign_out(session: Session, session_token: str) -> None:
    async with transactions.write(session):
        await web.end_browser_session(session, token_hash=digest(session_token))


# --- campaigns --------------------------------------------------------------------------------
async def campaigns(session: Session, staff: Staff) -> list[Campaign]:
    """The campaigns this person sees (every finished one of their organisation; every one for
    an admin), newest first."""
    return await outreach.visible(session, staff)


async def campaign(session: Session, staff: Staff, campaign_id: int) -> Campaign | None:
    """A campaign this person sees; None for an unknown one, one still being made, or one of
    another organisation (the same answer, so an id reveals nothing)."""
    return await outreach.campaign_for(session, staff, campaign_id)


async def organisation_names(session: Session) -> dict[int, str]:
    async with transactions.read(session):
        return {o.id or 0: o.name for o in await stored_organisations.organisations(session)}


async def create(
    session: Session,
    staff: Staff,
    *,
    name: str,
    municipality: str,
    organisation_id: int | None = None,
) -> Campaign | None:
    """None when the name or municipality is empty (after cleaning), or an admin chose no
    organisation that exists. Staff make their own organisation's campaigns."""
    if not clean_text(name) or not clean_text(municipality):
        return None
    async with transactions.write(session):
        if staff.is_admin:
            if organisation_id is None or (
                await stored_organisations.by_id(session, organisation_id=organisation_id) is None
            ):
                return None
        else:
            organisation_id = staff.organisation_id
        if organisation_id is None:
            return None
        made = await stored_campaigns.create_campaign(
            session,
            owner_id=staff.user_id,
            organisation_id=organisation_id,
            contact_role=staff.job_role,
            name=name,
            municipality=municipality,
        )
        await audit.record(
            session,
            action=AuditAction.CAMPAIGN_CREATED,
            actor_id=staff.user_id,
            campaign_id=made.id,
        )
        return made


async def rename(session: Session, staff: Staff, campaign_id: int, *, name: str) -> bool:
    """The code (the printed link) stays; only the name shown changes."""
    name = clean_text(name)[: stored_campaigns.NAME_MAX]
    if not name:
        return False
    async with transactions.write(session):
        found = await outreach.visible_campaign(session, staff, campaign_id)
        if found is None:
            return False
        await stored_campaigns.rename(session, campaign=found, name=name)
        await audit.record(
            session,
            action=AuditAction.CAMPAIGN_RENAMED,
            actor_id=staff.user_id,
            campaign_id=found.id,
        )
    return True


async def close(session: Session, staff: Staff, campaign_id: int) -> bool:
    """Close an open campaign: its link greets owners but counts no one new (`reopen` undoes
    it). False: not found, or closed already."""
    return await _set_closed(session, staff, campaign_id, closed=True)


async def reopen(session: Session, staff: Staff, campaign_id: int) -> bool:
    """Open a closed campaign again: owners who use its link from now on are counted (those who
    came while it was closed were not noted, and are not now). False: not found, or open."""
    return await _set_closed(session, staff, campaign_id, closed=False)


async def _set_closed(session: Session, staff: Staff, campaign_id: int, *, closed: bool) -> bool:
    async with transactions.write(session):
        found = await outreach.visible_campaign(session, staff, campaign_id)
        if found is None or (found.closed_at is not None) == closed:
            return False
        await stored_campaigns.close(session, campaign=found, at=utcnow() if closed else None)
        await audit.record(
            session,
            action=AuditAction.CAMPAIGN_CLOSED if closed else AuditAction.CAMPAIGN_REOPENED,
            actor_id=staff.user_id,
            campaign_id=found.id,
        )
    return True


@dataclass(frozen=True)
class Week:
    start: date  # its Monday
    values: dict[str, int]  # started, finished (the funnel), level_<level>
    cells: dict[str, str]  # as shown: started and finished exactly, the levels protected

    @property
    def protected(self) -> bool:
        """Some of its levels are not shown exactly."""
        return any(not self.cells[key].isdigit() for key in LEVEL_KEYS)


@dataclass(frozen=True)
class Stop:
    question: str  # the scan's item id, "review", or "other"
    text: str  # the question as owners read it (an N_ msgid)
    label: str  # its short label (an N_ msgid)
    busy: int  # here now, active within ABANDONED_AFTER_DAYS
    stopped: int  # here, no activity since
    cells: dict[str, str]  # "busy" and "stopped" as shown (a protected table)

    def share(self, started: int) -> float | None:
        """The share of starters who stopped here, when that figure is shown exactly."""
        shown = self.cells["stopped"]
        return self.stopped / started if shown.isdigit() and started else None


@dataclass(frozen=True)
class CampaignFigures:
    campaign: Campaign
    stats: CampaignStats
    cells: dict[str, str]
    weeks: list[Week]
    stops: list[Stop]


LEVEL_KEYS = tuple(f"level_{level}" for level in LEVELS)
GROUP_TEXT = N_("The target-group employees, one by one (category, hours, contract)")
# Where an owner stops at a position of another version of the scan (no question of this one).
ELSEWHERE = ("other", N_("A question of an earlier version of the scan"), N_("Elsewhere"))


def questions() -> list[tuple[str, str, str]]:
    """(item id, question msgid, short label msgid) in the order of the scan, then the review;
    "Sector" and its "other" are one question."""
    return list(_questions())


@functools.cache
def _questions() -> tuple[tuple[str, str, str], ...]:
    found: list[tuple[str, str, str]] = []
    for item in FLOW.items:
        label = getattr(item, "label", item.id)
        if found and found[-1][2] == label:
            continue
        text = GROUP_TEXT if hasattr(item, "item_steps") else item.text
        found.append((item.id, text, label))
    review = (REVIEW, N_("The review of all answers, just before the result"), N_("Review"))
    return (*found, review)


async def figures(
    session: Session, settings: Settings, found: Campaign, *, now: datetime | None = None
) -> CampaignFigures:
    """The campaign's figures since the start, per week, and where unfinished owners are."""
    return (await figures_of(session, settings, [found], now=now))[0]


async def figures_of(
    session: Session,
    settings: Settings,
    found: Sequence[Campaign],
    *,
    now: datetime | None = None,
) -> list[CampaignFigures]:
    """`figures` of each campaign, in order, read in the same few statements however many
    campaigns there are (the export of all of them): the owners behind every period view
    and their scans, in one read (stats.read_owners: six statements)."""
    now = now or utcnow()
    if not found:
        return []
    ids = [c.id or 0 for c in found]
    async with transactions.read(session):
        owners = await read_owners(session, campaign_ids=ids, scans=True)
    views = outreach.views_of(settings, found, owners, now=now)
    # Per owner: when they first started (a scan, or a result without one). Only owners
    # `owners` counts (one who arrived between the statements is left to the next load).
    first_start: dict[int, datetime] = {}
    for user_id, began in owners.first_started.items():
        if user_id in owners.campaign_of:
            first_start[user_id] = began
    for user_id, made in owners.first_result.items():
        if user_id in owners.campaign_of:
            earlier = first_start.get(user_id)
            first_start[user_id] = made if earlier is None or made < earlier else earlier
    mondays = mondays_in(settings.tz)
    started: dict[int, dict[date, int]] = {campaign_id: defaultdict(int) for campaign_id in ids}
    for user_id, moment in first_start.items():
        started[owners.campaign_of[user_id]][mondays(moment)] += 1
    cutoff = now - timedelta(days=settings.abandoned_after_days)
    at: dict[int, dict[str, dict[str, int]]] = {campaign_id: {} for campaign_id in ids}
    for user_id, (_scan_id, position) in owners.latest_scan.items():
        if user_id in owners.latest_level or user_id not in owners.campaign_of:
            continue  # finished (or arrived after the read): at no question
        status = owners.status(user_id, cutoff)
        if status in (IN_PROGRESS, ABANDONED):
            item = _question_of(position)
            counts = at[owners.campaign_of[user_id]].setdefault(item, {"busy": 0, "stopped": 0})
            counts["busy" if status == IN_PROGRESS else "stopped"] += 1
    this_week = mondays(now)
    figures: list[CampaignFigures] = []
    for campaign, by_period in views:
        stats = by_period[0]
        campaign_id = campaign.id or 0
        figures.append(
            CampaignFigures(
                campaign,
                stats,
                stats.cells(),
                _weeks(stats, started[campaign_id], this_week),
                _stops(at[campaign_id]),
            )
        )
    return figures


@functools.cache
def _question_of(position: str) -> str:
    """The question (an item id of `questions`, or "other") a scan's position is at."""
    found = questions()
    first_of_label = {label: item for item, _text, label in found}
    label_of = {item.id: getattr(item, "label", item.id) for item in FLOW.items}
    item = position.split(".")[0]
    item = first_of_label.get(label_of.get(item, ""), item)
    return item if item in {item for item, _text, _label in found} else "other"


def _weeks(stats: CampaignStats, started: dict[date, int], this_week: date) -> list[Week]:
    """Every week from the first start to this one: started and finished exactly, the levels
    of those who finished as protected with the rest (`CampaignStats.weekly_cells`)."""
    level_cells = stats.weekly_cells()
    known = set(started) | set(stats.weeks)
    if not known:
        return []
    day, last = min(known), max(max(known), this_week)
    weeks: list[Week] = []
    while day <= last:
        levels = stats.weeks.get(day, dict.fromkeys(LEVELS, 0))
        values = {
            "started": started.get(day, 0),
            "finished": sum(levels.values()),
            **{f"level_{level}": levels[level] for level in LEVELS},
        }
        shown = {"started": str(values["started"]), "finished": str(values["finished"])}
        shown.update(level_cells.get(day, dict.fromkeys(LEVEL_KEYS, "0")))
        weeks.append(Week(day, values, shown))
        day += timedelta(days=7)
    return weeks


def _stops(at: dict[str, dict[str, int]]) -> list[Stop]:
    """Per question, the owners without a result who are at it now (`at`: by item id): busy
    (active within ABANDONED_AFTER_DAYS) or stopped; a protected table whose totals are the
    funnel's in progress and abandoned."""
    rows = questions()
    if "other" in at:  # a position from another version of the scan
        rows.append(ELSEWHERE)
    values = [dict(at.get(item, {"busy": 0, "stopped": 0})) for item, _t, _l in rows]
    shown = disclosure.table(values, columns=("busy", "stopped"))
    return [
        Stop(item, text, label, row["busy"], row["stopped"], cells)
        for (item, text, label), row, cells in zip(rows, values, shown, strict=True)
    ]


async def contacts(
    session: Session, staff: Staff, found: Campaign, *, exported: bool
) -> list[ContactConsent]:
    """The owners who consented to be contacted through this campaign, newest first; the view
    or the export is written to the audit trail."""
    action = AuditAction.CSV_EXPORTED if exported else AuditAction.CONTACTS_VIEWED
    rows = await outreach.contacts(session, staff, [found], action=action)
    return [consent for _campaign, consent in rows]


# --- the team (admins) ------------------------------------------------------------------------
async def team(session: Session) -> outreach.Team:
    return await outreach.team(session)


async def invite(
    session: Session,
    settings: Settings,
    staff: Staff,
    *,
    organisation_id: int,
    job_role: JobRole,
) -> str | None:
    """A one-time staff invite into this organisation (its token; the link is the bot's deep
    link); None for an organisation that does not exist."""
    made = await outreach.invite(
        session,
        staff,
        organisation_id=organisation_id,
        job_role=job_role,
        valid_days=settings.staff_invite_days,
    )
    return made[0] if made is not None else None


def _blank(name: str) -> bool:
    """A name of spaces (or punctuation) alone is no name."""
    return not any(ch.isalnum() for ch in organisation_name(name))


async def new_organisation(session: Session, staff: Staff, *, name: str) -> tuple[str, int | None]:
    """("made", its id), or ("blank", None) for no name, ("taken", None) for a name another
    organisation has (in any case)."""
    if _blank(name):
        return "blank", None
    made = await outreach.new_organisation(session, staff, name=name)
    if made is None:
        return "blank", None
    organisation, new = made
    return ("made", organisation.id) if new else ("taken", None)


async def rename_organisation_to(
    session: Session, staff: Staff, organisation_id: int, *, name: str
) -> str:
    """ "renamed", or why not: "blank" (no name), "taken" (another organisation's name),
    "unknown" (no such organisation)."""
    if _blank(name):
        return "blank"
    async with transactions.write(session):
        if await stored_organisations.by_id(session, organisation_id=organisation_id) is None:
            return "unknown"
        renamed = await rename_organisation(
            session, organisation_id=organisation_id, name=name, renamed_by=staff.user_id
        )
    return "renamed" if renamed else "taken"


async def revoke(session: Session, staff: Staff, *, user_id: int) -> StaffMember | None:
    """Revoke a staff member; their browser sessions end with it. Who it was (None: nobody)."""
    return await outreach.revoke(session, staff, user_id=user_id)


async def revoked(session: Session) -> list[RevokedStaff]:
    """Staff revoked lately, who can be reinstated (outreach.REINSTATE_DAYS)."""
    return await outreach.revoked(session)


async def reinstate(session: Session, staff: Staff, *, user_id: int) -> RevokedStaff | None:
    return await outreach.reinstate(session, staff, user_id=user_id)


async def pending_invites(session: Session) -> list[StaffInvite]:
    return await outreach.pending_invites(session)


async def withdraw_invite(session: Session, staff: Staff, *, token_hash: str) -> StaffInvite | None:
    return await outreach.withdraw_invite(session, staff, token_hash=token_hash)


async def admins(session: Session, settings: Settings) -> dict[int, str]:
    """Every admin with their Telegram name where known (else ""), by id."""
    return await outreach.admin_names(session, settings)


AUDIT_PAGE = 50  # events to a page of the dashboard's audit trail


async def trail(
    session: Session,
    *,
    page: int = 0,
    actions: Sequence[AuditAction] = (),
    person: int | None = None,
) -> Trail:
    """A page of the audit trail (from 0, clamped), of these kinds of event (any when none),
    by or about `person` (anyone when None)."""
    return await audit_page(session, number=page, size=AUDIT_PAGE, actions=actions, person=person)


async def trail_people(session: Session) -> dict[int, str]:
    """Everyone the trail names, to filter by: their name where they are staff, else ""."""
    return await audit_people(session)


AUDIT_EXPORT_MAX = 1_000_000  # events in one download of the trail (retention bounds it)


async def export_trail(
    session: Session,
    staff: Staff,
    *,
    actions: Sequence[AuditAction] = (),
    person: int | None = None,
) -> Trail:
    """Every event of the trail that matches, newest first, for its CSV; the download itself is
    written to the trail first (so it is in what is downloaded)."""
    async with transactions.write(session):
        await audit.record(session, action=AuditAction.AUDIT_EXPORTED, actor_id=staff.user_id)
    return await audit_page(
        session, number=0, size=AUDIT_EXPORT_MAX, actions=actions, person=person
    )
