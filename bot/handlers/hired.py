""" "I hired someone": the start of recording a real hire (its questions run through the one
conversation handler)."""

from __future__ import annotations

import datetime as dt

from aiogram import Bot, Router
from aiogram.types import CallbackQuery

from bot.config import Settings
from bot.db import Session
from bot.db.models import User
from bot.handlers.starting import start_flow
from bot.telegram.errors import quietly
from bot.ui.callbacks import Hired


async def hired_button(
    query: CallbackQuery,
    callback_data: Hired,
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
        flow="hired",
        subject=callback_data.result,
        locale=locale,
        settings=settings,
        today=today,
    )


def build_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(hired_button, Hired.filter())
    return router
