"""/start, with an optional deep-link payload: a staff invite, a campaign, or nothing."""

from __future__ import annotations

import datetime as dt
import logging

from aiogram import Router
from aiogram.filters import CommandObject, CommandStart
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from bot.config import Settings
from bot.db import Session
from bot.db.codes import INVITE_PREFIX, is_payload
from bot.db.models import User
from bot.logging_policy import who
from bot.services import outreach
from bot.services import scan as scan_service
from bot.services.campaigns.roles import InviteOutcome
from bot.ui import staff as staff_ui
from bot.ui import start as start_ui
from bot.ui.prompt import progress_words

log = logging.getLogger(__name__)


async def start(
    message: Message,
    command: CommandObject,
    session: Session,
    account: User,
    locale: str,
    settings: Settings,
    today: dt.date,
) -> None:
    payload = (command.args or "").strip()
    # Anything that is not a campaign code or an invite is "no campaign", never an error for
    # the person opening the link.
    if is_payload(payload) and payload.startswith(INVITE_PREFIX):
        await join_as_staff(message, payload, session, account, settings)
        return
    campaign = None
    if is_payload(payload):
        campaign = await outreach.arrive(session, account, code=payload)
    where = await scan_service.where(session, account, today=today)
    if where is not None:
        await message.answer(
            start_ui.welcome_back(progress_words(where)),
            reply_markup=start_ui.welcome_back_keyboard(),
        )
        return
    greeting = start_ui.greeting_text()
    if campaign is not None:
        greeting = (
            start_ui.campaign_welcome(campaign.name, campaign.municipality, campaign.contact)
            + "\n\n"
            + greeting
        )
    await message.answer(greeting, reply_markup=start_ui.greeting_keyboard(locale))


async def join_as_staff(
    message: Message, payload: str, session: Session, account: User, settings: Settings
) -> None:
    user = message.from_user
    name = user.full_name if user else ""
    if user and user.username:
        name += f" (@{user.username})"
    outcome, organisation = await outreach.join_as_staff(
        session, settings, account, token=payload.removeprefix(INVITE_PREFIX), display_name=name
    )
    if outcome == InviteOutcome.INVALID:
        await message.answer(
            _("This invite link has expired or has been used already. Ask for a new one.")
        )
    elif outcome == InviteOutcome.ALREADY:
        await message.answer(_("You are already outreach staff. /campaigns shows your campaigns."))
    else:
        log.info("user %s joined as staff", who(account.id))
        await message.answer(staff_ui.staff_welcome(organisation))


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(start, CommandStart())
    return router
