"""The guided inventory: render the engine's current step, feed answers back, store every answer.

The database is the state: answers are written the moment they are given and the session's
position is a column, so a restart, a second process or another device continues exactly here.
"""

from __future__ import annotations

import asyncio
import html
import logging
import re
from datetime import timedelta
from typing import Any

from aiogram import Bot, F, Router
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.enums import ChatType
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db import repo
from bot.db.models import IntakeSession, SessionStatus, User, as_utc, utcnow
from bot.i18n import get_i18n
from bot.ladders_ahead import LADDERS_AHEAD, Drawn, Key
from bot.services.campaigns import store as campaign_store
from bot.services.reminders import events as reminder_events
from bot.telegram.errors import quietly
from bot.ui.prompt import (
    Ans,
    answered_text,
    prompt_keyboard,
    prompt_text,
    split_for_telegram,
    tr,
)
from bot.ui.review import edit_menu_keyboard, review_blocks, review_keyboard
from dialogs.engine import Accepted, FlowState, Prompt, StepKind
from dialogs.inventory import INVENTORY
from pso.assess import InvalidAnswers, answers_for_assessment, assess

router = Router(name=__name__)
router.message.filter(F.chat.type == ChatType.PRIVATE)
# Taps on the inventory's buttons are most of all updates; this router is asked first, so a
# tap does not walk past every other router's filters (their callback data never starts "i:").
buttons = Router(name=f"{__name__}.buttons")
log = logging.getLogger(__name__)

FLOW = INVENTORY
# A stale tap this soon after the question moved on is a double tap: a short notice is enough.
DOUBLE_TAP_WINDOW = timedelta(seconds=5)


# --- loading and showing ----------------------------------------------------------------------
def flow_state(intake: IntakeSession, answers: dict[str, Any]) -> FlowState:
    return FlowState(
        answers=answers, position=intake.position, return_to_review=intake.return_to_review
    )


async def load_state(session: AsyncSession, intake: IntakeSession) -> FlowState:
    return flow_state(intake, await repo.load_answers(session, intake_id=intake.id or 0))


async def load_current(
    session: AsyncSession, account: User
) -> tuple[IntakeSession | None, FlowState | None]:
    """The scan in progress and where it stands, in one query (the path of every answer)."""
    intake, answers = await repo.current_intake_and_answers(session, user_id=account.id)
    if intake is None:
        return None, None
    return intake, flow_state(intake, answers)


async def progress_words(session: AsyncSession, intake: IntakeSession) -> str:
    prompt = FLOW.prompt(await load_state(session, intake))
    if prompt.kind == StepKind.REVIEW:
        return _("the overview of your answers")
    number, total = prompt.progress
    return _("question {number} of {total}").format(number=number, total=total)


async def clear_old_buttons(bot: Bot, chat_id: int, intake: IntakeSession) -> None:
    if intake.prompt_message_id:
        await quietly(
            bot.edit_message_reply_markup(chat_id=chat_id, message_id=intake.prompt_message_id)
        )


async def show_prompt(
    bot: Bot,
    chat_id: int,
    *,
    session: AsyncSession,
    intake: IntakeSession,
    state: FlowState,
    locale: str,
    notice: str | None = None,
    clear_previous: bool = True,
) -> None:
    """Send the current step as a new message; the previous one loses its buttons."""
    prompt = FLOW.prompt(state)
    if prompt.kind == StepKind.REVIEW:
        sending = send_review(
            bot, chat_id, state=state, intake=intake, locale=locale, notice=notice
        )
    else:
        sending = send_question(bot, chat_id, prompt, intake=intake, locale=locale, notice=notice)
    if clear_previous and intake.prompt_message_id:
        # Both at once: one wait for Telegram instead of two.
        _, message_id = await asyncio.gather(clear_old_buttons(bot, chat_id, intake), sending)
    else:
        message_id = await sending
    if prompt.kind == StepKind.REVIEW:
        draw_result_ahead(intake, state, locale)
    await repo.set_prompt_message(session, intake=intake, message_id=message_id)


