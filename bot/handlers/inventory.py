"""The guided inventory: start or continue, answers by button or typed text, restart, finish.

Each handler parses the update, calls the scan service (one short transaction) and shows
where the scan stands now (bot/handlers/show.py).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from datetime import timedelta
from typing import Any

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.db import Session
from bot.db.models import Conversation, User, as_utc, utcnow
from bot.handlers import show
from bot.handlers.filters import InConversation, NotText, TypedText
from bot.i18n import N_
from bot.services import results as results_service
from bot.services import scan as scan_service
from bot.services.results import NotFinished
from bot.services.scan import FLOW, Moved, Refused, Scan, Stale, Unseen
from bot.telegram.errors import quietly
from bot.ui import start as start_ui
from bot.ui.callbacks import Ans, AnsAct, Go, GoAct, Restart, YesNo
from bot.ui.prompt import (
    answered_html,
    answered_text,
    display_text,
    option_for_typed_label,
    pressed_label,
    prompt_keyboard,
    prompt_text,
    question_html,
    strip_tags,
    tr,
)
from bot.ui.review import edit_menu_keyboard, review_keyboard
from dialogs.engine import Accepted, FlowState, Outcome, Problem, Rejected, StepKind

log = logging.getLogger(__name__)

# A stale tap this soon after the question moved on is a double tap: a short notice is enough.
DOUBLE_TAP_WINDOW = timedelta(seconds=5)
BUTTON_DOES_NOT_FIT = N_("That button does not fit this question.")
NO_SCAN_HINT = N_("Tap /start to begin the scan, or /help for what I can do.")


# --- starting, continuing, restarting ---------------------------------------------------------
async def begin_or_resume(
    bot: Bot, chat_id: int, session: Session, account: User, locale: str
) -> None:
    scan, started = await scan_service.begin_or_resume(session, account)
    if started:
        await bot.send_message(chat_id, start_ui.first_question_intro())
    await show.scan_prompt(bot, chat_id, session=session, scan=scan, locale=locale)


async def continue_command(
    message: Message, session: Session, account: User, locale: str, bot: Bot
) -> None:
    await begin_or_resume(bot, message.chat.id, session, account, locale)


async def go_button(
    query: CallbackQuery, session: Session, account: User, locale: str, bot: Bot
) -> None:
    await quietly(query.answer())
    await begin_or_resume(bot, query.from_user.id, session, account, locale)


async def restart_command(message: Message) -> None:
    await message.answer(start_ui.restart_question(), reply_markup=start_ui.restart_keyboard())


async def ask_restart(query: CallbackQuery, bot: Bot) -> None:
    await quietly(query.answer())
    await bot.send_message(
        query.from_user.id, start_ui.restart_question(), reply_markup=start_ui.restart_keyboard()
    )


async def restart_answer(
    query: CallbackQuery,
    callback_data: Restart,
    session: Session,
    account: User,
    locale: str,
    bot: Bot,
) -> None:
    await quietly(query.answer())
    if isinstance(query.message, Message):
        await quietly(query.message.edit_reply_markup(reply_markup=None))
    chat_id = query.from_user.id
    if callback_data.answer == YesNo.YES:
        scan = await scan_service.current(session, account)
        if scan is not None and scan.intake.prompt_message_id:
            await quietly(
                bot.edit_message_reply_markup(
                    chat_id=chat_id, message_id=scan.intake.prompt_message_id
                )
            )
        await scan_service.set_aside(session, account)
        await begin_or_resume(bot, chat_id, session, account, locale)
    elif await scan_service.current(session, account) is not None:
        await begin_or_resume(bot, chat_id, session, account, locale)
    else:
        await bot.send_message(chat_id, _("Fine, nothing changed."))


# --- answers by button ------------------------------------------------------------------------
def _decision(data: Ans) -> scan_service.Decide:
    """What a tapped inventory button asks of the dialog engine."""
    if data.act == AnsAct.CHOOSE:
        return lambda state: FLOW.choose(state, data.val)
    if data.act == AnsAct.SKIP:
        return FLOW.skip
    if data.act == AnsAct.UNKNOWN:
        return FLOW.unknown
    if data.act == AnsAct.BACK:
        return lambda state: Accepted(FLOW.back(state))

    def edit(state: FlowState) -> Outcome:
        try:
            return Accepted(FLOW.edit(state, data.val))
        except (KeyError, ValueError):
            return Rejected(Problem(BUTTON_DOES_NOT_FIT))

    return edit


async def button(
    query: CallbackQuery,
    callback_data: Ans,
    session: Session,
    account: User,
    locale: str,
    bot: Bot,
) -> None:
    act = callback_data.act
    if act == AnsAct.RESULT:
        await finish(query, callback_data, session, account, locale, bot)
        return
    if act in (AnsAct.HELP, AnsAct.EDIT_MENU, AnsAct.OVERVIEW):
        await redraw(query, callback_data, session, account, locale, bot)
        return
    outcome = await scan_service.step(
        session, account, _decision(callback_data), revision=callback_data.rev
    )
    if isinstance(outcome, Stale | Unseen):  # a tap carries its revision: never Unseen
        await stale_button(query, bot, session=session, scan=outcome.scan, locale=locale)
        return
    if isinstance(outcome, Refused):
        problem = tr(outcome.problem.msgid, outcome.problem.params, locale)
        await quietly(query.answer(strip_tags(problem)[:200], show_alert=True))
        return
    # Stored: now the tap's answer, the tapped message and the next question all at once, one
    # wait for Telegram instead of three.
    calls: list[Awaitable[Any]] = [quietly(query.answer())]
    message = query.message if isinstance(query.message, Message) else None
    if message is not None:
        answered = outcome.answered
        if answered.kind != StepKind.REVIEW and act != AnsAct.BACK:
            # The passed question stays readable in the chat, with the answer, without buttons.
            label = pressed_label(answered, callback_data, locale)
            text = answered_text(question_html(answered, locale), label)
            calls.append(quietly(message.edit_text(text)))
        else:
            calls.append(quietly(message.edit_reply_markup(reply_markup=None)))
    calls.append(
        show.scan_prompt(
            bot,
            query.from_user.id,
            session=session,
            scan=outcome.scan,
            locale=locale,
            clear_previous=False,
        )
    )
    await asyncio.gather(*calls)


async def redraw(
    query: CallbackQuery, data: Ans, session: Session, account: User, locale: str, bot: Bot
) -> None:
    """Buttons that only change what the current message shows: help, the review's menus."""
    scan = await scan_service.current(session, account)
    if scan is None or scan.revision != data.rev:
        await stale_button(query, bot, session=session, scan=scan, locale=locale)
        return
    await quietly(query.answer())
    message = query.message if isinstance(query.message, Message) else None
    if message is None:
        return
    prompt = scan.prompt
    if data.act == AnsAct.HELP:
        await quietly(
            message.edit_text(
                prompt_text(prompt, locale, show_help=True),
                reply_markup=prompt_keyboard(prompt, scan.revision, locale, show_help=True),
            )
        )
    elif prompt.kind == StepKind.REVIEW:
        menu = edit_menu_keyboard if data.act == AnsAct.EDIT_MENU else review_keyboard
        keyboard = menu(FLOW, scan.state, scan.revision)
        await quietly(message.edit_reply_markup(reply_markup=keyboard))


