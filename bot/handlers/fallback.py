"""Anything no other handler took: a short, friendly pointer, never silence or a crash."""

from __future__ import annotations

import datetime as dt

from aiogram import Bot, Router
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.db import Session
from bot.db.models import Conversation, User
from bot.handlers import show
from bot.handlers.filters import CommandText, TypedText
from bot.services import results as results_service
from bot.services.conversation import talk_of
from bot.telegram.errors import quietly


async def unknown_command(message: Message) -> None:
    await message.answer(_("I don't know that command. Use the buttons or /help."))


async def stray_text(
    message: Message, session: Session | None = None, account: User | None = None
) -> None:
    """Text while no question is open: where to go from here, for someone with a result too."""
    if (
        session is not None
        and account is not None
        and await results_service.has_result(session, account)
    ):
        await message.answer(
            _(
                "There is no open question right now. /result shows your result again, "
                "with buttons for what you can do next; /help lists everything."
            )
        )
        return
    await message.answer(_("Tap /start to begin the scan, or /help for what I can do."))


async def unsupported_content(message: Message) -> None:
    await message.answer(_("I can only read text and button taps. Use the buttons or /help."))


async def unknown_button(
    query: CallbackQuery,
    bot: Bot,
    session: Session | None = None,
    conversation: Conversation | None = None,
    locale: str = "nl",
    today: dt.date | None = None,
) -> None:
    """An old button (from before an update of the bot, say), or data that fits no button of
    ours (bot/ui/callbacks.py): said so, with the question the user is at, if any."""
    if conversation is None or session is None or today is None:
        await quietly(query.answer(_("This button no longer works. Type /start to go on.")))
        return
    await quietly(query.answer(_("That question has passed; here is the current one.")))
    talk = talk_of(conversation, today)
    await show.step(bot, query.from_user.id, session=session, talk=talk, locale=locale)


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(unknown_command, CommandText())
    router.message.register(stray_text, TypedText())
    router.message.register(unsupported_content)
    router.callback_query.register(unknown_button)
    return router
