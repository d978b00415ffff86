"""/help: what the bot does, how to use it, which commands exist."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.telegram.errors import quietly
from bot.ui.callbacks import Go, GoAct
from bot.ui.start import help_text


async def show_help(message: Message) -> None:
    await message.answer(help_text())


async def show_help_button(query: CallbackQuery, bot: Bot) -> None:
    await quietly(query.answer())
    await bot.send_message(query.from_user.id, help_text())


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(show_help, Command("help", "hulp"))
    router.callback_query.register(show_help_button, Go.filter(F.act == GoAct.HELP))
    return router
