"""Reminders as a user sees them, through the stand-in, with a fake clock that moves months."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from bot.db.models import Reminder, ReminderState, User
from bot.i18n import translate
from standin import StandIn
from tests.e2e.reminders_support import (
    ALWAYS_OPEN,
    WatchedClock,
    bot_with_clock,
    reminders_of,
    sends,
    wait_for_sends,
    wait_for_sent_reminders,
)
from tests.waiting import eventually

DAY = timedelta(days=1)
NUDGE = "rmoff:inventory"  # the stop button every inventory nudge carries


def progress(number: int, locale: str) -> str:
    # The part of the inventory (the first of five), never a count of questions that grows.
    return translate("part {number} of {total}", locale).format(number=number, total=5)


async def start_scan(standin: StandIn, user_id: int, locale: str) -> str:
    """Start the scan and answer the first question; return the second question as shown."""
    standin.add_user(user_id, language_code=locale)
    await standin.say(user_id, "/start")
    await standin.tap(user_id, translate("▶️ Start the scan", locale))
    await wait_for_sends(standin, user_id, "▰", 1)  # the first question (with its progress bar)
    await standin.send_text(user_id, "Bakkerij Test")
    return (await wait_for_sends(standin, user_id, "▰", 2))[-1].plain


async def test_abandoned_scan_gets_exactly_two_nudges_and_continue_resumes(
    standin: StandIn, database_url: str
) -> None:
    clock = WatchedClock()
    async with bot_with_clock(standin, database_url, clock, **ALWAYS_OPEN) as app:
        question = await start_scan(standin, 501, "en")

        clock.advance(DAY - timedelta(minutes=5))
        await clock.caught_up()
        assert not sends(standin, 501, NUDGE), "a nudge before a day of quiet"

        clock.advance(timedelta(minutes=10))
        [nudge] = await wait_for_sends(standin, 501, NUDGE, 1)
        assert "Your PSO scan is waiting" in nudge.plain
        assert progress(1, "en") in nudge.plain
        assert nudge.buttons == [["▶️ Continue"], ["🔕 Stop these reminders"]]
        await wait_for_sent_reminders(app.storage, 501, 1)  # and the last one planned from now

        clock.advance(3 * DAY)
        await clock.caught_up()
        assert len(sends(standin, 501, NUDGE)) == 1
        clock.advance(DAY + timedelta(minutes=5))
        last = (await wait_for_sends(standin, 501, NUDGE, 2))[-1]
        assert "One last reminder" in last.plain

        for _ in range(6):  # two months later: still only the two
            clock.advance(10 * DAY)
            await clock.caught_up()
        assert len(sends(standin, 501, NUDGE)) == 2

        # "Continue" on the reminder shows the very question the owner had reached.
        await standin.press(501, "▶️ Continue")
        prompts = await wait_for_sends(standin, 501, "▰", 3)
        assert prompts[-1].plain == question
        states = [r.state for r in await reminders_of(app.storage, 501)]
        assert states == [ReminderState.SENT, ReminderState.SENT]
        assert not standin.errors


async def test_stop_button_ends_the_nudges(standin: StandIn, database_url: str) -> None:
    clock = WatchedClock()
    async with bot_with_clock(standin, database_url, clock, **ALWAYS_OPEN):
        await start_scan(standin, 502, "nl")
        clock.advance(DAY + timedelta(minutes=5))
        [nudge] = await wait_for_sends(standin, 502, NUDGE, 1)
        assert progress(1, "nl") in nudge.plain
        await standin.press(502, translate("🔕 Stop these reminders", "nl"))
        await wait_for_sends(standin, 502, "/reminders", 1)
        for _ in range(4):
            clock.advance(3 * DAY)
            await clock.caught_up()
        assert len(sends(standin, 502, NUDGE)) == 1
        overview = await standin.say(502, "/reminders")
        assert "⬜ " + translate("Unfinished scan", "nl") in overview[-1].buttons[0]


async def test_blocked_user_is_marked_inactive(standin: StandIn, database_url: str) -> None:
    clock = WatchedClock()
    async with bot_with_clock(standin, database_url, clock, **ALWAYS_OPEN) as app:
        await start_scan(standin, 503, "en")
        standin.block_user(503)
        clock.advance(DAY + timedelta(minutes=5))

        async def attempted() -> list[Reminder]:
            found = await reminders_of(app.storage, 503)
            busy = (ReminderState.PENDING, ReminderState.CLAIMED)
            return found if found[0].state not in busy else []

        [reminder] = await eventually(attempted, what="the nudge to a blocked user attempted")
        assert reminder.state == ReminderState.CANCELLED
        assert "blocked" in (reminder.last_error or "")
        async with app.storage.sessionmaker() as session, session.begin():
            user = (await session.exec(select(User).where(User.id == 503))).one()
        assert user.is_active is False
        assert [e["status"] for e in standin.errors] == [403]
        clock.advance(10 * DAY)
        await clock.caught_up()
        assert len(standin.errors) == 1, "no further attempts at a blocked user"


@pytest.mark.slow  # retry_after passes in real time
async def test_429_is_honoured(standin: StandIn, database_url: str) -> None:
    clock = WatchedClock()
    async with bot_with_clock(standin, database_url, clock, **ALWAYS_OPEN):
        await start_scan(standin, 504, "en")
        standin.fail_next("sendMessage", "too-many-requests", retry_after=1, chat_id=504)
        clock.advance(DAY + timedelta(minutes=5))
        [nudge] = await wait_for_sends(standin, 504, NUDGE, 1)
        [refused] = standin.errors
        assert refused["status"] == 429
        assert nudge.ts - refused["ts"] >= 1.0, "sent again before retry_after had passed"
        await clock.caught_up()
        assert len(sends(standin, 504, NUDGE)) == 1
