"""The one handler for typed text and taps of whichever flow is open: the scan, a what-if, a
recorded hire, the consent to be contacted, a campaign's creation.

Each update is read with its user and open conversation in one statement (bot/middlewares.py);
the engine decides what the text or tap means; one guarded write stores it (and, when the flow
is done, what it leads to); then the next question replaces the tapped one, or follows the
typed answer. Which flow answers is the conversation row's, never the routers' order.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from aiogram import Bot, Router
from aiogram.methods import AnswerCallbackQuery
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.config import Settings
from bot.db import Session
from bot.db.models import Conversation, User, as_utc, utcnow
from bot.handlers import show
from bot.handlers.filters import InConversation, NotText, SharedContact, TypedText
from bot.handlers.starting import start_flow
from bot.services import consent as consent_service
from bot.services import conversation as conversation_service
from bot.services import outreach
from bot.services.completions import completion
from bot.services.conversation import (
    Done,
    Moved,
    Refused,
    Shown,
    Stale,
    StepResult,
    Talk,
    Unseen,
    talk_of,
)
from bot.telegram.errors import quietly
from bot.ui import consent as consent_ui
from bot.ui import flows as flows_ui
from bot.ui import hired as hired_ui
from bot.ui import support as support_ui
from bot.ui.callbacks import Ans, AnsAct, Switch
from bot.ui.prompt import (
    answered_html,
    confirmation_html,
    label_reader,
    pressed_label,
    prompt_keyboard,
    prompt_text,
    question_html,
    strip_tags,
    taken_as,
    tr,
)
from dialogs.engine import REVIEW, Accepted, FlowState, Outcome, StepKind
from dialogs.parse.names import fold

log = logging.getLogger(__name__)

# A stale tap this soon after the question moved on is a double tap: a short notice is enough.
DOUBLE_TAP_WINDOW = timedelta(seconds=5)


# --- taps ---------------------------------------------------------------------------------------
def _decision(talk: Talk, data: Ans) -> Any:
    """What a tapped button asks of the engine."""
    flow = talk.flow
    if data.act == AnsAct.CHOOSE:
        return lambda state: flow.choose(state, data.val)
    if data.act == AnsAct.SKIP:
        return flow.skip
    if data.act == AnsAct.UNKNOWN:
        return flow.unknown
    if data.act == AnsAct.FINISH:
        return flow.finish
    if data.act == AnsAct.EDIT:  # "change this answer": only ever at the review
        return lambda state: flow.choose(state, data.val, at=REVIEW)
    return lambda state: Accepted(flow.back(state))


# The review's own buttons: pressed (or forged) anywhere else they move nothing.
REVIEW_ONLY = frozenset({AnsAct.EDIT, AnsAct.EDIT_MENU, AnsAct.OVERVIEW})


async def button(
    query: CallbackQuery,
    callback_data: Ans,
    session: Session,
    account: User,
    conversation: Conversation | None,
    locale: str,
    bot: Bot,
    settings: Settings,
    today: dt.date,
) -> AnswerCallbackQuery | None:
    """A tapped button. An answered question's tap is answered by the returned method, after
    the next question is in place: aiogram sends it (in webhook mode inside the webhook's
    response, bot/telegram/webhook.py)."""
    talk = talk_of(conversation, today) if conversation is not None else None
    fits = talk is not None and (talk.id, talk.revision) == (callback_data.conv, callback_data.rev)
    tapped = query.message if isinstance(query.message, Message) else None
    if talk is None or not fits:
        same = talk is not None and talk.id == callback_data.conv
        await stale(query, bot, session=session, talk=talk, locale=locale, doubled=same)
        return None
    act = callback_data.act
    if act in REVIEW_ONLY and talk.prompt.kind != StepKind.REVIEW:
        await not_at_review(query, bot, session=session, talk=talk, locale=locale)
        return None
    if act in (AnsAct.HELP, AnsAct.EDIT_MENU, AnsAct.OVERVIEW):
        await quietly(query.answer())
        if tapped is not None:
            await redraw(tapped, talk, act, locale)
        return None
    if act == AnsAct.STOP:
        await stop(query, session, account, talk, locale, bot)
        return None
    outcome = await conversation_service.step(
        session,
        account,
        talk,
        _decision(talk, callback_data),
        complete=completion(talk.row.flow, settings=settings),
        conversation_id=callback_data.conv,
        revision=callback_data.rev,
    )
    if isinstance(outcome, Stale | Unseen):  # moved by another update meanwhile
        await stale(query, bot, session=session, talk=outcome.talk, locale=locale, doubled=True)
        return None
    if isinstance(outcome, Refused):
        problem = tr(outcome.problem.msgid, outcome.problem.params, locale)
        return query.answer(strip_tags(problem)[:200], show_alert=True)
    chat_id = query.from_user.id
    if isinstance(outcome, Done):
        passed = None
        question = outcome.answered.kind not in (StepKind.REVIEW, StepKind.GROUP_OVERVIEW)
        if tapped is not None and question:  # the last question, with its answer
            passed = _passed_text(outcome.answered, callback_data, locale)
        # What it leads to (a result, its picture) takes a moment: the spinner stops at once.
        await asyncio.gather(
            quietly(query.answer()),
            finished(
                bot,
                chat_id,
                session,
                outcome,
                locale,
                tapped=tapped,
                passed=passed,
                settings=settings,
            ),
        )
        return None
    echo = _echo(outcome, callback_data, locale)
    await show.step(
        bot, chat_id, session=session, talk=outcome.talk, locale=locale, echo=echo, tapped=tapped
    )
    return query.answer()


def _echo(moved: Moved, data: Ans, locale: str) -> str | None:
    """The answer a tap gave, above the next question in the same message ("✅ Sector:
    bakery"); None when the tap stored no answer (back, a group's buttons, an edit)."""
    position = moved.accepted.answered
    if position is None or moved.answered.kind == StepKind.REVIEW:
        return None
    shown = moved.talk.flow.answer_at(moved.talk.state, position)
    if shown is None:
        return None
    return confirmation_html(moved.talk.flow.label_at(position, moved.talk.state), shown, locale)


def _passed_text(answered: Any, data: Ans, locale: str) -> str:
    return answered_html(
        question_html(answered, locale), html.escape(pressed_label(answered, data, locale))
    )


async def redraw(message: Message, talk: Talk, act: AnsAct, locale: str) -> None:
    """Buttons that only change what the current message shows: help, the review's menus."""
    prompt = talk.prompt
    if act == AnsAct.HELP:
        await quietly(
            message.edit_text(
                prompt_text(prompt, locale, show_help=True),
                reply_markup=prompt_keyboard(
                    prompt,
                    talk.id,
                    talk.revision,
                    locale,
                    show_help=True,
                    stop=flows_ui.stop_for(talk.row.flow, prompt),
                ),
            )
        )
    elif prompt.kind == StepKind.REVIEW:
        menu = flows_ui.edit_menu_keyboard if act == AnsAct.EDIT_MENU else flows_ui.review_keyboard
        keyboard = menu(talk.flow, talk.state, talk.id, talk.revision)
        await quietly(message.edit_reply_markup(reply_markup=keyboard))


async def stale(
    query: CallbackQuery,
    bot: Bot,
    *,
    session: Session,
    talk: Talk | None,
    locale: str,
    doubled: bool = False,
) -> None:
    """An old, doubled or another flow's tap: say so politely and, unless it was a double tap
    (`doubled`: a button of this conversation, just after it moved on), show where the user
    is."""
    if talk is None:
        await quietly(query.answer(_("That question has passed. Type /start to go on.")))
        return
    await quietly(query.answer(_("That question has passed; here is the current one.")))
    recent = utcnow() - as_utc(talk.row.updated_at) < DOUBLE_TAP_WINDOW
    if doubled and recent and talk.row.prompt_message_id:
        return
    await show.step(bot, query.from_user.id, session=session, talk=talk, locale=locale)


async def not_at_review(
    query: CallbackQuery, bot: Bot, *, session: Session, talk: Talk, locale: str
) -> None:
    """A review button (change an answer) while a question is open: nothing moves; the
    current question is shown again."""
    await quietly(
        query.answer(
            _("Answers can be changed at the overview at the end; here is the current question.")
        )
    )
    await show.step(bot, query.from_user.id, session=session, talk=talk, locale=locale)


async def stop(
    query: CallbackQuery,
    session: Session,
    account: User,
    talk: Talk,
    locale: str,
    bot: Bot,
) -> None:
    """The flow's way out: nothing of it is stored."""
    left = await conversation_service.leave(session, account, talk)
    if left is None:
        await stale(query, bot, session=session, talk=talk, locale=locale)
        return
    await quietly(query.answer())
    tapped = query.message if isinstance(query.message, Message) else None
    await show.ended(bot, query.from_user.id, flows_ui.stopped_text(left.flow), tapped=tapped)
    await show.resumed_scan(
        bot, query.from_user.id, session=session, talk=left.resumed, locale=locale
    )


# --- typed text ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Typed:
    """A typed message and what answering it needs."""

    message: Message
    session: Session
    account: User
    talk: Talk
    locale: str
    bot: Bot
    settings: Settings
    seen_question: Shown | None


async def typed(
    message: Message,
    session: Session,
    account: User,
    conversation: Conversation,
    locale: str,
    bot: Bot,
    settings: Settings,
    today: dt.date,
    seen_question: Shown | None = None,
) -> None:
    talk = talk_of(conversation, today)
    typed = Typed(message, session, account, talk, locale, bot, settings, seen_question)
    await answer_text(typed, message.text or "")


async def shared_contact(
    message: Message,
    session: Session,
    account: User,
    conversation: Conversation,
    locale: str,
    bot: Bot,
    settings: Settings,
    today: dt.date,
    seen_question: Shown | None = None,
) -> None:
    """Telegram's "share my phone number": typed in at the question that takes it."""
    contact = message.contact
    talk = talk_of(conversation, today)
    if contact is None or contact.user_id != account.id or not talk.prompt.takes_contact:
        notice = (
            consent_ui.own_number_please()
            if talk.prompt.takes_contact
            else _("I can only read text and button taps. Please type your answer or tap a button.")
        )
        await show.step(
            bot, message.chat.id, session=session, talk=talk, locale=locale, notice=notice
        )
        return
    phone = contact.phone_number
    typed = Typed(message, session, account, talk, locale, bot, settings, seen_question)
    await answer_text(typed, phone if phone.startswith("+") else "+" + phone)


async def answer_text(typed: Typed, text: str) -> None:
    talk, bot, session, locale = typed.talk, typed.bot, typed.session, typed.locale
    chat_id = typed.message.chat.id
    stop_words = flows_ui.view(talk.row.flow).stop
    if stop_words and talk.prompt.takes_contact and fold(text) == fold(_(stop_words)):
        # The way out, typed by the reply keyboard's button.
        left = await conversation_service.leave(session, typed.account, talk)
        if left is not None:
            stopped = flows_ui.stopped_text(left.flow)
            await show.ended(bot, chat_id, stopped, tapped=None, remove_reply_keyboard=True)
            await show.resumed_scan(bot, chat_id, session=session, talk=left.resumed, locale=locale)
        return
    labels = label_reader(talk.prompt, locale)

    def decide(state: FlowState) -> Outcome:
        return talk.flow.type(state, text, labels=labels)

    outcome = await conversation_service.step(
        session,
        typed.account,
        talk,
        decide,
        complete=completion(talk.row.flow, settings=typed.settings),
        typed_message_id=typed.message.message_id,
        seen_question=typed.seen_question,
    )
    await after_typed(bot, chat_id, session, outcome, text, locale, settings=typed.settings)


async def after_typed(
    bot: Bot,
    chat_id: int,
    session: Session,
    outcome: StepResult,
    text: str,
    locale: str,
    *,
    settings: Settings,
) -> None:
    if isinstance(outcome, Done):
        passed = _typed_passed(
            outcome.answered, outcome.talk, outcome_position(outcome), text, locale
        )
        await finished(
            bot, chat_id, session, outcome, locale, tapped=None, passed=passed, settings=settings
        )
    elif isinstance(outcome, Moved):
        passed = _typed_passed(
            outcome.answered, outcome.talk, outcome.accepted.answered, text, locale
        )
        await show.step(
            bot,
            chat_id,
            session=session,
            talk=outcome.talk,
            locale=locale,
            passed=passed,
            after_reply_keyboard=outcome.answered.takes_contact,
        )
    elif isinstance(outcome, Refused):
        notice = tr(outcome.problem.msgid, outcome.problem.params, locale)
        await show.step(
            bot, chat_id, session=session, talk=outcome.talk, locale=locale, notice=notice
        )
    elif isinstance(outcome, Unseen):
        # The question never reached them: what they typed answers something else ("hallo?").
        notice = _("Sorry, my last message did not arrive. Here is the current question.")
        await show.step(
            bot, chat_id, session=session, talk=outcome.talk, locale=locale, notice=notice
        )
    elif outcome.talk is None:  # the conversation ended meanwhile (another device)
        await bot.send_message(
            chat_id, _("Tap /start to begin the scan, or /help for what I can do.")
        )
    else:
        # Typed before the current question was shown (a tap and a text at once, two devices):
        # it answered an earlier question, so it is not stored as this one's answer.
        notice = _("That message was meant for an earlier question. Here is the current one.")
        await show.step(
            bot, chat_id, session=session, talk=outcome.talk, locale=locale, notice=notice
        )


def outcome_position(done: Done) -> str | None:
    return done.answered.position if done.answered.kind != StepKind.REVIEW else None


def _typed_passed(
    answered: Any, talk: Talk, position: str | None, text: str, locale: str
) -> str | None:
    """The answered question as it stays in the chat, with what the typed answer was taken as
    ("Vriezenveen": ✅ Twenterand (Vriezenveen), "acht": ✅ 8 people); None while a sense check
    still asks whether it is right."""
    if position is None or talk.prompt.doubt or answered.kind == StepKind.REVIEW:
        return None
    stored = talk.flow.answer_at(talk.state, position)
    if stored is None:
        return None
    return answered_html(question_html(answered, locale), taken_as(stored, text, locale))


async def other_content(
    message: Message,
    session: Session,
    conversation: Conversation,
    locale: str,
    bot: Bot,
    today: dt.date,
) -> None:
    """Stickers, photos, voice... during a flow: the question again, with a short hint."""
    talk = talk_of(conversation, today)
    notice = (
        _("I can only read text and button taps. Please type your answer or tap a button.")
        if talk.prompt.allow_text
        else _("I can only read text and button taps. Please tap a button below.")
    )
    await show.step(bot, message.chat.id, session=session, talk=talk, locale=locale, notice=notice)


# --- a flow is done -------------------------------------------------------------------------------
async def finished(
    bot: Bot,
    chat_id: int,
    session: Session,
    done: Done,
    locale: str,
    *,
    tapped: Message | None,
    passed: str | None,
    settings: Settings,
) -> None:
    """What each flow leads to, shown once stored; then the scan that waited, if any."""
    flow_id = done.talk.row.flow
    previous = done.talk.row.prompt_message_id
    if tapped is not None:
        if passed:
            await quietly(tapped.edit_text(passed))
        else:
            await quietly(tapped.edit_reply_markup(reply_markup=None))
    elif previous:
        await quietly(
            bot.edit_message_text(passed, chat_id=chat_id, message_id=previous)
            if passed
            else bot.edit_message_reply_markup(chat_id=chat_id, message_id=previous)
        )
    outcome = done.outcome
    if flow_id == "scan":
        await show.result(bot, chat_id, outcome, locale=locale)
    elif flow_id == "what_if":
        await bot.send_message(chat_id, flows_ui.stopped_text(flow_id))
    elif flow_id == "hired":
        await bot.send_message(
            chat_id, hired_ui.recorded(outcome.people_count, outcome.total_fte, locale)
        )
        await show.result(bot, chat_id, outcome.shown, locale=locale)
        await bot.send_message(
            chat_id,
            support_ui.recorded_hire_support(
                outcome.person,
                locale,
                today=outcome.today,
                contact=outcome.shown.contact,
                answers=outcome.shown.answers,
            ),
        )
    elif flow_id == "consent":
        await consent_given(bot, chat_id, outcome)
    else:
        organisation = await outreach.organisation_name(session, outcome)
        await show.campaign_kit(
            bot,
            chat_id,
            outcome,
            created=True,
            organisation=organisation,
            web_base=settings.dashboard_url,
        )
    await show.resumed_scan(bot, chat_id, session=session, talk=done.resumed, locale=locale)


async def consent_given(bot: Bot, chat_id: int, given: Any) -> None:
    if given is None:  # "No, thank you"
        await bot.send_message(chat_id, consent_ui.nothing_shared())
        return
    contacting = given.contacting
    await bot.send_message(chat_id, consent_ui.given(contacting.organisation if contacting else ""))
    await consent_service.tell_staff(bot, given)


# --- "leave what you are doing for this?" --------------------------------------------------------
async def switch(
    query: CallbackQuery,
    callback_data: Switch,
    session: Session,
    account: User,
    conversation: Conversation | None,
    locale: str,
    bot: Bot,
    settings: Settings,
    today: dt.date,
) -> None:
    await quietly(query.answer())
    tapped = query.message if isinstance(query.message, Message) else None
    if tapped is not None:
        await quietly(tapped.edit_reply_markup(reply_markup=None))
    talk = talk_of(conversation, today) if conversation is not None else None
    still = talk is not None and talk.id == callback_data.conv
    if not callback_data.leave or not still:
        if talk is not None:
            await show.step(bot, query.from_user.id, session=session, talk=talk, locale=locale)
        return
    await start_flow(
        bot,
        query.from_user.id,
        session=session,
        account=account,
        flow=callback_data.flow,
        subject=callback_data.subject,
        locale=locale,
        settings=settings,
        today=today,
        telegram_name=query.from_user.full_name,
        leave_others=True,
    )


def build_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(button, Ans.filter())
    router.callback_query.register(switch, Switch.filter())
    in_flow = InConversation()
    router.message.register(shared_contact, in_flow, SharedContact())
    router.message.register(typed, in_flow, TypedText())
    router.message.register(other_content, in_flow, NotText())
    return router