def draw_result_ahead(intake: IntakeSession, state: FlowState, locale: str) -> None:
    """Every answer is in: the result's ladder is drawn while the owner reads the review."""
    from bot.handlers import result

    key = Key(intake.id or 0, intake.revision, locale)
    if LADDERS_AHEAD.has(key) or not FLOW.is_complete(state):
        return
    try:
        assessment = assess(answers_for_assessment(FLOW.applicable_answers(state)))
    except InvalidAnswers:
        return  # the result tap says what does not fit
    LADDERS_AHEAD.keep(key, Drawn(assessment, result.draw_picture(assessment, locale)))


async def send_question(
    bot: Bot,
    chat_id: int,
    prompt: Prompt,
    *,
    intake: IntakeSession,
    locale: str,
    notice: str | None = None,
) -> int:
    sent = await bot.send_message(
        chat_id,
        prompt_text(prompt, locale, notice=notice),
        reply_markup=prompt_keyboard(prompt, intake.revision, locale),
    )
    return sent.message_id


async def send_review(
    bot: Bot,
    chat_id: int,
    *,
    state: FlowState,
    intake: IntakeSession,
    locale: str,
    notice: str | None = None,
) -> int:
    blocks = review_blocks(FLOW, state, locale)
    if notice:
        blocks.insert(0, "⚠️ " + notice)
    messages = split_for_telegram(blocks)
    message_id = None
    for index, text in enumerate(messages):
        last = index == len(messages) - 1
        sent = await bot.send_message(
            chat_id,
            text,
            reply_markup=review_keyboard(FLOW, state, intake.revision) if last else None,
        )
        message_id = sent.message_id
    assert message_id is not None
    return message_id


async def new_intake(session: AsyncSession, account: User) -> tuple[IntakeSession, FlowState]:
    # The campaign's municipality is offered as a one-tap answer.
    context = await campaign_store.inventory_context(session, user_id=account.id)
    state = FLOW.start(context)
    intake = await repo.start_intake(
        session, user_id=account.id, position=state.position, context=context
    )
    await repo.save_answers(session, intake_id=intake.id or 0, before={}, after=state.answers)
    await reminder_events.intake_started(
        session, user_id=account.id, intake_id=intake.id or 0, at=intake.started_at
    )
    await session.commit()
    return intake, state


async def begin_or_resume(
    event: CallbackQuery | Message, *, session: AsyncSession, account: User
) -> None:
    """Start a scan or show where it stands. A button's caller answers its callback query."""
    bot, chat_id = _bot_and_chat(event)
    locale = account.language or _locale_now()
    intake = await repo.current_intake(session, user_id=account.id)
    if intake is None:
        intake, state = await new_intake(session, account)
        await bot.send_message(
            chat_id,
            _(
                "Let's go. One question at a time; tap a button or type your answer. "
                "Behind ℹ️ you find what a term means. "
                "I never ask for names or personal details of your employees."
            ),
        )
    else:
        state = await load_state(session, intake)
    await show_prompt(bot, chat_id, session=session, intake=intake, state=state, locale=locale)


async def show_current_or_greeting(
    query: CallbackQuery, *, session: AsyncSession, account: User, locale: str
) -> None:
    """After a language switch: the current question again in the new language, or the start."""
    from bot.handlers.start import greeting_keyboard, greeting_text

    bot, chat_id = _bot_and_chat(query)
    intake = await repo.current_intake(session, user_id=account.id)
    if intake is None:
        await bot.send_message(chat_id, greeting_text(), reply_markup=greeting_keyboard(locale))
        return
    state = await load_state(session, intake)
    await show_prompt(bot, chat_id, session=session, intake=intake, state=state, locale=locale)


def _bot_and_chat(event: CallbackQuery | Message) -> tuple[Bot, int]:
    bot = event.bot
    assert bot is not None
    chat_id = event.from_user.id if event.from_user else 0
    if isinstance(event, Message):
        chat_id = event.chat.id
    return bot, chat_id


def _locale_now() -> str:
    return get_i18n().current_locale


