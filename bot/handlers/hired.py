""" "I hired this person": the questions, typed hours and month, and the new result."""

from __future__ import annotations

import datetime as dt

from aiogram import Bot, Router
from aiogram.types import CallbackQuery, Message

from bot.config import Settings
from bot.db import Session
from bot.db.models import Conversation, User
from bot.handlers import show
from bot.handlers.filters import InConversation, TypedText
from bot.runtime.clock import as_clock
from bot.services import hired, what_if
from bot.telegram.errors import quietly
from bot.ui import hired as hired_ui
from bot.ui import result as result_ui
from bot.ui.callbacks import Hired, HiredAct


def _today(clock: object, settings: Settings) -> dt.date:
    return as_clock(clock).now().astimezone(settings.tz).date()


async def hired_button(
    query: CallbackQuery,
    callback_data: Hired,
    session: Session,
    account: User,
    locale: str,
    bot: Bot,
    settings: Settings,
    clock: object,
) -> None:
    result_id, act, val = callback_data.result, callback_data.act, callback_data.val
    today = _today(clock, settings)
    outcome: hired.Outcome | None
    if act == HiredAct.START:
        outcome = await hired.start(session, account, result_id)
    elif act == HiredAct.GROUP:
        outcome = await hired.choose_group(session, account, result_id, val)
    elif act == HiredAct.CONTRACT:
        outcome = await hired.choose_contract(session, account, result_id, val)
    elif act == HiredAct.MONTH:
        outcome = await hired.choose_month(session, account, result_id, val, today=today)
    elif act == HiredAct.SAVE:
        outcome = await hired.save(session, account, result_id, today=today)
    elif act == HiredAct.BACK:
        outcome = await hired.back(session, account, result_id)
    else:
        outcome = await hired.stop(session, account, result_id)
    if outcome is None:
        await quietly(query.answer(result_ui.passed()))
        return
    await quietly(query.answer())
    await _show(bot, query.from_user.id, outcome, locale, today)
    # The next message is out: only now do the tapped message's buttons go.
    if act != HiredAct.START and isinstance(query.message, Message):
        await quietly(query.message.edit_reply_markup(reply_markup=None))


async def _show(
    bot: Bot, chat_id: int, outcome: hired.Outcome, locale: str, today: dt.date
) -> None:
    if isinstance(outcome, hired.Ended):
        await bot.send_message(chat_id, hired_ui.stopped())
        return
    if isinstance(outcome, hired.Recorded):
        text = hired_ui.recorded(outcome.people_count, outcome.total_fte, locale)
        await bot.send_message(chat_id, text)
        await show.result(bot, chat_id, outcome.shown, locale=locale)
        return
    result_id = outcome.result.id or 0
    notice = result_ui.problem_text(outcome.problem, locale) + "\n\n" if outcome.problem else ""
    step = outcome.step
    if step == hired.Step.GROUP:
        text, keyboard = hired_ui.group_question(), hired_ui.group_keyboard(result_id)
    elif step == hired.Step.HOURS:
        text, keyboard = hired_ui.hours_question(), hired_ui.nav_keyboard(result_id)
    elif step == hired.Step.CONTRACT:
        text = hired_ui.contract_question()
        keyboard = hired_ui.contract_keyboard(result_id, what_if.contract_options(outcome.group))
    elif step == hired.Step.MONTH:
        text = hired_ui.month_question()
        keyboard = hired_ui.month_keyboard(result_id, today, locale)
    else:
        text = hired_ui.confirm_question(outcome.state.draft, locale)
        keyboard = hired_ui.confirm_keyboard(result_id)
    await bot.send_message(chat_id, notice + text, reply_markup=keyboard)


async def hired_typed(
    message: Message,
    session: Session,
    account: User,
    locale: str,
    bot: Bot,
    settings: Settings,
    clock: object,
) -> None:
    """Typed text while recording a hire: the hours or the start month, or a re-ask."""
    today = _today(clock, settings)
    outcome = await hired.typed(session, account, message.text or "", today=today)
    if outcome is None:
        await message.answer(result_ui.passed())
        return
    await _show(bot, message.chat.id, outcome, locale, today)


def build_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(hired_button, Hired.filter())
    router.message.register(hired_typed, InConversation(Conversation.HIRED), TypedText())
    return router
