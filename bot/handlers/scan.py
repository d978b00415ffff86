"""The scan's ways in and out: /continue, the greeting's and reminders' buttons, /restart.

Its questions are answered through the one conversation handler (bot/handlers/conversation.py).
"""

from __future__ import annotations

import datetime as dt

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.config import Settings
from bot.db import Session
from bot.db.models import User
from bot.handlers.starting import start_flow
from bot.services import scan as scan_service
from bot.telegram.errors import quietly
from bot.ui import start as start_ui
from bot.ui.callbacks import Go, GoAct, Restart, YesNo


async def continue_command(
    message: Message,
    session: Session,
    account: User,
    locale: str,
    bot: Bot,
    settings: Settings,
    today: dt.date,
) -> None:
    await start_flow(
        bot,
        message.chat.id,
        session=session,
        account=account,
        flow="scan",
        subject=0,
        locale=locale,
        settings=settings,
        today=today,
    )


async def go_button(
    query: CallbackQuery,
    session: Session,
    account: User,
    locale: str,
    bot: Bot,
    settings: Settings,
    today: dt.date,
) -> None:
    await quietly(query.answer())
    await start_flow(
        bot,
        query.from_user.id,
        session=session,
        account=account,
        flow="scan",
        subject=0,
        locale=locale,
        settings=settings,
        today=today,
    )


async def restart_command(message: Message) -> None:
    await message.answer(start_ui.restart_question(), reply_markup=start_ui.restart_keyboard())


async def ask_restart(query: CallbackQuery, bot: Bot) -> None:
    await quietly(query.answer())
    await bot.send_message(
        query.from_user.id, start_ui.restart_question(), reply_markup=start_ui.restart_keyboard()
    )


async def restart_answer(
    query: CallbackQuery,
    callback_data: Restart,
    session: Session,
    account: User,
    locale: str,
    bot: Bot,
    settings: Settings,
    today: dt.date,
) -> None:
    await quietly(query.answer())
    if isinstance(query.message, Message):
        await quietly(query.message.edit_reply_markup(reply_markup=None))
    chat_id = query.from_user.id
    if callback_data.answer == YesNo.YES:
        # Whatever was open ends; the scan set aside is kept for the figures, never shown again.
        await scan_service.set_aside(session, account)
    elif not await scan_service.has_scan(session, account):
        await bot.send_message(chat_id, _("Fine, nothing changed."))
        return
    await start_flow(
        bot,
        chat_id,
        session=session,
        account=account,
        flow="scan",
        subject=0,
        locale=locale,
        settings=settings,
        today=today,
        leave_others=callback_data.answer == YesNo.YES,
    )


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(continue_command, Command("continue", "verder"))
    router.message.register(restart_command, Command("restart", "opnieuw"))
    router.callback_query.register(go_button, Go.filter(F.act.in_({GoAct.START, GoAct.CONTINUE})))
    router.callback_query.register(ask_restart, Go.filter(F.act == GoAct.RESTART))
    router.callback_query.register(restart_answer, Restart.filter())
    return router
