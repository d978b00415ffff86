"""/language: switch between Nederlands and English at any time; stored per user."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db import repo
from bot.db.models import User
from bot.handlers import inventory
from bot.i18n import LANGUAGE_NAMES, LOCALES, get_i18n
from bot.telegram.errors import quietly

router = Router(name=__name__)


@router.message(Command("language", "taal"))
async def choose_language(message: Message) -> None:
    builder = InlineKeyboardBuilder()
    for code in LOCALES:
        builder.button(text=LANGUAGE_NAMES[code], callback_data=f"lang:{code}")
    await message.answer(
        _("Which language do you prefer? / Welke taal wil je?"), reply_markup=builder.as_markup()
    )


@router.callback_query(F.data.startswith("lang:"))
async def set_language(query: CallbackQuery, session: AsyncSession, account: User) -> None:
    code = (query.data or "").removeprefix("lang:")
    if code not in LOCALES:
        await quietly(query.answer())
        return
    await repo.set_language(session, user=account, language=code)
    await session.commit()
    i18n = get_i18n()
    with i18n.use_locale(code):
        await quietly(query.answer(_("Language: {name}").format(name=LANGUAGE_NAMES[code])))
        if isinstance(query.message, Message):
            await quietly(
                query.message.edit_text(
                    _("From now on I speak English with you.")
                    if code == "en"
                    else _("From now on I speak Dutch with you."),
                )
            )
        # Carry on in the new language: the current question again, or the greeting.
        await inventory.show_current_or_greeting(
            query, session=session, account=account, locale=code
        )
