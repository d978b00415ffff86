"""Consent to be contacted by the campaign's municipality: the offer, the questions about what
to share, the confirmation, withdrawal (bot/services/consent.py)."""

from __future__ import annotations

import html
import logging

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove

from bot.config import Settings
from bot.db import Session
from bot.db.models import Conversation, User
from bot.handlers.filters import InConversation, SharedContact, TypedText
from bot.i18n import translate
from bot.services import consent as consent_service
from bot.services.consent import Draft, Step, Typed
from bot.telegram.errors import quietly
from bot.ui import consent as consent_ui
from bot.ui.callbacks import Consent, ConsentAct

log = logging.getLogger(__name__)


async def ask(bot: Bot, chat_id: int, draft: Draft) -> None:
    """The question the draft is at."""
    step = draft.step
    if step == Step.ORG:
        text, markup = consent_ui.org_question(draft.known_org_name)
        await bot.send_message(chat_id, text, reply_markup=markup)
    elif step == Step.NAME:
        text, markup = consent_ui.name_question()
        await bot.send_message(chat_id, text, reply_markup=markup)
    elif step == Step.PHONE:
        text, keyboard = consent_ui.phone_question()
        await bot.send_message(chat_id, text, reply_markup=keyboard)
    elif step == Step.LEVEL:
        text, markup = consent_ui.level_question(draft.level)
        await bot.send_message(chat_id, text, reply_markup=markup)
    elif step == Step.CONFIRM:
        await bot.send_message(
            chat_id, consent_ui.summary(draft.row), reply_markup=consent_ui.confirm_keyboard()
        )


async def _clear_buttons(query: CallbackQuery) -> None:
    if isinstance(query.message, Message):
        await quietly(query.message.edit_reply_markup(reply_markup=None))


async def offer(
    query: CallbackQuery,
    callback_data: Consent,
    session: Session,
    account: User,
    locale: str,
    bot: Bot,
) -> None:
    who = await consent_service.campaign_to_offer(session, account, callback_data.campaign)
    if who is None:
        await quietly(query.answer(consent_ui.button_gone()))
        return
    await quietly(query.answer())
    text = consent_service.consent_text(who, locale)
    await bot.send_message(
        account.id,
        consent_ui.offer_question(who, text),
        reply_markup=consent_ui.offer_keyboard(who),
    )


async def decline(query: CallbackQuery) -> None:
    await quietly(query.answer(consent_ui.nothing_shared()))
    await _clear_buttons(query)


async def begin(
    query: CallbackQuery,
    callback_data: Consent,
    session: Session,
    account: User,
    locale: str,
    bot: Bot,
) -> None:
    draft = await consent_service.begin(session, account, callback_data.campaign, locale)
    if draft is None:
        await quietly(query.answer(consent_ui.button_gone()))
        return
    await quietly(query.answer())
    await _clear_buttons(query)
    await ask(bot, account.id, draft)


# The question each choice answers, and what it shares.
CHOICES = {
    ConsentAct.USE_ORG_NAME: Step.ORG,
    ConsentAct.USE_MY_NAME: Step.NAME,
    ConsentAct.SHARE_LEVEL: Step.LEVEL,
    ConsentAct.KEEP_LEVEL: Step.LEVEL,
}


async def choice(
    query: CallbackQuery, callback_data: Consent, session: Session, account: User, bot: Bot
) -> None:
    act = callback_data.act
    current = await consent_service.current(session, account)
    step = CHOICES.get(act) or (Step(current.step) if current else None)
    if current is None or step not in (Step.ORG, Step.NAME, Step.LEVEL) or current.step != step:
        await quietly(query.answer(consent_ui.question_passed()))
        return
    value: str | None = None
    if act == ConsentAct.USE_ORG_NAME:
        value = current.known_org_name
    elif act == ConsentAct.USE_MY_NAME:
        value = query.from_user.full_name
    draft = await consent_service.choose(
        session, account, step=step, value=value, share_level=act == ConsentAct.SHARE_LEVEL
    )
    if draft is None:
        await quietly(query.answer(consent_ui.question_passed()))
        return
    await quietly(query.answer())
    await _clear_buttons(query)
    await ask(bot, account.id, draft)


