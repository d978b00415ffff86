"""/reminders, the buttons under reminder messages, and the opt-in on the result screen."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.config import Settings
from bot.db import Session
from bot.db.models import ReminderKind, User
from bot.runtime.clock import as_clock
from bot.services import hired
from bot.services.reminders import preferences
from bot.telegram.errors import quietly
from bot.ui import reminders as reminders_ui
from bot.ui.callbacks import (
    Certificate,
    CheckIn,
    FollowUp,
    ReminderStop,
    ReminderToggle,
    YesNo,
)


async def reminders_command(
    message: Message,
    session: Session,
    account: User,
    locale: str,
    settings: Settings,
    clock: object,
) -> None:
    found = await preferences.overview(session, account, now=as_clock(clock).now())
    enabled = {kind: found.enabled(kind) for kind in ReminderKind}
    text, keyboard = reminders_ui.overview(found.planned, enabled, tz=settings.tz, locale=locale)
    await message.answer(text, reply_markup=keyboard)


async def toggle(
    query: CallbackQuery,
    callback_data: ReminderToggle,
    session: Session,
    account: User,
    locale: str,
    settings: Settings,
    clock: object,
) -> None:
    now = as_clock(clock).now()
    on = callback_data.on
    if not await preferences.switch(session, account, kind=callback_data.kind, on=on, now=now):
        await quietly(
            query.answer(
                _("These start from a result: finish a scan and tap 🔔 on the result."),
                show_alert=True,
            )
        )
        return
    await quietly(query.answer(_("Switched on.") if on else _("Switched off.")))
    found = await preferences.overview(session, account, now=now)
    enabled = {kind: found.enabled(kind) for kind in ReminderKind}
    text, keyboard = reminders_ui.overview(found.planned, enabled, tz=settings.tz, locale=locale)
    if isinstance(query.message, Message):
        await quietly(query.message.edit_text(text, reply_markup=keyboard))


async def stop_kind(
    query: CallbackQuery,
    callback_data: ReminderStop,
    session: Session,
    account: User,
    clock: object,
) -> None:
    now = as_clock(clock).now()
    await preferences.switch(session, account, kind=callback_data.kind, on=False, now=now)
    await quietly(query.answer())
    if isinstance(query.message, Message):
        await quietly(query.message.edit_reply_markup(reply_markup=None))
        await query.message.answer(
            _("Done: no more of these reminders. /reminders switches them back on.")
        )


async def check_in_answer(
    query: CallbackQuery,
    callback_data: CheckIn,
    session: Session,
    account: User,
    clock: object,
) -> None:
    answered = await preferences.answer_check_in(
        session,
        account,
        reminder_id=callback_data.reminder,
        answer=callback_data.answer.value,
        now=as_clock(clock).now(),
    )
    if not answered:
        await quietly(query.answer(reminders_ui.button_gone()))
        return
    await quietly(query.answer())
    if not isinstance(query.message, Message):
        return
    hired_result = (
        await hired.offer_after_check_in(session, account, callback_data.reminder)
        if callback_data.answer == YesNo.YES
        else None
    )
    keyboard = reminders_ui.after_check_in_keyboard(hired_result)
    await quietly(query.message.edit_reply_markup(reply_markup=keyboard))
    await query.message.answer(reminders_ui.check_in_answered(callback_data.answer))


async def opt_in(
    query: CallbackQuery,
    callback_data: FollowUp,
    session: Session,
    account: User,
    clock: object,
) -> None:
    kinds = await preferences.opt_in(
        session, account, result_id=callback_data.result, now=as_clock(clock).now()
    )
    if kinds is None:
        await quietly(query.answer(_("This result is no longer available.")))
        return
    await quietly(query.answer(_("Switched on.")))
    text, keyboard = reminders_ui.opted_in(kinds)
    if isinstance(query.message, Message):
        await query.message.answer(text, reply_markup=keyboard)


async def certificate(
    query: CallbackQuery,
    callback_data: Certificate,
    session: Session,
    account: User,
    locale: str,
    settings: Settings,
    clock: object,
    bot: Bot,
) -> None:
    """The certificate's expiry, asked year first, then month."""
    now = as_clock(clock).now().astimezone(settings.tz)
    year, month = callback_data.year, callback_data.month
    if year == 0:
        await quietly(query.answer())
        text, keyboard = reminders_ui.year_question(now.year)
        await bot.send_message(query.from_user.id, text, reply_markup=keyboard)
        return
    if not now.year <= year <= now.year + 4:
        await quietly(query.answer(reminders_ui.button_gone()))
        return
    if month == 0:
        await quietly(query.answer())
        text, keyboard = reminders_ui.month_question(year, now, locale)
        if isinstance(query.message, Message):
            await quietly(query.message.edit_text(text, reply_markup=keyboard))
        return
    if (year, month) < (now.year, now.month):
        await quietly(query.answer(_("That month has passed. Please pick a later one.")))
        return
    due = await preferences.set_certificate(
        session, account, expires=f"{year:04d}-{month:02d}", now=as_clock(clock).now()
    )
    await quietly(query.answer())
    text = reminders_ui.expiry_noted(year, month, due, tz=settings.tz, locale=locale)
    if isinstance(query.message, Message):
        await quietly(query.message.edit_text(text, reply_markup=None))


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(reminders_command, Command("reminders", "herinneringen"))
    router.callback_query.register(toggle, ReminderToggle.filter())
    router.callback_query.register(stop_kind, ReminderStop.filter())
    router.callback_query.register(check_in_answer, CheckIn.filter())
    router.callback_query.register(opt_in, FollowUp.filter())
    router.callback_query.register(certificate, Certificate.filter())
    return router
