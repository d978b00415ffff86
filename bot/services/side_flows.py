"""Opening a flow about a result or a campaign: "what if I hire someone?", "I hired someone"
and the consent to be contacted. One dispatch for the chat's buttons (bot/handlers/starting.py)
and the owners' web pages (bot/web/owners), so both open them through the same services."""

from __future__ import annotations

import datetime as dt

from bot.db import Session
from bot.db.models import User
from bot.services import consent as consent_service
from bot.services import hired as hired_service
from bot.services import what_if as what_if_service
from bot.services.conversation import Busy, Started

SIDE_FLOWS = frozenset({"what_if", "hired", "consent"})


async def open_side_flow(
    session: Session,
    user: User,
    flow: str,
    subject: int,
    *,
    locale: str,
    today: dt.date,
    telegram_name: str = "",
    leave_others: bool = False,
) -> Started | Busy | None:
    """Open `flow` about `subject` (the result of a what-if or a hire, the campaign of a
    consent). None: the subject is not this owner's (any more), or not the latest result."""
    if flow == "what_if":
        return await what_if_service.start(
            session, user, subject, today=today, leave_others=leave_others
        )
    if flow == "hired":
        return await hired_service.start(
            session, user, subject, today=today, leave_others=leave_others
        )
    if flow == "consent":
        return await consent_service.begin(
            session,
            user,
            subject,
            locale=locale,
            telegram_name=telegram_name,
            today=today,
            leave_others=leave_others,
        )
    raise ValueError(f"not a side flow: {flow}")
