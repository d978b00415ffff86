"""The events that plan and cancel reminders. Each writes rows in the caller's transaction.

Every reminder is checked again when it is about to go out (see `content.prepare`), so a
missed cancel never leads to a wrong message; these hooks keep the plan tidy and visible.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.db import Session
from bot.db.models import ReminderKind, ReminderPrefs
from bot.db.repositories import reminders, users

SCAN_FIRST = timedelta(days=1)  # quiet this long before the first nudge
SCAN_SECOND = timedelta(days=4)  # and this long after it before the last one
# Check-ins on the road to Aspirant / the next Trede: (step, days after opting in).
ROADMAP_STEPS: tuple[tuple[str, int], ...] = (
    ("m1", 30),
    ("m3", 91),
    ("m6", 182),
    ("m12", 365),
    ("m18", 547),
)
ROADMAP_SPAN = timedelta(days=730)  # Aspirant-status lasts two years
MIJNPSO_AFTER = timedelta(days=30)
YEAR = timedelta(days=365)
FOLLOW_UP_KINDS = (ReminderKind.ROADMAP, ReminderKind.TREDE)


def kind_enabled(found: ReminderPrefs | None, kind: str) -> bool:
    """Whether reminders of this kind go out under these preferences (None: the defaults)."""
    if found is None:
        return kind == ReminderKind.SCAN  # the only kind that is on without opting in
    return bool(getattr(found, f"{kind}_on", False))


async def scan_started(session: Session, *, user_id: int, scan_id: int, at: datetime) -> None:
    found = await reminders.prefs_of(session, user_id=user_id)
    if not kind_enabled(found, ReminderKind.SCAN):
        return
    await reminders.plan(
        session,
        user_id=user_id,
        kind=ReminderKind.SCAN,
        step="1",
        key=f"inventory:{scan_id}:1",
        ref_id=scan_id,
        due=at + SCAN_FIRST,
        now=at,
    )


async def scan_ended(session: Session, *, user_id: int, reason: str) -> None:
    """Finished or restarted: no more nudges about it."""
    await reminders.cancel(session, user_id=user_id, kinds=[ReminderKind.SCAN], reason=reason)


async def plan_roadmap(session: Session, *, user_id: int, since: datetime, now: datetime) -> None:
    stamp = since.strftime("%Y%m%d%H%M%S")
    for step, days in ROADMAP_STEPS:
        due = since + timedelta(days=days)
        if due > now:
            await reminders.plan(
                session,
                user_id=user_id,
                kind=ReminderKind.ROADMAP,
                step=step,
                key=f"roadmap:{user_id}:{stamp}:{step}",
                due=due,
                now=now,
            )


async def plan_trede(session: Session, *, user_id: int, since: datetime, now: datetime) -> None:
    stamp = since.strftime("%Y%m%d%H%M%S")
    if since + MIJNPSO_AFTER > now:
        await reminders.plan(
            session,
            user_id=user_id,
            kind=ReminderKind.TREDE,
            step="mijnpso",
            key=f"trede:{user_id}:{stamp}:mijnpso",
            due=since + MIJNPSO_AFTER,
            now=now,
        )
    years = max(1, int((now - since) / YEAR) + 1)
    await plan_yearly(session, user_id=user_id, since=since, year=years, now=now)


async def plan_yearly(
    session: Session, *, user_id: int, since: datetime, year: int, now: datetime
) -> None:
    stamp = since.strftime("%Y%m%d%H%M%S")
    await reminders.plan(
        session,
        user_id=user_id,
        kind=ReminderKind.TREDE,
        step=f"y{year}",
        key=f"trede:{user_id}:{stamp}:y{year}",
        due=since + year * YEAR,
        now=now,
    )


async def opt_in_follow_up(
    session: Session, *, user_id: int, level: str, now: datetime
) -> list[str]:
    """From the result screen: check-ins toward the next step, and for owners at a Trede the
    official-scan and re-scan reminders. Returns the kinds switched on."""
    found = await reminders.prefs(session, user_id=user_id, now=now)
    if found.followup_since is None or found.start_level != level:
        found.followup_since, found.start_level = now, level
    since = found.followup_since
    kinds: list[str] = []
    if level != "trede_3":
        found.roadmap_on = True
        kinds.append(ReminderKind.ROADMAP)
        await plan_roadmap(session, user_id=user_id, since=since, now=now)
    if level != "none":
        found.trede_on = True
        kinds.append(ReminderKind.TREDE)
        await plan_trede(session, user_id=user_id, since=since, now=now)
    found.updated_at = now
    await reminders.save_prefs(session, prefs=found)
    return kinds


async def switch(session: Session, *, user_id: int, kind: str, on: bool, now: datetime) -> bool:
    """/reminders and the "stop" buttons. False when a follow-up kind cannot start yet
    (no opt-in on a result so far)."""
    found = await reminders.prefs(session, user_id=user_id, now=now)
    if not on:
        setattr(found, f"{kind}_on", False)
        found.updated_at = now
        await reminders.save_prefs(session, prefs=found)
        await reminders.cancel(session, user_id=user_id, kinds=[kind], reason="switched off")
        return True
    if kind in FOLLOW_UP_KINDS and found.followup_since is None:
        return False
    setattr(found, f"{kind}_on", True)
    found.updated_at = now
    await reminders.save_prefs(session, prefs=found)
    if kind == ReminderKind.ROADMAP and found.followup_since is not None:
        await plan_roadmap(session, user_id=user_id, since=found.followup_since, now=now)
    elif kind == ReminderKind.TREDE and found.followup_since is not None:
        await plan_trede(session, user_id=user_id, since=found.followup_since, now=now)
        if found.cert_expires:
            await plan_expiry(session, user_id=user_id, expires=found.cert_expires, now=now)
    elif kind == ReminderKind.SCAN:
        from bot.services import conversation  # the reminders are planned from it too

        scan = await conversation.scan_under_way(session, user_id=user_id)
        if scan is not None and scan.id is not None:
            await scan_started(session, user_id=user_id, scan_id=scan.id, at=now)
    return True


def expiry_reminder_due(expires: str, now: datetime) -> datetime:
    """Three months before the first day of the month the certificate expires (or now)."""
    year, month = (int(part) for part in expires.split("-"))
    month -= 3
    if month < 1:
        year, month = year - 1, month + 12
    due = now.replace(year=year, month=month, day=1, hour=9, minute=0, second=0, microsecond=0)
    return max(due, now)


async def plan_expiry(session: Session, *, user_id: int, expires: str, now: datetime) -> None:
    await reminders.cancel(
        session, user_id=user_id, kinds=[ReminderKind.TREDE], reason="new expiry date", ref_id=-1
    )
    await reminders.plan(
        session,
        user_id=user_id,
        kind=ReminderKind.TREDE,
        step="expiry",
        key=f"trede:{user_id}:expiry:{expires}",
        ref_id=-1,  # marks the expiry reminder, so a new date replaces it
        due=expiry_reminder_due(expires, now),
        now=now,
    )


async def set_certificate(
    session: Session, *, user_id: int, expires: str, now: datetime
) -> datetime:
    found = await reminders.prefs(session, user_id=user_id, now=now)
    found.cert_expires = expires
    found.trede_on = True
    found.updated_at = now
    await reminders.save_prefs(session, prefs=found)
    await plan_expiry(session, user_id=user_id, expires=expires, now=now)
    return expiry_reminder_due(expires, now)


async def user_unreachable(session: Session, *, user_id: int, reason: str) -> None:
    """Blocked or deactivated: mark the user inactive and cancel everything planned."""
    await users.mark_inactive(session, user_id=user_id)
    await reminders.cancel(session, user_id=user_id, reason=reason)
