"""/reminders, the buttons on reminder messages, and the opt-in on the result screen.

Callback data (all well under 64 bytes): rm:off:<kind> stop a kind, rm:t:<kind>:<1|0> toggle in
/reminders, rm:a:<reminder id>:<yes|no> a check-in's answer, rm:opt:<result id> opt in,
rm:cert / rm:cy:<year> / rm:cm:<year>:<month> the certificate's expiry month.
"""

from __future__ import annotations

import html
import logging

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from babel.dates import format_date, format_datetime
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config import Settings
from bot.db.models import Reminder, ReminderKind, ReminderState, Result, User, as_utc
from bot.i18n import N_
from bot.services.reminders import events, store
from bot.services.reminders.clock import Clock, as_clock
from bot.telegram.errors import quietly

router = Router(name=__name__)
log = logging.getLogger(__name__)

KIND_NAMES = {
    ReminderKind.INVENTORY: N_("Unfinished scan"),
    ReminderKind.ROADMAP: N_("Check-ins on the road to the next step"),
    ReminderKind.TREDE: N_("Official scan, yearly re-scan, certificate"),
}
SHOWN_PLANNED = 8


async def overview(
    session: AsyncSession, *, user_id: int, locale: str, settings: Settings, clock: Clock
) -> tuple[str, InlineKeyboardMarkup]:
    found = await store.prefs(session, user_id=user_id, now=as_clock(clock).now())
    planned = await store.pending(session, user_id=user_id)
    lines = ["<b>" + _("Your reminders") + "</b>", ""]
    if planned:
        lines.append(_("Planned:"))
        for reminder in planned[:SHOWN_PLANNED]:
            when = format_datetime(
                as_utc(reminder.due_at), "d MMM yyyy", tzinfo=settings.tz, locale=locale
            )
            lines.append("• " + when + ": " + html.escape(_(KIND_NAMES[reminder.kind])))
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
        on = store.kind_enabled(found, kind)
        builder.button(
            text=("✅ " if on else "⬜ ") + _(name),
            callback_data=f"rm:t:{kind}:{0 if on else 1}",
        )
    builder.adjust(1)
    return "\n".join(lines), builder.as_markup()


@router.message(Command("reminders", "herinneringen"))
async def reminders_command(
    message: Message,
    session: AsyncSession,
    account: User,
    locale: str,
    settings: Settings,
    clock: object,
) -> None:
    text, keyboard = await overview(
        session, user_id=account.id, locale=locale, settings=settings, clock=as_clock(clock)
    )
    await session.commit()
    await message.answer(text, reply_markup=keyboard)


def _kind(value: str) -> str | None:
    return value if value in KIND_NAMES else None


@router.callback_query(F.data.startswith("rm:t:"))
async def toggle(
    query: CallbackQuery,
    session: AsyncSession,
    account: User,
    locale: str,
    settings: Settings,
    clock: object,
) -> None:
    parts = (query.data or "").split(":")
    kind = _kind(parts[2]) if len(parts) == 4 else None
    if kind is None:
        await quietly(query.answer(_("That button does not work any more.")))
        return
    on = parts[3] == "1"
    if not await events.switch(
        session, user_id=account.id, kind=kind, on=on, now=as_clock(clock).now()
    ):
        await quietly(
            query.answer(
                _("These start from a result: finish a scan and tap 🔔 on the result."),
                show_alert=True,
            )
        )
        return
    await session.commit()
    await quietly(query.answer(_("Switched on.") if on else _("Switched off.")))
    text, keyboard = await overview(
        session, user_id=account.id, locale=locale, settings=settings, clock=as_clock(clock)
    )
    if isinstance(query.message, Message):
        await quietly(query.message.edit_text(text, reply_markup=keyboard))


@router.callback_query(F.data.startswith("rm:off:"))
async def stop_kind(
    query: CallbackQuery, session: AsyncSession, account: User, clock: object
) -> None:
    kind = _kind((query.data or "").removeprefix("rm:off:"))
    if kind is None:
        await quietly(query.answer(_("That button does not work any more.")))
        return
    await events.switch(session, user_id=account.id, kind=kind, on=False, now=as_clock(clock).now())
    await session.commit()
    await quietly(query.answer())
    if isinstance(query.message, Message):
        await quietly(query.message.edit_reply_markup(reply_markup=None))
        await query.message.answer(
            _("Done: no more of these reminders. /reminders switches them back on.")
        )