async def stale_button(
    query: CallbackQuery, bot: Bot, *, session: Session, scan: Scan | None, locale: str
) -> None:
    """An old or doubled tap: say so politely and, unless it was a double tap, show the question."""
    if scan is None:
        await quietly(query.answer(_("That question has passed. Type /start to go on.")))
        return
    await quietly(query.answer(_("That question has passed; here is the current one.")))
    recent = utcnow() - as_utc(scan.intake.updated_at) < DOUBLE_TAP_WINDOW
    if recent and scan.intake.prompt_message_id:
        return
    await show.scan_prompt(bot, query.from_user.id, session=session, scan=scan, locale=locale)


async def finish(
    query: CallbackQuery,
    data: Ans,
    session: Session,
    account: User,
    locale: str,
    bot: Bot,
) -> None:
    outcome = await results_service.finish_scan(session, account, revision=data.rev)
    if isinstance(outcome, NotFinished):
        if outcome.reason == "incomplete":
            await quietly(query.answer(_("Some answers are still missing."), show_alert=True))
        elif outcome.reason == "invalid":
            problem = _("Some answers do not fit together. Please check them.")
            await quietly(query.answer(problem, show_alert=True))
        else:
            scan = await scan_service.current(session, account)
            await stale_button(query, bot, session=session, scan=scan, locale=locale)
        return
    acknowledge = [quietly(query.answer())]
    if isinstance(query.message, Message):
        acknowledge.append(quietly(query.message.edit_reply_markup(reply_markup=None)))
    await asyncio.gather(*acknowledge, show.result(bot, query.from_user.id, outcome, locale=locale))


