"""A typed answer only counts for a question the owner was shown.

When the next question never reached the owner (Telegram refused it for good, or the process
died between storing the answer and sending it), whatever they type next ("hallo? is er
iemand") is not stored as its answer: they get the question again, with an apology."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path

import pytest

from standin import StandIn
from tests.e2e.harness import RunningBot, texts
from tests.faults.child import ChildBot
from tests.faults.test_faults import TOWN_QUESTION, scan
from tests.privacy.walk import begin
from tests.waiting import eventually

SORRY = "Sorry, my last message did not arrive. Here is the current question."


async def test_text_after_a_question_that_never_arrived_is_not_its_answer(
    standin: StandIn, app: RunningBot
) -> None:
    await begin(standin, 4101)
    await standin.say(4101, "Bakkerij Zon")
    # Telegram refuses the municipality question for longer than the bot waits (a 429 of 61 s).
    standin.fail_next("editMessageText", "too-many-requests", retry_after=61, chat_id=4101)
    await standin.tap(4101, "Bakery")
    _, answers = await scan(app, 4101)
    assert "bakery" in answers.values()  # the tap itself was answered and stored
    assert TOWN_QUESTION not in texts(standin.outgoing(4101))

    reply = texts(await standin.say(4101, "hallo? is er iemand"))
    assert SORRY in reply and TOWN_QUESTION in reply
    _, answers = await scan(app, 4101)
    assert "hallo? is er iemand" not in answers.values()
    # Now that they have seen it, their answer counts.
    await standin.say(4101, "Almelo")
    _, answers = await scan(app, 4101)
    assert "Almelo" in answers.values()


async def test_a_question_seen_once_still_takes_typed_answers(
    standin: StandIn, app: RunningBot
) -> None:
    await begin(standin, 4102)
    await standin.say(4102, "Bakkerij Maan")
    await standin.tap(4102, "Bakery")
    reply = texts(await standin.say(4102, "Almelo"))
    assert SORRY not in reply
    _, answers = await scan(app, 4102)
    assert "Almelo" in answers.values()


def stored(database: Path, user_id: int) -> dict[str, object]:
    with sqlite3.connect(database) as db:
        (answers,) = db.execute(
            "SELECT answers_json FROM conversations WHERE user_id = ? AND status = 'open'",
            (user_id,),
        ).fetchone()
    return dict(json.loads(answers))


@pytest.mark.slow  # two bot processes
async def test_killed_between_storing_an_answer_and_sending_the_next_question(
    tmp_path: Path,
) -> None:
    database = tmp_path / "killed.db"
    async with StandIn() as standin:
        first = await ChildBot.started(standin, database)
        try:
            await first.begin(4103)
            assert "name of your business" in texts(standin.outgoing(4103))
            await first.handle(standin.send_text(4103, "Bakkerij Ster"))
            assert "What kind of business" in texts(standin.outgoing(4103))
            # The answer "Bakery" is stored, then the bot waits for Telegram to take the
            # municipality question, and dies there.
            standin.stall("editMessageText", chat_id=4103)
            await standin.press(4103, "Bakery")
            await asyncio.wait_for(standin.stalled.wait(), 30)
            await eventually(lambda: "bakery" in stored(database, 4103).values())
        finally:
            first.kill()
        standin.unstall("editMessageText", chat_id=4103)
        assert TOWN_QUESTION not in texts(standin.outgoing(4103))

        second = await ChildBot.started(standin, database)
        try:
            await second.handle(standin.send_text(4103, "hallo? is er iemand"))
            assert SORRY in texts(standin.outgoing(4103))
            assert TOWN_QUESTION in texts(standin.outgoing(4103))
            assert "hallo? is er iemand" not in stored(database, 4103).values()
        finally:
            second.stop()
