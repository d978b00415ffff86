"""Helpers for reminder tests: a bot with a fake clock and chosen settings, waiting for sends."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel import select

from bot.config import load_settings
from bot.db.models import IntakeSession, SessionStatus, User
from bot.db.reminder_models import Reminder, ReminderState
from bot.factory import Storage, create_bot, create_dispatcher, create_storage
from bot.reminders.clock import FakeClock
from dialogs.inventory import INVENTORY
from standin import Outgoing, StandIn
from tests.e2e.harness import TOKEN, RunningBot

ALWAYS_OPEN = {"REMINDER_HOURS": "00:00-24:00", "REMINDER_DAYS": "mon-sun"}


@contextlib.asynccontextmanager
async def bot_with_clock(
    standin: StandIn, database_url: str, clock: FakeClock, **overrides: Any
) -> AsyncIterator[RunningBot]:
    """Like harness.running_bot, with a fake clock and setting overrides."""
    settings = load_settings(
        TELEGRAM_API_URL=standin.base_url,
        DATABASE_URL=database_url,
        BOT_TOKEN=TOKEN,
        REMINDER_POLL_SECONDS=0.05,
        **overrides,
    )
    storage = create_storage(settings)
    bot = create_bot(settings)
    dispatcher = create_dispatcher(settings, storage)
    dispatcher["clock"] = clock
    task = asyncio.create_task(
        dispatcher.start_polling(bot, handle_signals=False, polling_timeout=1)
    )
    running = RunningBot(settings, storage, bot, dispatcher, task)
    try:
        yield running
    finally:
        with contextlib.suppress(RuntimeError):
            await dispatcher.stop_polling()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await bot.session.close()
        await storage.engine.dispose()


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
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        found = sends(standin, chat_id, fragment)
        if len(found) >= count:
            return found
        await asyncio.sleep(0.02)
    raise TimeoutError(
        f"{count} x {fragment!r} not sent to {chat_id}: {sends(standin, chat_id, fragment)}"
    )


async def settle(seconds: float = 0.4) -> None:
    """Give the dispatcher loop (polling every 50 ms) time to act, or to stay quiet."""
    await asyncio.sleep(seconds)


async def wait_for_sent_reminders(
    storage: Storage, user_id: int, count: int, *, within: float = 10.0
) -> list[Reminder]:
    """Until `count` of the user's reminders are marked sent. The dispatcher stores a delivery,
    and plans what follows from the clock's time then, just after Telegram has accepted the
    message: a test that moves the clock on before that moves the plan with it."""
    deadline, found = time.monotonic() + within, []
    while time.monotonic() < deadline:
        found = await reminders_of(storage, user_id)
        if sum(r.state == ReminderState.SENT for r in found) >= count:
            return found
        await asyncio.sleep(0.02)
    raise TimeoutError(f"{count} reminders of {user_id} not marked sent: {found}")


async def reminders_of(storage: Storage, user_id: int) -> list[Reminder]:
    async with storage.sessionmaker() as session:
        rows = await session.exec(
            select(Reminder).where(Reminder.user_id == user_id).order_by(Reminder.id)
        )
        return list(rows)


async def seed_abandoned_scans(
    storage: Storage, standin: StandIn, user_ids: list[int], *, due: datetime
) -> None:
    """Users with a scan left two days ago and a first nudge due at `due` (bulk, no chat)."""
    from bot.reminders import events

    idle_since = datetime.now(UTC) - timedelta(days=2)
    async with storage.sessionmaker() as session:
        for user_id in user_ids:
            standin.add_user(user_id, language_code="en")
            session.add(
                User(id=user_id, language="en", first_seen=idle_since, last_active=idle_since)
            )
        await session.flush()
        for user_id in user_ids:
            intake = IntakeSession(
                user_id=user_id,
                status=SessionStatus.IN_PROGRESS,
                position=INVENTORY.start({}).position,
                started_at=idle_since,
                updated_at=idle_since,
            )
            session.add(intake)
            await session.flush()
            await events.intake_started(
                session, user_id=user_id, intake_id=intake.id or 0, at=due - events.INVENTORY_FIRST
            )
        await session.commit()