# --- answers by text --------------------------------------------------------------------------
async def typed_answer(
    message: Message, session: Session, account: User, locale: str, bot: Bot
) -> None:
    text = message.text or ""

    def decide(state: FlowState) -> Outcome:
        chosen = option_for_typed_label(FLOW.prompt(state), text, locale)
        return FLOW.choose(state, chosen) if chosen else FLOW.type(state, text)

    outcome = await scan_service.step(session, account, decide, typed_message_id=message.message_id)
    chat_id = message.chat.id
    if isinstance(outcome, Moved):
        await show.scan_prompt(
            bot,
            chat_id,
            session=session,
            scan=outcome.scan,
            locale=locale,
            answered=_taken_as(outcome, locale),
        )
    elif isinstance(outcome, Refused):
        notice = tr(outcome.problem.msgid, outcome.problem.params, locale)
        await show.scan_prompt(
            bot, chat_id, session=session, scan=outcome.scan, locale=locale, notice=notice
        )
    elif isinstance(outcome, Unseen):
        # The question never reached them: what they typed answers something else ("hallo?").
        notice = _("Sorry, my last message did not arrive. Here is the current question.")
        await show.scan_prompt(
            bot, chat_id, session=session, scan=outcome.scan, locale=locale, notice=notice
        )
    elif outcome.scan is None:  # the scan ended meanwhile (another device, a reminder)
        await bot.send_message(chat_id, _(NO_SCAN_HINT))
    else:
        # Typed before the current question was shown (a tap and a text at once, two devices):
        # it answered an earlier question, so it is not stored as this one's answer.
        notice = _("That message was meant for an earlier question. Here is the current one.")
        await show.scan_prompt(
            bot, chat_id, session=session, scan=outcome.scan, locale=locale, notice=notice
        )


def _taken_as(moved: Moved, locale: str) -> str | None:
    """The answered question with what a typed answer was stored as ("Vriezenveen":
    ✅ Twenterand, "ongeveer negen": ✅ 9 people), as a tapped answer shows its button; None
    while a sense check still asks whether it is right."""
    if moved.scan.prompt.doubt or moved.answered.kind == StepKind.REVIEW:
        return None
    stored = FLOW.answer_at(moved.scan.state, moved.answered.position)
    if stored is None:
        return None
    return answered_html(question_html(moved.answered, locale), display_text(stored, locale))


async def other_content(
    message: Message, session: Session, account: User, locale: str, bot: Bot
) -> None:
    """Stickers, photos, voice... during the scan: the question again, with a short hint."""
    scan = await scan_service.current(session, account)
    if scan is None:
        await bot.send_message(message.chat.id, _(NO_SCAN_HINT))
        return
    notice = (
        _("I can only read text and button taps. Please type your answer or tap a button.")
        if scan.prompt.allow_text
        else _("I can only read text and button taps. Please tap a button below.")
    )
    await show.scan_prompt(
        bot, message.chat.id, session=session, scan=scan, locale=locale, notice=notice
    )


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(continue_command, Command("continue", "verder"))
    router.message.register(restart_command, Command("restart", "opnieuw"))
    router.callback_query.register(go_button, Go.filter(F.act.in_({GoAct.START, GoAct.CONTINUE})))
    router.callback_query.register(ask_restart, Go.filter(F.act == GoAct.RESTART))
    router.callback_query.register(restart_answer, Restart.filter())
    router.callback_query.register(button, Ans.filter())
    in_scan = InConversation(Conversation.INVENTORY)
    router.message.register(typed_answer, in_scan, TypedText())
    router.message.register(other_content, in_scan, NotText())
    return router