# --- commands ---------------------------------------------------------------------------------
@router.message(Command("continue", "verder"))
async def continue_command(message: Message, session: AsyncSession, account: User) -> None:
    await begin_or_resume(message, session=session, account=account)


def restart_keyboard() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("Yes, start over"), callback_data="rs:yes")
    builder.button(text=_("No, keep my answers"), callback_data="rs:no")
    builder.adjust(1)
    return builder.as_markup()


@router.message(Command("restart", "opnieuw"))
async def restart_command(message: Message) -> None:
    await message.answer(
        _("Start the scan again from the beginning? Your current answers will be set aside."),
        reply_markup=restart_keyboard(),
    )


async def ask_restart(query: CallbackQuery, *, session: AsyncSession, account: User) -> None:
    await quietly(query.answer())
    bot, chat_id = _bot_and_chat(query)
    await bot.send_message(
        chat_id,
        _("Start the scan again from the beginning? Your current answers will be set aside."),
        reply_markup=restart_keyboard(),
    )


@router.callback_query(F.data.in_({"rs:yes", "rs:no"}))
async def restart_answer(query: CallbackQuery, session: AsyncSession, account: User) -> None:
    await quietly(query.answer())
    bot, chat_id = _bot_and_chat(query)
    if isinstance(query.message, Message):
        await quietly(query.message.edit_reply_markup(reply_markup=None))
    intake = await repo.current_intake(session, user_id=account.id)
    if query.data == "rs:yes":
        if intake is not None:
            await clear_old_buttons(bot, chat_id, intake)
            await repo.advance_intake(
                session,
                intake=intake,
                expected_revision=intake.revision,
                position=intake.position,
                return_to_review=False,
                status=SessionStatus.RESTARTED,
            )
            await reminder_events.intake_ended(session, user_id=account.id, reason="restarted")
            await session.commit()
        await begin_or_resume(query, session=session, account=account)
        return
    if intake is not None:
        await begin_or_resume(query, session=session, account=account)
    else:
        await bot.send_message(chat_id, _("Fine, nothing changed."))


# --- answers ----------------------------------------------------------------------------------
@buttons.callback_query(Ans.filter())
async def button(
    query: CallbackQuery, callback_data: Ans, session: AsyncSession, account: User, locale: str
) -> None:
    bot, chat_id = _bot_and_chat(query)
    intake, state = await load_current(session, account)
    if intake is None or state is None or callback_data.rev != intake.revision:
        await stale_button(query, session=session, intake=intake, locale=locale)
        return
    prompt = FLOW.prompt(state)
    message = query.message if isinstance(query.message, Message) else None

    if callback_data.act == "h":
        await quietly(query.answer())
        if message is not None:
            await quietly(
                message.edit_text(
                    prompt_text(prompt, locale, show_help=True),
                    reply_markup=prompt_keyboard(prompt, intake.revision, locale, show_help=True),
                )
            )
        return
    # On the review: "m" opens the menu of answers to change, "v" goes back from it.
    review_menus = {"m": edit_menu_keyboard, "v": review_keyboard}
    if callback_data.act in review_menus:
        await quietly(query.answer())
        if message is not None:
            keyboard = review_menus[callback_data.act](FLOW, state, intake.revision)
            await quietly(message.edit_reply_markup(reply_markup=keyboard))
        return
    if callback_data.act == "r":
        await finish(
            query, session=session, intake=intake, state=state, account=account, locale=locale
        )
        return

    if callback_data.act == "c":
        outcome = FLOW.choose(state, callback_data.val)
    elif callback_data.act == "s":
        outcome = FLOW.skip(state)
    elif callback_data.act == "u":
        outcome = FLOW.unknown(state)
    elif callback_data.act == "b":
        outcome = Accepted(FLOW.back(state))
    elif callback_data.act == "e":
        try:
            outcome = Accepted(FLOW.edit(state, callback_data.val))
        except (KeyError, ValueError):
            outcome = None
    else:
        outcome = None

    if not isinstance(outcome, Accepted):
        problem = (
            tr(outcome.problem.msgid, outcome.problem.params, locale)
            if outcome is not None
            else _("That button does not fit this question.")
        )
        await quietly(query.answer(_strip_tags(problem)[:200], show_alert=True))
        return

    answer_label = _pressed_label(prompt, callback_data, locale)
    if not await commit_step(session, intake=intake, before=state, after=outcome.state):
        await stale_button(query, session=session, intake=intake, locale=locale)
        return
    # Stored: now the tap's answer, the tapped message and the next question all at once, one
    # wait for Telegram instead of three. The tapped message is edited here, so show_prompt
    # need not clear its buttons.
    calls = [quietly(query.answer())]
    if message is not None and prompt.kind != StepKind.REVIEW and callback_data.act != "b":
        # The passed question stays readable in the chat, with the answer and without buttons.
        question = _question_html(prompt, locale)
        calls.append(quietly(message.edit_text(answered_text(question, answer_label))))
    elif message is not None:
        calls.append(quietly(message.edit_reply_markup(reply_markup=None)))
    next_question = show_prompt(
        bot,
        chat_id,
        session=session,
        intake=intake,
        state=outcome.state,
        locale=locale,
        clear_previous=False,
    )
    await asyncio.gather(*calls, next_question)


