"""/dashboard (staff and admins): a one-time sign-in link for the web dashboard (bot/web).

Guarded by `StaffOnly`: for anyone else the command is unknown, as the other staff commands.
"""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import LinkPreviewOptions, Message

from bot.config import Settings
from bot.db import Session
from bot.handlers.filters import StaffOnly
from bot.services import dashboard
from bot.services.campaigns.roles import Staff
from bot.ui import dashboard as dashboard_ui

SIGN_IN_PATH = "/dashboard/signin/"


async def dashboard_command(
    message: Message, session: Session, settings: Settings, staff: Staff
) -> None:
    name = message.from_user.full_name if message.from_user is not None else ""
    token = await dashboard.issue_sign_in(session, settings, staff, telegram_name=name)
    if token is None:  # rate-limited: a flood of links helps no one
        await message.answer(dashboard_ui.too_many_links())
        return
    link = settings.dashboard_url + SIGN_IN_PATH + token
    # No preview: a link preview must not be what opens (or spends) the link.
    await message.answer(
        dashboard_ui.sign_in_link(link, round(settings.web_sign_in_minutes)),
        link_preview_options=LinkPreviewOptions(is_disabled=True),
    )


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(dashboard_command, Command("dashboard"), StaffOnly())
    return router