async def shared_contact(message: Message, session: Session, account: User, bot: Bot) -> None:
    contact = message.contact
    if contact is None or contact.user_id != account.id:
        await message.answer(consent_ui.own_number_please())
        return
    if not await consent_service.shared_phone(session, account, contact.phone_number):
        await message.answer(consent_ui.question_passed(), reply_markup=ReplyKeyboardRemove())
        return
    await message.answer(consent_ui.got_it(), reply_markup=ReplyKeyboardRemove())
    draft = await consent_service.current(session, account)
    if draft is not None:
        await ask(bot, account.id, draft)


async def typed(message: Message, session: Session, account: User, bot: Bot) -> None:
    """Typed answers while choosing what to share."""
    outcome = await consent_service.typed(
        session, account, message.text or "", cancel_label=consent_ui.cancel_label()
    )
    if outcome == Typed.CANCELLED:
        await message.answer(consent_ui.nothing_shared(), reply_markup=ReplyKeyboardRemove())
        return
    if outcome == Typed.NOT_A_PHONE:
        await message.answer(consent_ui.not_a_phone())
        return
    draft = await consent_service.current(session, account)
    if draft is None:
        await message.answer(consent_ui.question_passed())
        return
    if outcome == Typed.STORED and draft.step == Step.LEVEL:
        await message.answer(consent_ui.got_it(), reply_markup=ReplyKeyboardRemove())
    await ask(bot, account.id, draft)


async def confirm(
    query: CallbackQuery,
    callback_data: Consent,
    session: Session,
    account: User,
    settings: Settings,
    bot: Bot,
) -> None:
    if callback_data.act == ConsentAct.CANCEL:
        if not await consent_service.cancel(session, account):
            await quietly(query.answer(consent_ui.question_passed()))
            return
        await quietly(query.answer())
        await _clear_buttons(query)
        await bot.send_message(
            account.id, consent_ui.nothing_shared(), reply_markup=ReplyKeyboardRemove()
        )
        return
    given = await consent_service.confirm(session, account, settings)
    if given is None:
        await quietly(query.answer(consent_ui.question_passed()))
        return
    await quietly(query.answer())
    await _clear_buttons(query)
    who = given.contacting
    await bot.send_message(account.id, consent_ui.given(who.organisation if who else ""))
    if who is None:
        return
    for staff_id, staff_locale in given.notify:
        # The message names no business: the details are in the contacts list.
        text = translate(consent_ui.STAFF_NOTICE, staff_locale).format(
            name=html.escape(who.campaign_name)
        )
        try:
            await bot.send_message(staff_id, text)
        except TelegramAPIError as error:  # blocked the bot, never started it, ...
            log.warning("could not notify staff %s: %s", staff_id, error)


async def withdraw(query: CallbackQuery, session: Session, account: User, bot: Bot) -> None:
    count = await consent_service.withdraw(session, account)
    await quietly(query.answer())
    await bot.send_message(account.id, consent_ui.withdrawn(count))


def build_router() -> Router:
    router = Router(name=__name__)
    on = Consent.filter
    router.callback_query.register(offer, on(F.act == ConsentAct.OFFER))
    router.callback_query.register(decline, on(F.act == ConsentAct.DECLINE))
    router.callback_query.register(begin, on(F.act == ConsentAct.BEGIN))
    router.callback_query.register(
        choice,
        on(F.act.in_({*CHOICES, ConsentAct.DONT_SHARE})),
    )
    router.callback_query.register(confirm, on(F.act.in_({ConsentAct.CONFIRM, ConsentAct.CANCEL})))
    router.callback_query.register(withdraw, on(F.act == ConsentAct.WITHDRAW))
    choosing = InConversation(Conversation.CONSENT)
    router.message.register(shared_contact, choosing, SharedContact())
    router.message.register(typed, choosing, TypedText())
    return router