@router.message(F.text & ~F.text.startswith("/"))
async def typed_answer(
    message: Message, session: AsyncSession, account: User, locale: str, bot: Bot
) -> None:
    intake, state = await load_current(session, account)
    if intake is None or state is None:
        # No scan running: let the fallback router give its pointer.
        return UNHANDLED  # type: ignore[return-value]
    if intake.prompt_message_id and message.message_id < intake.prompt_message_id:
        # Typed before the current question was shown (a tap and a text at once, two devices):
        # it answers an earlier question, so it must not be stored as this one's answer.
        await show_prompt(
            bot,
            message.chat.id,
            session=session,
            intake=intake,
            state=state,
            locale=locale,
            notice=_("That message was meant for an earlier question. Here is the current one."),
        )
        return
    text = message.text or ""
    chosen = option_for_typed_label(FLOW.prompt(state), text, locale)
    outcome = FLOW.choose(state, chosen) if chosen else FLOW.type(state, text)
    if not isinstance(outcome, Accepted):
        notice = tr(outcome.problem.msgid, outcome.problem.params, locale)
        await show_prompt(
            bot,
            message.chat.id,
            session=session,
            intake=intake,
            state=state,
            locale=locale,
            notice=notice,
        )
        return
    if not await commit_step(session, intake=intake, before=state, after=outcome.state):
        state = await load_state(session, intake)
        await show_prompt(
            bot, message.chat.id, session=session, intake=intake, state=state, locale=locale
        )
        return
    await show_prompt(
        bot, message.chat.id, session=session, intake=intake, state=outcome.state, locale=locale
    )


@router.message(~F.text)
async def other_content(
    message: Message, session: AsyncSession, account: User, locale: str, bot: Bot
) -> None:
    """Stickers, photos, voice... during the scan: the question again, with a short hint."""
    intake = await repo.current_intake(session, user_id=account.id)
    if intake is None:
        return UNHANDLED  # type: ignore[return-value]
    state = await load_state(session, intake)
    prompt = FLOW.prompt(state)
    notice = (
        _("I can only read text and button taps. Please tap a button below.")
        if not prompt.allow_text
        else _("I can only read text and button taps. Please type your answer or tap a button.")
    )
    await show_prompt(
        bot,
        message.chat.id,
        session=session,
        intake=intake,
        state=state,
        locale=locale,
        notice=notice,
    )


async def commit_step(
    session: AsyncSession, *, intake: IntakeSession, before: FlowState, after: FlowState
) -> bool:
    """Store the new answers and position atomically; False when someone else moved first."""
    moved = await repo.advance_intake(
        session,
        intake=intake,
        expected_revision=intake.revision,
        position=after.position,
        return_to_review=after.return_to_review,
    )
    if not moved:
        await session.rollback()
        return False
    await repo.save_answers(
        session, intake_id=intake.id or 0, before=before.answers, after=after.answers
    )
    if after.answers.get("municipality") != before.answers.get("municipality"):
        # A lost deep-link payload: the named municipality still links them to its campaign.
        await campaign_store.link_by_municipality(
            session, user_id=intake.user_id, municipality=after.answers.get("municipality")
        )
    await session.commit()
    return True


