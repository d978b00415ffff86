"""Helpers for reminder tests: a bot with a fake clock and chosen settings, waiting for sends."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel import col, select

from bot.db.models import Conversation, ConversationStatus, Reminder, ReminderState, User
from bot.factory import Storage
from dialogs.flows.scan import SCAN
from standin import Outgoing, StandIn
from tests.e2e.harness import RunningBot, running_bot
from tests.waiting import eventually

# Every hour of every day, public holidays too: the tests' clocks start at the real time and
# jump months ahead, and one that lands on a Dutch holiday (27 April, say) would otherwise
# wait for a reminder the window holds back until the next day.
ALWAYS_OPEN = {
    "REMINDER_HOURS": "00:00-24:00",
    "REMINDER_DAYS": "mon-sun",
    "REMINDER_HOLIDAYS": "none",
}


class FakeClock:
    """Stands still until `advance()`; `sleep()` yields briefly so loops keep polling."""

    def __init__(self, start: datetime | None = None, *, tick: float = 0.02) -> None:
        self._now = (start or datetime.now(UTC)).astimezone(UTC)
        self.tick = tick

    def now(self) -> datetime:
        return self._now

    def __call__(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> datetime:
        self._now += delta
        return self._now

    def set(self, moment: datetime) -> None:
        self._now = moment.astimezone(UTC)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(min(seconds, self.tick))


class WatchedClock(FakeClock):
    """A fake clock that also tells when the reminder dispatcher has caught up with it.

    The dispatcher waits on its clock only after a round that found nothing due (its run loop),
    so each wait marks "everything due at the clock's time then is done"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.idle_rounds = 0

    async def sleep(self, seconds: float) -> None:
        self.idle_rounds += 1
        await super().sleep(seconds)

    async def caught_up(self, *, within: float = 10.0) -> None:
        """Until a whole dispatcher round that began after this call found nothing more to do:
        the first idle wait may end a round that read the clock before the call, the second
        cannot. Then "nothing was sent" is a fact, not a guess."""
        seen = self.idle_rounds
        await eventually(lambda: self.idle_rounds >= seen + 2, within=within, what="an idle round")


@contextlib.asynccontextmanager
async def bot_with_clock(
    standin: StandIn, database_url: str, clock: FakeClock, **overrides: Any
) -> AsyncIterator[RunningBot]:
    """Like harness.running_bot (in process), with a fake clock and setting overrides."""
    async with running_bot(
        standin, database_url, clock=clock, REMINDER_POLL_SECONDS=0.05, **overrides
    ) as running:
        yield running


def sends(standin: StandIn, chat_id: int, fragment: str) -> list[Outgoing]:
    """Messages sent to the chat whose text or button data contains `fragment`."""
    return [
        o
        for o in standin.outgoing(chat_id)
        if o.method == "sendMessage"
        and (fragment in (o.plain or "") or fragment in json.dumps(o.reply_markup or {}))
    ]


async def wait_for_sends(
    standin: StandIn, chat_id: int, fragment: str, count: int, *, within: float = 10.0
) -> list[Outgoing]:
    return await eventually(
        lambda: found if len(found := sends(standin, chat_id, fragment)) >= count else [],
        within=within,
        what=lambda: f"{count} x {fragment!r} to {chat_id}: {sends(standin, chat_id, fragment)}",
    )


async def wait_for_sent_reminders(
    storage: Storage, user_id: int, count: int, *, within: float = 10.0
) -> list[Reminder]:
    """Until `count` of the user's reminders are marked sent. The dispatcher stores a delivery,
    and plans what follows from the clock's time then, just after Telegram has accepted the
    message: a test that moves the clock on before that moves the plan with it."""

    async def marked() -> list[Reminder]:
        found = await reminders_of(storage, user_id)
        return found if sum(r.state == ReminderState.SENT for r in found) >= count else []

    return await eventually(marked, within=within, what=f"{count} reminders of {user_id} sent")


async def reminders_of(storage: Storage, user_id: int) -> list[Reminder]:
    async with storage.sessionmaker() as session, session.begin():
        rows = await session.exec(
            select(Reminder).where(Reminder.user_id == user_id).order_by(col(Reminder.id))
        )
        return list(rows)


async def seed_abandoned_scans(
    storage: Storage, standin: StandIn, user_ids: list[int], *, due: datetime
) -> None:
    """Users with a scan left two days ago and a first nudge due at `due` (bulk, no chat)."""
    from bot.services.reminders import events

    idle_since = datetime.now(UTC) - timedelta(days=2)
    async with storage.sessionmaker() as session, session.begin():
        for user_id in user_ids:
            standin.add_user(user_id, language_code="en")
            session.add(
                User(id=user_id, language="en", first_seen=idle_since, last_active=idle_since)
            )
        await session.flush()
        for user_id in user_ids:
            intake = Conversation(
                user_id=user_id,
                status=ConversationStatus.OPEN,
                position=SCAN.start({}).position,
                started_at=idle_since,
                updated_at=idle_since,
            )
            session.add(intake)
            await session.flush()
            await events.scan_started(
                session, user_id=user_id, scan_id=intake.id or 0, at=due - events.SCAN_FIRST
            )
