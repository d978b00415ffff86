"""Groups and channels: the bot works in private chats only. In a group it answers /start with
one line and does nothing else: no scan, no staff invite, nothing stored."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import CommandStart
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from bot.handlers.filters import PrivateChat


async def start_in_group(message: Message) -> None:
    await message.answer(_("I only work in a private chat. Tap my name and send me /start there."))


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(~PrivateChat())
    router.message.register(start_in_group, CommandStart())
    return router