async def stale_button(
    query: CallbackQuery, *, session: AsyncSession, intake: IntakeSession | None, locale: str
) -> None:
    """An old or doubled tap: say so politely and, unless it was a double tap, show the question."""
    if intake is None:
        await quietly(query.answer(_("That question has passed. Type /start to go on.")))
        return
    await quietly(query.answer(_("That question has passed; here is the current one.")))
    recent = utcnow() - as_utc(intake.updated_at) < DOUBLE_TAP_WINDOW
    if recent and intake.prompt_message_id:
        return
    bot, chat_id = _bot_and_chat(query)
    state = await load_state(session, intake)
    await show_prompt(bot, chat_id, session=session, intake=intake, state=state, locale=locale)


async def finish(
    query: CallbackQuery,
    *,
    session: AsyncSession,
    intake: IntakeSession,
    state: FlowState,
    account: User,
    locale: str,
) -> None:
    from bot.handlers import result

    if not FLOW.is_complete(state):
        await quietly(query.answer(_("Some answers are still missing."), show_alert=True))
        return
    answers = answers_for_assessment(FLOW.applicable_answers(state))
    drawn = LADDERS_AHEAD.take(Key(intake.id or 0, intake.revision, locale))
    if drawn is not None:  # drawn while the review was read: the usual case
        assessment, picture = drawn.assessment, drawn.picture
    else:
        try:
            assessment = assess(answers)
        except InvalidAnswers as error:
            # The inventory validates every answer; this guards against a rules change since.
            log.warning("answers of user %s not assessable: %s", account.id, error)
            await quietly(
                query.answer(
                    _("Some answers do not fit together. Please check them."), show_alert=True
                )
            )
            return
        # While the result is stored, the tap is answered and the review loses its buttons,
        # the picture is drawn in its thread; the longest of these, so it starts first.
        picture = result.draw_picture(assessment, locale)
    bot, chat_id = _bot_and_chat(query)
    acknowledge = [quietly(query.answer())]
    if isinstance(query.message, Message):
        message = query.message
        acknowledge.append(quietly(message.edit_reply_markup(reply_markup=None)))
    acknowledged = asyncio.gather(*acknowledge)
    try:
        moved = await repo.advance_intake(
            session,
            intake=intake,
            expected_revision=intake.revision,
            position=intake.position,
            return_to_review=False,
            status=SessionStatus.COMPLETED,
        )
        if not moved:  # a double tap: the first one shows the result
            await session.rollback()
            return
        await reminder_events.intake_ended(session, user_id=account.id, reason="finished")
        await result.show_new_result(
            bot,
            chat_id,
            session=session,
            account=account,
            intake=intake,
            answers=answers,
            assessment=assessment,
            locale=locale,
            picture=picture,
        )
    finally:
        picture.cancel()  # only when it was not needed after all
        await acknowledged


def option_for_typed_label(prompt: Prompt, text: str, locale: str) -> str | None:
    """Someone typing "ja" or "Bakery" instead of tapping gets the button they meant."""
    wanted = _label_key(text)
    if not wanted or len(text) > 80:
        return None
    for option in prompt.options:
        if _label_key(html.unescape(tr(option.label, option.params, locale))) == wanted:
            return option.value
    return None


def _label_key(text: str) -> str:
    # Compare letters and digits only: emoji, punctuation and case do not matter.
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _pressed_label(prompt: Prompt, data: Ans, locale: str) -> str:
    if data.act == "c":
        for option in prompt.options:
            if option.value == data.val:
                return html.unescape(_strip_tags(tr(option.label, option.params, locale)))
    return {
        "s": _("Skipped"),
        "u": _("Don't know yet"),
        "e": _("Change"),
    }.get(data.act, "")


def _question_html(prompt: Prompt, locale: str) -> str:
    return "<b>" + tr(prompt.text, prompt.text_params, locale) + "</b>"


def _strip_tags(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text)
