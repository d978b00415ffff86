"""What each reminder says, whether it still fits when it is due, and what comes after it.

Runs in the dispatcher, outside any update: the caller sets the user's locale on the i18n
context, so `_()` speaks the user's language here as in a handler.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _

from bot.db import Session
from bot.db.models import (
    ConversationStatus,
    Reminder,
    ReminderKind,
    ReminderPrefs,
    User,
    as_utc,
)
from bot.db.repositories import reminders, results
from bot.i18n import N_, locale_from_telegram
from bot.services import conversation
from bot.services.reminders import events
from bot.services.reminders.window import SendWindow
from bot.ui import reminders as reminders_ui
from bot.ui.prompt import progress_words
from dialogs.engine import FlowState
from dialogs.flows.scan import SCAN
from pso.assess import LEVELS

QUESTIONS = {
    "m1": N_("Have you written down your plan of action?"),
    "m3": N_("Have you found a first person from the target group to hire?"),
    "m6": N_("Have you found a PSO-certified supplier or a sociaal werkbedrijf to buy from?"),
    "m12": N_("Has someone from the target group started working for you?"),
    "m18": N_("Half a year of the two years is left. Is your plan on track?"),
}
MONTHS_OF_STEP = {"m1": 1, "m3": 3, "m6": 6, "m12": 12, "m18": 18}
GOALS = {
    "none": N_("Trede 1 (via Aspirant status)"),
    "trede_1": N_("Trede 2"),
    "trede_2": N_("Trede 3"),
}


@dataclass(frozen=True)
class Send:
    text: str
    keyboard: InlineKeyboardMarkup


@dataclass(frozen=True)
class Reschedule:
    due: datetime


@dataclass(frozen=True)
class Cancel:
    reason: str


Outcome = Send | Reschedule | Cancel


def user_locale(user: User) -> str:
    return (
        user.language
        if user.language in ("nl", "en")
        else locale_from_telegram(user.telegram_language)
    )


async def prepare(
    session: Session,
    reminder: Reminder,
    *,
    user: User | None,
    now: datetime,
    window: SendWindow,
) -> Outcome:
    """Decide, at the moment of sending, whether this reminder still fits."""
    if user is None or not user.is_active:
        return Cancel("user inactive")
    if not window.is_open(as_utc(reminder.due_at)):
        # Planned for a closed hour: take a place in the next opening, spread over it.
        return Reschedule(window.place(as_utc(reminder.due_at), reminder.key))
    found = await reminders.prefs_of(session, user_id=reminder.user_id)
    if not events.kind_enabled(found, reminder.kind):
        return Cancel("switched off")
    if reminder.kind == ReminderKind.SCAN:
        return await _unfinished_scan(session, reminder, user=user, now=now)
    assert found is not None  # follow-up kinds are only on after an opt-in
    if reminder.kind == ReminderKind.ROADMAP:
        return await _roadmap(session, reminder, prefs=found, now=now)
    if reminder.kind == ReminderKind.TREDE:
        return _trede(reminder, prefs=found)
    return Cancel(f"unknown kind {reminder.kind}")


# --- 1. an unfinished scan --------------------------------------------------------------------
async def _unfinished_scan(
    session: Session, reminder: Reminder, *, user: User, now: datetime
) -> Outcome:
    scan = await conversation.scan(session, scan_id=reminder.ref_id or 0)
    under_way = (ConversationStatus.OPEN, ConversationStatus.PAUSED)
    if scan is None or scan.status not in under_way:
        return Cancel("scan finished or restarted")
    # A nudge only after this long without any activity; activity since pushes it back.
    quiet = events.SCAN_FIRST if reminder.step == "1" else events.SCAN_SECOND
    last_active = max(as_utc(scan.updated_at), as_utc(user.last_active))
    if last_active + quiet > now:
        return Reschedule(last_active + quiet)
    state = FlowState(conversation.answers_of(scan), scan.position, scan.return_to_review)
    where = progress_words(SCAN.prompt(state))
    if reminder.step == "1":
        text = _(
            "Your PSO scan is waiting for you: you were at {where}. "
            "A few more minutes and you know where your business stands. "
            "Would you like to continue?"
        ).format(where=where)
    else:
        text = _(
            "One last reminder: your PSO scan is still open at {where}. "
            "Continue now and you get your indicative result; I will not ask again."
        ).format(where=where)
    return Send(text, reminders_ui.nudge_keyboard())


# --- 2. check-ins on the road to Aspirant / the next Trede ------------------------------------
async def _roadmap(
    session: Session, reminder: Reminder, *, prefs: ReminderPrefs, now: datetime
) -> Outcome:
    since = as_utc(prefs.followup_since) if prefs.followup_since else None
    if since is None or now - since > events.ROADMAP_SPAN:
        return Cancel("two years are over")
    start = prefs.start_level or "none"
    latest = await results.latest_result(session, user_id=reminder.user_id)
    if latest is not None and LEVELS.index(latest.level) > LEVELS.index(start):
        return Cancel("goal reached")
    question = QUESTIONS.get(reminder.step)
    if question is None:
        return Cancel(f"unknown step {reminder.step}")
    text = _("<b>Month {month} on your road to {goal}</b>").format(
        month=MONTHS_OF_STEP[reminder.step], goal=_(GOALS.get(start, GOALS["none"]))
    )
    text += "\n\n" + _(question) + "\n\n"
    text += _("<i>A new scan shows what changed since last time.</i>")
    return Send(text, reminders_ui.check_in_keyboard(reminder.id or 0))


# --- 3. owners at a Trede: the official scan, a yearly re-scan, the certificate's expiry ------
def _trede(reminder: Reminder, *, prefs: ReminderPrefs) -> Outcome:
    if reminder.step == "mijnpso":
        if prefs.cert_expires:
            return Cancel("already certified")
        text = _(
            "A month ago your indicative scan showed a Trede. Only the official scan counts: "
            "take it at MijnPSO (mijnpso.nl) and have it audited for the certificate. "
            "Have you done that?"
        )
        keyboard = reminders_ui.trede_keyboard(
            new_scan=False, certified=True, not_yet=reminder.id or 0
        )
    elif reminder.step == "expiry":
        if not prefs.cert_expires:
            return Cancel("no expiry date")
        year, month = prefs.cert_expires.split("-")
        text = _(
            "Your PSO certificate expires in {month}-{year}, three months from now. "
            "Renewing takes a new scan at MijnPSO and an audit, so now is a good time to start."
        ).format(month=month, year=year)
        keyboard = reminders_ui.trede_keyboard(new_scan=True, certified=False)
    else:
        text = _(
            "A year has passed since your scan. Things change: a new scan shows where you "
            "stand now and what changed since last time."
        )
        keyboard = reminders_ui.trede_keyboard(new_scan=True, certified=not prefs.cert_expires)
    return Send(text, keyboard)


# --- after sending ----------------------------------------------------------------------------
async def after_sent(session: Session, reminder: Reminder, *, now: datetime) -> None:
    """Plan what follows a sent reminder: the second (and last) nudge about an unfinished
    scan, next year's re-scan."""
    if reminder.kind == ReminderKind.SCAN and reminder.step == "1":
        await reminders.plan(
            session,
            user_id=reminder.user_id,
            kind=ReminderKind.SCAN,
            step="2",
            key=f"inventory:{reminder.ref_id}:2",
            ref_id=reminder.ref_id,
            due=now + events.SCAN_SECOND,
            now=now,
        )
    elif reminder.kind == ReminderKind.TREDE and reminder.step.startswith("y"):
        found = await reminders.prefs_of(session, user_id=reminder.user_id)
        if found is not None and found.followup_since is not None:
            await events.plan_yearly(
                session,
                user_id=reminder.user_id,
                since=as_utc(found.followup_since),
                year=int(reminder.step[1:]) + 1,
                now=now,
            )


def retry_delay(attempt: int) -> timedelta:
    """Backoff between attempts after an error: 1, 4, 16, 64 minutes..."""
    return timedelta(minutes=4 ** max(0, attempt - 1))
