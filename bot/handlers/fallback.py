"""Anything no other handler took: a short, friendly pointer, never silence or a crash."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.handlers.filters import CommandText, TypedText
from bot.telegram.errors import quietly


async def unknown_command(message: Message) -> None:
    await message.answer(_("I don't know that command. Use the buttons or /help."))


async def stray_text(message: Message) -> None:
    await message.answer(_("Tap /start to begin the scan, or /help for what I can do."))


async def unsupported_content(message: Message) -> None:
    await message.answer(_("I can only read text and button taps. Use the buttons or /help."))


async def unknown_button(query: CallbackQuery) -> None:
    """An old button, or data that fits no button of ours (bot/ui/callbacks.py)."""
    await quietly(query.answer(_("This button no longer works. Type /start to go on.")))


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(unknown_command, CommandText())
    router.message.register(stray_text, TypedText())
    router.message.register(unsupported_content)
    router.callback_query.register(unknown_button)
    return router
