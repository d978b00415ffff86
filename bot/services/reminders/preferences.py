"""What an owner chooses about reminders: the overview, switching kinds, check-in answers, the
follow-up opt-in and the certificate's expiry. Each function is one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.db import Session, transactions
from bot.db.models import Reminder, ReminderPrefs, ReminderState, User
from bot.db.repositories import reminders, results
from bot.services.reminders import events


@dataclass(frozen=True)
class Overview:
    prefs: ReminderPrefs
    planned: list[Reminder]

    def enabled(self, kind: str) -> bool:
        return events.kind_enabled(self.prefs, kind)


async def overview(session: Session, user: User, *, now: datetime) -> Overview:
    async with transactions.write(session):
        prefs = await reminders.prefs(session, user_id=user.id, now=now)
        return Overview(prefs, await reminders.pending(session, user_id=user.id))


async def switch(session: Session, user: User, *, kind: str, on: bool, now: datetime) -> bool:
    """False when a follow-up kind cannot start yet (no opt-in on a result so far)."""
    async with transactions.write(session):
        return await events.switch(session, user_id=user.id, kind=kind, on=on, now=now)


async def answer_check_in(
    session: Session, user: User, *, reminder_id: int, answer: str, now: datetime
) -> bool:
    """A check-in's yes or no; False when the button is not for a sent check-in of theirs."""
    async with transactions.write(session):
        reminder = await reminders.reminder(session, reminder_id=reminder_id)
        if reminder is None or reminder.user_id != user.id or reminder.state != ReminderState.SENT:
            return False
        await reminders.record_answer(session, reminder=reminder, answer=answer, at=now)
        return True


async def opt_in(
    session: Session, user: User, *, result_id: int, now: datetime
) -> list[str] | None:
    """Follow-up reminders from a result; the kinds switched on, or None for a foreign result."""
    async with transactions.write(session):
        result = await results.own_result(session, user_id=user.id, result_id=result_id)
        if result is None:
            return None
        return await events.opt_in_follow_up(session, user_id=user.id, level=result.level, now=now)


async def set_certificate(session: Session, user: User, *, expires: str, now: datetime) -> datetime:
    """The certificate expires in `expires` ("YYYY-MM"); returns when the reminder is due."""
    async with transactions.write(session):
        return await events.set_certificate(session, user_id=user.id, expires=expires, now=now)
