"""/language: switch between Nederlands and English at any time; stored per user."""

from __future__ import annotations

import datetime as dt

from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.db import Session
from bot.db.models import Conversation, User
from bot.handlers import show
from bot.i18n import LANGUAGE_NAMES, get_i18n
from bot.services import accounts
from bot.services.conversation import talk_of
from bot.telegram.errors import quietly
from bot.ui import start as start_ui
from bot.ui.callbacks import Lang


async def choose_language(message: Message) -> None:
    await message.answer(
        _("Which language do you prefer? / Welke taal wil je?"),
        reply_markup=start_ui.language_keyboard(),
    )


async def set_language(
    query: CallbackQuery,
    callback_data: Lang,
    session: Session,
    account: User,
    conversation: Conversation | None,
    bot: Bot,
    today: dt.date,
) -> None:
    code = callback_data.code
    await accounts.set_language(session, account, code)
    with get_i18n().use_locale(code):
        await quietly(query.answer(_("Language: {name}").format(name=LANGUAGE_NAMES[code])))
        if isinstance(query.message, Message):
            changed = (
                _("I'll speak English with you from now on.")
                if code == "en"
                else _("I'll speak Dutch with you from now on.")
            )
            await quietly(query.message.edit_text(changed))
        # Carry on in the new language: the current question again, or the greeting.
        chat_id = query.from_user.id
        if conversation is None:
            await bot.send_message(
                chat_id, start_ui.greeting_text(), reply_markup=start_ui.greeting_keyboard(code)
            )
        else:
            talk = talk_of(conversation, today)
            await show.step(bot, chat_id, session=session, talk=talk, locale=code)


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(choose_language, Command("language", "taal"))
    router.callback_query.register(set_language, Lang.filter())
    return router
