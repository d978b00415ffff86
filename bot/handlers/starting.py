"""Starting a flow, shared by the handlers that offer one (the greeting, the result's buttons,
a check-in, /campaign new) and by "leave what you are doing for this?".

No router here. A flow with answers already open is never left silently: the user is asked
first, in one line, and the buttons carry what to start.
"""

from __future__ import annotations

import datetime as dt

from aiogram import Bot
from aiogram.utils.i18n import gettext as _

from bot.config import Settings
from bot.db import Session
from bot.db.models import User
from bot.handlers import show
from bot.services import outreach
from bot.services import scan as scan_service
from bot.services.conversation import Busy, Started
from bot.services.side_flows import SIDE_FLOWS, open_side_flow
from bot.ui import consent as consent_ui
from bot.ui import flows as flows_ui
from bot.ui import staff as staff_ui
from bot.ui import start as start_ui

FlowKey = str


async def start_flow(
    bot: Bot,
    chat_id: int,
    *,
    session: Session,
    account: User,
    flow: FlowKey,
    subject: int,
    locale: str,
    settings: Settings,
    today: dt.date,
    telegram_name: str = "",
    name: str = "",
    leave_others: bool = False,
) -> None:
    """Open `flow` (about `subject`: the result of a what-if or a hire, the campaign of a
    consent) and show its question; or ask before leaving the flow that is open."""
    started: Started | Busy | None
    if flow == "scan":
        started = await scan_service.begin_or_resume(session, account, today=today)
        if leave_others and isinstance(started, Busy):
            started = await scan_service.begin_leaving_others(session, account, today=today)
    elif flow in SIDE_FLOWS:
        started = await open_side_flow(
            session,
            account,
            flow,
            subject,
            locale=locale,
            today=today,
            telegram_name=telegram_name,
            leave_others=leave_others,
        )
    else:
        staff = await outreach.staff_member(session, settings, account.id)
        if staff is None:
            await bot.send_message(chat_id, _("Only staff can make campaigns."))
            return
        started = await outreach.start_campaign(
            session, account, staff, name=name, today=today, leave_others=leave_others
        )
        if started is None:
            await bot.send_message(chat_id, staff_ui.no_organisations())
            return
    if started is None:  # the button's result or campaign is not theirs (any more)
        gone = (
            consent_ui.button_gone()
            if flow == "consent"
            else _("That button belongs to an older result. /result shows your latest.")
        )
        await bot.send_message(chat_id, gone)
        return
    if isinstance(started, Busy):
        current = started.talk
        await bot.send_message(
            chat_id,
            flows_ui.leave_question(current.row.flow, flow),
            reply_markup=flows_ui.leave_keyboard(current.id, flow, subject),
        )
        return
    if flow == "scan" and not started.resumed:
        await bot.send_message(chat_id, start_ui.first_question_intro())
    await show.step(bot, chat_id, session=session, talk=started.talk, locale=locale)
