"""/start with an optional campaign payload: greeting, or a welcome back with where they were."""

from __future__ import annotations

import logging
import re

from aiogram import F, Router
from aiogram.filters import CommandObject, CommandStart
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config import Settings
from bot.db import repo
from bot.db.models import User
from bot.handlers import inventory, staff
from bot.i18n import LANGUAGE_NAMES
from bot.telegram.errors import quietly

router = Router(name=__name__)
log = logging.getLogger(__name__)

# Telegram's deep-link payload: up to 64 characters of A-Z, a-z, 0-9, _ and -.
PAYLOAD = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def greeting_text() -> str:
    return _(
        "Hello! I am Tredebot. In about ten minutes I help you see where your business stands "
        "on the PSO ladder (Prestatieladder Socialer Ondernemen) and what the next step takes.\n\n"
        "The result is <b>indicative</b>, not a certificate: the official scan is MijnPSO.\n"
        "I store your Telegram id, your language and your answers, so you can continue later "
        "on any device. I never ask for names of employees."
    )


def greeting_keyboard(locale: str) -> InlineKeyboardMarkup:
    other = "en" if locale == "nl" else "nl"
    builder = InlineKeyboardBuilder()
    builder.button(text=_("▶️ Start the scan"), callback_data="go:start")
    builder.button(text="🌐 " + LANGUAGE_NAMES[other], callback_data=f"lang:{other}")
    builder.button(text=_("ℹ️ How does it work?"), callback_data="go:help")
    builder.adjust(1, 2)
    return builder.as_markup()


def welcome_back_keyboard() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("▶️ Continue"), callback_data="go:continue")
    builder.button(text=_("🔄 Start over"), callback_data="go:restart")
    builder.adjust(2)
    return builder.as_markup()


@router.message(CommandStart())
async def start(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    account: User,
    locale: str,
    settings: Settings,
) -> None:
    payload = (command.args or "").strip()
    # Campaign codes are recorded and staff invites accepted; anything else is "no campaign",
    # never an error for the person opening the link.
    if payload and await staff.start_payload(
        message, payload, session=session, account=account, settings=settings
    ):
        return
    await session.commit()

    intake = await repo.current_intake(session, user_id=account.id)
    if intake is not None:
        where = await inventory.progress_words(session, intake)
        await message.answer(
            _("Welcome back! You were at {where}. Shall we continue?").format(where=where),
            reply_markup=welcome_back_keyboard(),
        )
        return
    await message.answer(greeting_text(), reply_markup=greeting_keyboard(locale))


@router.callback_query(F.data == "go:start")
@router.callback_query(F.data == "go:continue")
async def begin(query: CallbackQuery, session: AsyncSession, account: User) -> None:
    await quietly(query.answer())
    await inventory.begin_or_resume(query, session=session, account=account)


@router.callback_query(F.data == "go:restart")
async def restart(query: CallbackQuery, session: AsyncSession, account: User) -> None:
    await inventory.ask_restart(query, session=session, account=account)
