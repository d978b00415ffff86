"""Opted-in follow-up: check-ins on the road to Aspirant, the official scan, the certificate."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.db.models import Reminder, ReminderState, Result
from standin import StandIn
from tests.e2e.harness import RunningBot
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


async def button_shown(standin: StandIn, chat_id: int, label: str) -> None:
    await eventually(
        lambda: any(label in row for m in standin.chat(chat_id) for row in m.buttons),
        what=f"a button {label!r}",
    )


async def stored_result(app: RunningBot, user_id: int, level: str) -> int:
    async with app.storage.sessionmaker() as session, session.begin():
        result = Result(
            user_id=user_id,
            rules_version="test",
            level=level,
            contribution_pct=1.0,
            answers_json="{}",
            assessment_json="{}",
        )
        session.add(result)
        await session.flush()
        return result.id or 0


async def opt_in(standin: StandIn, app: RunningBot, user_id: int, level: str) -> str:
    """Tap the result screen's 🔔 button (its callback data, on a message of the chat)."""
    standin.add_user(user_id, language_code="en")
    await standin.say(user_id, "/reminders")  # creates the user; a message to press from
    result_id = await stored_result(app, user_id, level)
    message = standin.last_bot_message(user_id)
    assert message is not None
    await standin.press_data(user_id, f"rmopt:{result_id}", message_id=message.message_id)
    return (await wait_for_sends(standin, user_id, "/reminders shows", 1))[-1].plain


async def test_road_to_aspirant_check_ins_store_answers_and_stop_at_the_goal(
    standin: StandIn, database_url: str
) -> None:
    clock = WatchedClock()
    async with bot_with_clock(standin, database_url, clock, **ALWAYS_OPEN) as app:
        confirmation = await opt_in(standin, app, 601, "none")
        assert "1, 3, 6, 12 and 18 months" in confirmation
        planned = await reminders_of(app.storage, 601)
        assert [r.step for r in planned] == ["m1", "m3", "m6", "m12", "m18"]

        clock.advance(31 * DAY)
        [check_in] = await wait_for_sends(standin, 601, "rmoff:roadmap", 1)
        assert "Month 1 on your road to Trede 1 (via Aspirant status)" in check_in.plain
        assert "plan of action" in check_in.plain
        assert check_in.buttons[0] == ["✅ Yes", "⏳ Not yet"]
        # The dispatcher marks the check-in sent just after Telegram accepted it; a tap before
        # that mark finds no sent check-in (in process, the tap comes that fast).
        await wait_for_sent_reminders(app.storage, 601, 1)
        await standin.press(601, "✅ Yes")
        await wait_for_sends(standin, 601, "Well done", 1)
        # A plan of action is no hire: no "I hired someone" here.
        assert not any("👤" in label for m in standin.chat(601) for r in m.buttons for label in r)
        first = (await reminders_of(app.storage, 601))[0]
        assert first.answer == "yes" and first.answered_at is not None

        # A new scan reaches Trede 1: the goal is reached, the check-ins stop.
        await stored_result(app, 601, "trede_1")
        for _ in range(8):
            clock.advance(90 * DAY)
            await clock.caught_up()
        assert len(sends(standin, 601, "rmoff:roadmap")) == 1
        states = [r.state for r in await reminders_of(app.storage, 601)]
        assert states[1] == ReminderState.CANCELLED


@pytest.mark.slow  # one reminder a second per chat, in real time
async def test_trede_owner_gets_mijnpso_reminder_and_certificate_expiry(
    standin: StandIn, database_url: str
) -> None:
    clock = WatchedClock()
    async with bot_with_clock(standin, database_url, clock, **ALWAYS_OPEN) as app:
        await opt_in(standin, app, 602, "trede_1")
        clock.advance(31 * DAY)
        [mijnpso] = await wait_for_sends(standin, 602, "rmoff:trede", 1)
        assert "MijnPSO" in mijnpso.plain

        year = clock.now().year + 2
        await standin.press(602, "✅ I am certified", message_id=mijnpso.message_id)
        await wait_for_sends(standin, 602, "In which year", 1)
        await standin.press(602, str(year))
        await button_shown(standin, 602, "Jun")
        await standin.press(602, "Jun")

        async def expiry_planned() -> list[Reminder]:
            return [r for r in await reminders_of(app.storage, 602) if r.step == "expiry"]

        expiry = await eventually(expiry_planned, what="the certificate's expiry reminder")
        assert [r.state for r in expiry] == [ReminderState.PENDING]
        assert (expiry[0].due_at.year, expiry[0].due_at.month) == (year, 3)

        overview = await standin.say(602, "/reminders")
        assert "Official scan, yearly re-scan, certificate" in overview[-1].plain

        while clock.now().year < year or clock.now().month < 3:
            clock.advance(60 * DAY)
            await clock.caught_up()
        await wait_for_sends(standin, 602, f"06-{year}", 1)
        # A yearly re-scan came along the way, and every step went out once.
        await wait_for_sends(standin, 602, "A year has passed", 1)

        # The row is marked sent just after Telegram accepted the message.
        async def sent_steps() -> list[str]:
            rows = await reminders_of(app.storage, 602)
            steps = [r.step for r in rows if r.state == ReminderState.SENT]
            return steps if "y1" in steps else []

        steps = await eventually(sent_steps, what="the yearly re-scan marked sent")
        assert len(steps) == len(set(steps))


async def test_a_yes_to_the_hiring_check_in_offers_to_add_the_person(
    standin: StandIn, database_url: str
) -> None:
    clock = WatchedClock()
    async with bot_with_clock(standin, database_url, clock, **ALWAYS_OPEN) as app:
        await opt_in(standin, app, 603, "none")
        clock.advance(31 * DAY)
        await wait_for_sends(standin, 603, "rmoff:roadmap", 1)
        clock.advance(62 * DAY)
        [_, check_in] = await wait_for_sends(standin, 603, "rmoff:roadmap", 2)
        assert "first person from the target group" in check_in.plain
        await wait_for_sent_reminders(app.storage, 603, 2)  # marked sent, as above
        await standin.press(603, "✅ Yes", message_id=check_in.message_id)
        await button_shown(standin, 603, "👤 I hired someone: add them")
        latest = max(r.id or 0 for r in await results_of(app, 603))
        button = next(
            b
            for m in standin.chat(603)
            for row in (m.reply_markup or {}).get("inline_keyboard", [])
            for b in row
            if b["text"].startswith("👤")
        )
        assert button["callback_data"] == f"hd:{latest}"


async def results_of(app: RunningBot, user_id: int) -> list[Result]:
    from sqlmodel import select

    async with app.storage.sessionmaker() as session, session.begin():
        return list(await session.exec(select(Result).where(Result.user_id == user_id)))
