"""/help: what the bot does, how to use it, which commands exist."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.config import Settings
from bot.db import Session, transactions
from bot.services.campaigns.roles import staff_of
from bot.telegram.errors import quietly
from bot.ui.callbacks import Go, GoAct
from bot.ui.staff import staff_help
from bot.ui.start import help_text


async def _help_for(session: Session, settings: Settings, user_id: int) -> str:
    """Everyone's help; staff and admins also read their own commands."""
    async with transactions.read(session):
        staff = await staff_of(session, settings, user_id)
    if staff is None:
        return help_text()
    return help_text() + "\n\n" + staff_help(admin=staff.is_admin)


async def show_help(message: Message, session: Session, settings: Settings) -> None:
    user_id = message.from_user.id if message.from_user else 0
    await message.answer(await _help_for(session, settings, user_id))


async def show_help_button(
    query: CallbackQuery, bot: Bot, session: Session, settings: Settings
) -> None:
    await quietly(query.answer())
    await bot.send_message(
        query.from_user.id, await _help_for(session, settings, query.from_user.id)
    )


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(show_help, Command("help", "hulp"))
    router.callback_query.register(show_help_button, Go.filter(F.act == GoAct.HELP))
    return router