@router.callback_query(F.data.startswith("rm:a:"))
async def check_in_answer(
    query: CallbackQuery, session: AsyncSession, account: User, clock: object
) -> None:
    parts = (query.data or "").split(":")
    reminder = None
    if len(parts) == 4 and parts[2].isdigit() and parts[3] in ("yes", "no"):
        reminder = await session.get(Reminder, int(parts[2]))
    if reminder is None or reminder.user_id != account.id or reminder.state != ReminderState.SENT:
        await quietly(query.answer(_("That button does not work any more.")))
        return
    reminder.answer, reminder.answered_at = parts[3], as_clock(clock).now()
    session.add(reminder)
    await session.commit()
    await quietly(query.answer())
    if not isinstance(query.message, Message):
        return
    builder = InlineKeyboardBuilder()
    builder.button(text=_("🔄 New scan"), callback_data="go:start")
    await quietly(query.message.edit_reply_markup(reply_markup=builder.as_markup()))
    if parts[3] == "yes":
        text = _("Well done, noted! A new scan shows how far that brings you.")
    else:
        text = _("Noted. Step by step: your plan (/result, then the PDF) says what comes next.")
    await query.message.answer(text)


@router.callback_query(F.data.startswith("rm:opt:"))
async def opt_in(query: CallbackQuery, session: AsyncSession, account: User, clock: object) -> None:
    raw = (query.data or "").removeprefix("rm:opt:")
    result = await session.get(Result, int(raw)) if raw.isdigit() else None
    if result is None or result.user_id != account.id:
        await quietly(query.answer(_("This result is no longer available.")))
        return
    kinds = await events.opt_in_follow_up(
        session, user_id=account.id, level=result.level, now=as_clock(clock).now()
    )
    await session.commit()
    await quietly(query.answer(_("Switched on.")))
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
                "In a month I remind you of the official scan at MijnPSO, and every year of a "
                "re-scan. Certified already? Tell me when it expires and I remind you in time."
            )
        )
    lines.append(_("Only on weekdays during office hours. /reminders shows what is planned."))
    keyboard = None
    if ReminderKind.TREDE in kinds:
        builder = InlineKeyboardBuilder()
        builder.button(text=_("✅ I am certified"), callback_data="rm:cert")
        keyboard = builder.as_markup()
    if isinstance(query.message, Message):
        await query.message.answer("\n\n".join(lines), reply_markup=keyboard)


# --- the certificate's expiry month -----------------------------------------------------------
@router.callback_query(F.data == "rm:cert")
async def ask_year(query: CallbackQuery, clock: object, bot: Bot) -> None:
    await quietly(query.answer())
    this_year = as_clock(clock).now().year
    builder = InlineKeyboardBuilder()
    for year in range(this_year, this_year + 4):
        builder.button(text=str(year), callback_data=f"rm:cy:{year}")
    builder.adjust(4)
    await bot.send_message(
        query.from_user.id,
        _("Good to hear! In which year does your PSO certificate expire?"),
        reply_markup=builder.as_markup(),
    )


@router.callback_query(F.data.startswith("rm:cy:"))
async def ask_month(query: CallbackQuery, locale: str, clock: object) -> None:
    raw = (query.data or "").removeprefix("rm:cy:")
    this_year = as_clock(clock).now().year
    if not raw.isdigit() or not this_year <= int(raw) <= this_year + 4:
        await quietly(query.answer(_("That button does not work any more.")))
        return
    await quietly(query.answer())
    builder = InlineKeyboardBuilder()
    for month in range(1, 13):
        label = format_date(as_clock(clock).now().replace(month=month, day=1), "MMM", locale=locale)
        builder.button(text=label, callback_data=f"rm:cm:{raw}:{month:02d}")
    builder.adjust(4)
    if isinstance(query.message, Message):
        await quietly(
            query.message.edit_text(
                _("And in which month of {year}?").format(year=raw),
                reply_markup=builder.as_markup(),
            )
        )


@router.callback_query(F.data.startswith("rm:cm:"))
async def store_expiry(
    query: CallbackQuery,
    session: AsyncSession,
    account: User,
    locale: str,
    settings: Settings,
    clock: object,
) -> None:
    parts = (query.data or "").split(":")
    valid = (
        len(parts) == 4 and parts[2].isdigit() and parts[3].isdigit() and 1 <= int(parts[3]) <= 12
    )
    if not valid:
        await quietly(query.answer(_("That button does not work any more.")))
        return
    now = as_clock(clock).now().astimezone(settings.tz)
    if (int(parts[2]), int(parts[3])) < (now.year, now.month):
        await quietly(query.answer(_("That month has passed. Please pick a later one.")))
        return
    expires = f"{int(parts[2]):04d}-{int(parts[3]):02d}"
    due = await events.set_certificate(
        session, user_id=account.id, expires=expires, now=as_clock(clock).now()
    )
    await session.commit()
    await quietly(query.answer())
    when = format_date(due.astimezone(settings.tz), "MMMM yyyy", locale=locale)
    text = _("Noted: your certificate expires in {month}. I will remind you in {when}.").format(
        month=f"{parts[3]}-{parts[2]}", when=when
    )
    if isinstance(query.message, Message):
        await quietly(query.message.edit_text(text, reply_markup=None))
