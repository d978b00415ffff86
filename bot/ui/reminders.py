"""Reminders as the owner sees them: /reminders, the buttons under each reminder, the opt-in."""

from __future__ import annotations

import html
from datetime import datetime
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from babel.dates import format_date, format_datetime

from bot.db.models import Reminder, ReminderKind, as_utc
from bot.i18n import N_
from bot.ui.callbacks import (
    Certificate,
    CheckIn,
    Go,
    GoAct,
    Hired,
    ReminderStop,
    ReminderToggle,
    YesNo,
)

KIND_NAMES = {
    ReminderKind.SCAN: N_("Unfinished scan"),
    ReminderKind.ROADMAP: N_("Check-ins on the road to the next step"),
    ReminderKind.TREDE: N_("Official scan, yearly re-scan, certificate"),
}
SHOWN_PLANNED = 8
STOP_LABEL = N_("🔕 Stop these reminders")


def overview(
    planned: list[Reminder], enabled: dict[ReminderKind, bool], *, tz: ZoneInfo, locale: str
) -> tuple[str, InlineKeyboardMarkup]:
    lines = ["<b>" + _("Your reminders") + "</b>", ""]
    if planned:
        lines.append(_("Planned:"))
        for reminder in planned[:SHOWN_PLANNED]:
            when = format_datetime(as_utc(reminder.due_at), "d MMM yyyy", tzinfo=tz, locale=locale)
            name = _(KIND_NAMES[ReminderKind(reminder.kind)])
            lines.append("• " + when + ": " + html.escape(name))
        if len(planned) > SHOWN_PLANNED:
            lines.append(_("… and {n} more").format(n=len(planned) - SHOWN_PLANNED))
    else:
        lines.append(_("Nothing is planned."))
    lines += [
        "",
        _("I only send them on weekdays during office hours. Tap a kind to switch it on or off."),
    ]
    builder = InlineKeyboardBuilder()
    for kind, name in KIND_NAMES.items():
        on = enabled[kind]
        builder.button(
            text=("✅ " if on else "⬜ ") + _(name),
            callback_data=ReminderToggle(kind=kind, on=not on),
        )
    builder.adjust(1)
    return "\n".join(lines), builder.as_markup()


def stop_button(builder: InlineKeyboardBuilder, kind: ReminderKind) -> None:
    builder.button(text=_(STOP_LABEL), callback_data=ReminderStop(kind=kind))


def nudge_keyboard() -> InlineKeyboardMarkup:
    """Under a reminder of an unfinished scan."""
    builder = InlineKeyboardBuilder()
    builder.button(text=_("▶️ Continue"), callback_data=Go(act=GoAct.CONTINUE))
    stop_button(builder, ReminderKind.SCAN)
    builder.adjust(1)
    return builder.as_markup()


def check_in_keyboard(reminder_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("✅ Yes"), callback_data=CheckIn(reminder=reminder_id, answer=YesNo.YES))
    builder.button(
        text=_("⏳ Not yet"), callback_data=CheckIn(reminder=reminder_id, answer=YesNo.NO)
    )
    builder.button(text=_("🔄 New scan"), callback_data=Go(act=GoAct.START))
    stop_button(builder, ReminderKind.ROADMAP)
    builder.adjust(2, 1, 1)
    return builder.as_markup()


def trede_keyboard(
    *, new_scan: bool, certified: bool, not_yet: int | None = None
) -> InlineKeyboardMarkup:
    """Under the official-scan, re-scan and expiry reminders. `not_yet`: the reminder whose
    "not yet" answer is asked."""
    builder = InlineKeyboardBuilder()
    if new_scan:
        builder.button(text=_("🔄 New scan"), callback_data=Go(act=GoAct.START))
    if certified:
        builder.button(text=_("✅ I am certified"), callback_data=Certificate())
    if not_yet is not None:
        builder.button(
            text=_("⏳ Not yet"), callback_data=CheckIn(reminder=not_yet, answer=YesNo.NO)
        )
    stop_button(builder, ReminderKind.TREDE)
    builder.adjust(1)
    return builder.as_markup()


def after_check_in_keyboard(hired_result: int | None = None) -> InlineKeyboardMarkup:
    """`hired_result`: the latest result, when the answer said someone may have been hired."""
    builder = InlineKeyboardBuilder()
    if hired_result is not None:
        builder.button(
            text=_("👤 I hired someone: add them"),
            callback_data=Hired(result=hired_result),
        )
    builder.button(text=_("🔄 New scan"), callback_data=Go(act=GoAct.START))
    builder.adjust(1)
    return builder.as_markup()


def check_in_answered(answer: YesNo) -> str:
    if answer == YesNo.YES:
        return _("Well done, noted! A new scan shows how far that brings you.")
    return _("Noted. Step by step: your plan (/result, then the PDF) says what comes next.")


def opted_in(kinds: list[str]) -> tuple[str, InlineKeyboardMarkup | None]:
    lines = []
    if ReminderKind.ROADMAP in kinds:
        lines.append(
            _(
                "I will check in after about 1, 3, 6, 12 and 18 months with one short question, "
                "until you reach the next step."
            )
        )
    if ReminderKind.TREDE in kinds:
        lines.append(
            _(
                "In a month I'll remind you of the official scan at MijnPSO, and every year of "
                "a re-scan. Certified already? Tell me when it expires and I'll remind you in "
                "time."
            )
        )
    lines.append(_("Only on weekdays during office hours. /reminders shows what is planned."))
    keyboard = None
    if ReminderKind.TREDE in kinds:
        builder = InlineKeyboardBuilder()
        builder.button(text=_("✅ I am certified"), callback_data=Certificate())
        keyboard = builder.as_markup()
    return "\n\n".join(lines), keyboard


def year_question(this_year: int) -> tuple[str, InlineKeyboardMarkup]:
    builder = InlineKeyboardBuilder()
    for year in range(this_year, this_year + 4):
        builder.button(text=str(year), callback_data=Certificate(year=year))
    builder.adjust(4)
    return _("Good to hear! In which year does your PSO certificate expire?"), builder.as_markup()


def month_question(year: int, now: datetime, locale: str) -> tuple[str, InlineKeyboardMarkup]:
    builder = InlineKeyboardBuilder()
    for month in range(1, 13):
        label = format_date(now.replace(month=month, day=1), "MMM", locale=locale)
        builder.button(text=label, callback_data=Certificate(year=year, month=month))
    builder.adjust(4)
    return _("And in which month of {year}?").format(year=year), builder.as_markup()


def expiry_noted(year: int, month: int, due: datetime, *, tz: ZoneInfo, locale: str) -> str:
    when = format_date(due.astimezone(tz), "MMMM yyyy", locale=locale)
    return _("Noted: your certificate expires in {month}. I will remind you in {when}.").format(
        month=f"{month:02d}-{year}", when=when
    )


def button_gone() -> str:
    return _("That button does not work any more.")
