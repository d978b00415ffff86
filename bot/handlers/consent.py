"""Consent to be contacted by the campaign's organisation: the offer, its start and refusal, and
withdrawal (bot/services/consent.py). Whether they may, and what to share, is asked through the
one conversation handler (the consent flow)."""

from __future__ import annotations

import datetime as dt

from aiogram import Bot, F, Router
from aiogram.types import CallbackQuery, Message

from bot.config import Settings
from bot.db import Session
from bot.db.models import User
from bot.handlers.starting import start_flow
from bot.services import consent as consent_service
from bot.telegram.errors import quietly
from bot.ui import consent as consent_ui
from bot.ui.callbacks import Consent, ConsentAct


async def offer(
    query: CallbackQuery,
    callback_data: Consent,
    session: Session,
    account: User,
    locale: str,
    bot: Bot,
    settings: Settings,
    today: dt.date,
) -> None:
    """The result's "may they contact me" button: the consent flow, whose first question is
    whether they may at all (the result keeps its buttons)."""
    await quietly(query.answer())
    await start_flow(
        bot,
        account.id,
        session=session,
        account=account,
        flow="consent",
        subject=callback_data.campaign,
        locale=locale,
        settings=settings,
        today=today,
        telegram_name=query.from_user.full_name,
    )


async def begin(
    query: CallbackQuery,
    callback_data: Consent,
    session: Session,
    account: User,
    locale: str,
    bot: Bot,
    settings: Settings,
    today: dt.date,
) -> None:
    """ "Yes, choose what to share" under an offer sent before the offer was the flow's first
    question: that message loses its buttons and the flow starts."""
    if isinstance(query.message, Message):
        await quietly(query.message.edit_reply_markup(reply_markup=None))
    await offer(query, callback_data, session, account, locale, bot, settings, today)


async def decline(query: CallbackQuery) -> None:
    """ "No, thank you" under such an older offer."""
    await quietly(query.answer(consent_ui.nothing_shared()))
    if isinstance(query.message, Message):
        await quietly(query.message.edit_reply_markup(reply_markup=None))


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
    router.callback_query.register(withdraw, on(F.act == ConsentAct.WITHDRAW))
    return router
