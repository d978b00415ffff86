"""Anything no other handler took: a short, friendly pointer, never silence or a crash."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.telegram.errors import quietly

router = Router(name=__name__)
router.message.filter(F.chat.type == ChatType.PRIVATE)


@router.message(F.text.startswith("/"))
async def unknown_command(message: Message) -> None:
    await message.answer(_("I don't know that command. Use the buttons or /help."))


@router.message(F.text)
async def stray_text(message: Message) -> None:
    await message.answer(_("Tap /start to begin the scan, or /help for what I can do."))


@router.message()
async def unsupported_content(message: Message) -> None:
    await message.answer(_("I can only read text and button taps. Use the buttons or /help."))


@router.callback_query()
async def unknown_button(query: CallbackQuery) -> None:
    await quietly(
        query.answer(_("This button no longer works. Type /start to go on."), show_alert=False)
    )
