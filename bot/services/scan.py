"""The scan: begin or continue it, set it aside to start again. Its questions run through the
one conversation engine (bot/services/conversation.py); what it leads to, the result, is
stored by bot/services/results.py when it is finished.

Every answer is written the moment it is given and the position in the scan is a column, so a
restart, a second process or another device continues exactly here.
"""

from __future__ import annotations

import datetime as dt

from bot.db import Session, transactions
from bot.db.models import SCAN, User
from bot.db.repositories import campaigns
from bot.services import conversation
from bot.services.conversation import Busy, Started
from bot.services.reminders import events as reminder_events
from dialogs.engine import Prompt


async def begin_or_resume(session: Session, user: User, *, today: dt.date) -> Started | Busy:
    """The scan in progress (open again if it waited for another flow), or a new one. `Busy`:
    another flow with answers is open, and the user is asked before it is left."""
    return await _begin(session, user, today=today, leave_others=False)


async def begin_leaving_others(session: Session, user: User, *, today: dt.date) -> Started:
    """As `begin_or_resume`, after the user agreed to leave the flow they were in."""
    started = await _begin(session, user, today=today, leave_others=True)
    assert isinstance(started, Started)
    return started


async def _begin(
    session: Session, user: User, *, today: dt.date, leave_others: bool
) -> Started | Busy:
    async with transactions.write(session):
        # The municipality of the campaign the owner came through is offered as a one-tap answer.
        context = await campaigns.scan_context(session, user_id=user.id)
        started = await conversation.open_flow(
            session, user, SCAN, today=today, context=context, leave_others=leave_others
        )
        if isinstance(started, Started) and not started.resumed:
            row = started.talk.row
            await reminder_events.scan_started(
                session, user_id=user.id, scan_id=row.id or 0, at=row.started_at
            )
        return started


async def set_aside(session: Session, user: User) -> bool:
    """Start again: the scan in progress is set aside (kept for the figures, not shown again),
    and any other flow ends. True when there was a scan."""
    async with transactions.write(session):
        scan = await conversation.set_aside_scan(session, user)
        if scan is None:
            return False
        await reminder_events.scan_ended(session, user_id=user.id, reason="restarted")
        return True


async def has_scan(session: Session, user: User) -> bool:
    """Whether a scan is under way (open, or waiting for another flow to end)."""
    async with transactions.read(session):
        return await conversation.scan_under_way(session, user_id=user.id) is not None


async def where(session: Session, user: User, *, today: dt.date) -> Prompt | None:
    """Where the scan under way stands (None: there is none), for a welcome back."""
    async with transactions.read(session):
        row = await conversation.scan_under_way(session, user_id=user.id)
    return conversation.talk_of(row, today).prompt if row is not None else None
