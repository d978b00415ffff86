"""Exactly once: two dispatchers on one database, a crash between claim and send, the window."""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from bot.config import load_settings
from bot.db.models import Reminder, ReminderState, as_utc
from bot.db.repositories import reminders
from bot.factory import Storage, create_bot, create_storage
from bot.jobs.reminders import ReminderDispatcher, config_from_settings
from bot.runtime.clock import Clock, SystemClock
from standin import StandIn
from tests.e2e.harness import TOKEN
from tests.e2e.reminders_support import ALWAYS_OPEN, WatchedClock, seed_abandoned_scans
from tests.waiting import eventually

pytestmark = pytest.mark.slow  # paced in real time (REMINDER_RATE, one a second per chat)

NUDGE = "rmoff:inventory"


@contextlib.asynccontextmanager
async def dispatcher_process(
    standin: StandIn, database_url: str, clock: Clock, **overrides: str
) -> AsyncIterator[tuple[ReminderDispatcher, Storage]]:
    """A reminder dispatcher with its own engine and bot: what a second bot process has."""
    settings = load_settings(
        TELEGRAM_API_URL=standin.base_url,
        DATABASE_URL=database_url,
        BOT_TOKEN=TOKEN,
        REMINDER_POLL_SECONDS=0.05,
        **{**ALWAYS_OPEN, **overrides},
    )
    storage = create_storage(settings)
    bot = create_bot(settings)
    worker = ReminderDispatcher(
        bot=bot,
        engine=storage.engine,
        sessionmaker=storage.sessionmaker,
        config=config_from_settings(settings),
        clock=clock,
    )
    task = asyncio.create_task(worker.run())
    try:
        yield worker, storage
    finally:
        worker.stop()
        await asyncio.wait_for(task, timeout=15)
        await bot.session.close()
        await storage.engine.dispose()


async def wait_until_settled(
    storage: Storage, clock: Clock, *, within: float = 60.0
) -> dict[str, int]:
    """Wait until nothing is due or being sent; return the first nudges' states."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while True:
        async with storage.sessionmaker() as session, session.begin():
            rows = (await session.exec(select(Reminder).where(Reminder.step == "1"))).all()
        busy = [
            r
            for r in rows
            if r.state == ReminderState.CLAIMED
            or (r.state == ReminderState.PENDING and as_utc(r.due_at) <= clock.now())
        ]
        if not busy or loop.time() > deadline:
            return dict(Counter(r.state for r in rows))
        await asyncio.sleep(0.05)


def nudges_per_chat(standin: StandIn) -> Counter[int]:
    return Counter(
        o.chat_id
        for o in standin.outgoing()
        if o.chat_id is not None and o.method == "sendMessage" and NUDGE in str(o.reply_markup)
    )


async def test_two_dispatchers_send_each_due_reminder_exactly_once(
    standin: StandIn, database_url: str
) -> None:
    users = list(range(10_000, 10_150))
    seeder = create_storage(load_settings(DATABASE_URL=database_url))
    await seed_abandoned_scans(seeder, standin, users, due=datetime.now(UTC) - timedelta(hours=1))
    await seeder.engine.dispose()

    clock = SystemClock()
    async with (
        dispatcher_process(standin, database_url, clock) as (first, storage),
        dispatcher_process(standin, database_url, clock) as (second, _),
    ):
        counts = await wait_until_settled(storage, clock)
    assert counts == {ReminderState.SENT: len(users)}
    per_chat = nudges_per_chat(standin)
    assert sorted(per_chat) == users, "every due reminder was sent"
    assert set(per_chat.values()) == {1}, "and none twice"
    assert first.sent + second.sent == len(users)
    assert first.sent > 0 and second.sent > 0, "both dispatchers took part"
    assert not standin.errors


async def test_a_crash_between_claim_and_send_is_recovered(
    standin: StandIn, database_url: str
) -> None:
    users = list(range(20_000, 20_020))
    seeder = create_storage(load_settings(DATABASE_URL=database_url))
    clock = WatchedClock()
    await seed_abandoned_scans(seeder, standin, users, due=clock.now() - timedelta(minutes=1))
    # A process claims five and dies before sending them.
    crashed = await reminders.claim_due(seeder.engine, now=clock.now(), limit=5, token="crashed")
    await seeder.engine.dispose()
    assert len(crashed) == 5

    async with dispatcher_process(standin, database_url, clock) as (_, storage):
        await eventually(lambda: sum(nudges_per_chat(standin).values()) >= 15, what="15 nudges")
        await clock.caught_up()  # a whole round after those: it would have taken the claimed
        assert sum(nudges_per_chat(standin).values()) == 15, "claimed rows wait for the lease"
        clock.advance(reminders.DEFAULT_LEASE + timedelta(minutes=1))
        counts = await wait_until_settled(storage, clock)
    assert counts == {ReminderState.SENT: len(users)}
    per_chat = nudges_per_chat(standin)
    assert sorted(per_chat) == users and set(per_chat.values()) == {1}


async def test_quiet_window_is_respected_and_spread(standin: StandIn, database_url: str) -> None:
    amsterdam = ZoneInfo("Europe/Amsterdam")
    # A Saturday noon at least two days ahead, so the seeded scans have been quiet long enough.
    day = datetime.now(amsterdam) + timedelta(days=2)
    day += timedelta(days=(5 - day.weekday()) % 7)
    saturday = day.replace(hour=12, minute=0, second=0, microsecond=0)
    clock = WatchedClock(saturday)
    users = list(range(30_000, 30_012))
    seeder = create_storage(load_settings(DATABASE_URL=database_url))
    await seed_abandoned_scans(seeder, standin, users, due=saturday)
    await seeder.engine.dispose()

    sent_at: dict[int, datetime] = {}
    async with dispatcher_process(
        standin, database_url, clock, REMINDER_HOURS="09:00-19:00", REMINDER_DAYS="mon-fri"
    ) as (_, storage):
        # Through the weekend hour by hour, to Monday 08:45; each time the dispatcher has
        # caught up with the clock before it moves on.
        monday_0845 = saturday + timedelta(days=1, hours=20, minutes=45)
        while clock.now() < monday_0845:
            clock.set(min(clock.now() + timedelta(hours=1), monday_0845))
            await clock.caught_up()
        assert not nudges_per_chat(standin), "nothing at the weekend or before 09:00"
        monday_end = saturday + timedelta(days=2, hours=7, minutes=15)
        while clock.now() < monday_end:
            clock.advance(timedelta(minutes=15))
            await clock.caught_up()
            for chat in nudges_per_chat(standin):
                sent_at.setdefault(chat, clock.now())
        await wait_until_settled(storage, clock, within=5)
    assert sorted(sent_at) == users
    local = [moment.astimezone(amsterdam) for moment in sent_at.values()]
    assert all(
        (m.weekday() == 0 and 9 <= m.hour < 19) or (m.hour, m.minute) == (19, 0) for m in local
    )
    hours = {m.hour for m in local}
    assert len(hours) >= 4, f"spread over the day, not all at the opening: {sorted(hours)}"
