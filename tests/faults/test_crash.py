"""SIGKILL the real bot process while 20 users are mid-inventory; nothing confirmed is lost.

The bot runs as in production, in its own process handling updates concurrently; the test
waits for exact signals of it (tests/faults/child.py), never for a quiet period."""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
from pathlib import Path

import pytest

from standin import ChatMessage, StandIn
from tests.faults.child import ChildBot
from tests.privacy.walk import send_answer
from tests.waiting import eventually

pytestmark = pytest.mark.slow  # two bot processes and 20 owners

USERS = range(101, 121)


def snapshot(database: Path) -> dict[int, tuple[str, dict[str, object]]]:
    """Per user: the position of the running scan and its stored answers (without the
    engine's context)."""
    with sqlite3.connect(database) as db:
        sessions = db.execute(
            "SELECT user_id, position, answers_json FROM conversations WHERE status = 'open'"
        ).fetchall()
    return {
        user_id: (position, {k: v for k, v in json.loads(answers).items() if k != "_context"})
        for user_id, position, answers in sessions
    }


def last_message(standin: StandIn, user_id: int) -> ChatMessage:
    message = standin.last_bot_message(user_id)
    assert message is not None, f"nothing shown to {user_id}"
    return message


def question_of(text: str) -> str:
    """The question line of a prompt (without the progress bar and notices)."""
    return next((line for line in text.splitlines() if line.endswith("?")), text)


def question_number(standin: StandIn, user_id: int) -> int:
    """How many different questions (with a "Part N of M" progress line) the user was shown
    (0: none yet): sent, or in the message a tap moved on. The progress line names the part,
    not the question, so questions are counted by their text; the walk below never returns to
    one."""
    seen: list[str] = []
    for sent in standin.outgoing(user_id):
        if sent.method not in ("sendMessage", "editMessageText"):
            continue
        if re.search(r"Part \d+ of", sent.plain):
            question = question_of(sent.plain)
            if question not in seen:
                seen.append(question)
    return len(seen)


async def step_forward(child: ChildBot, user_id: int) -> None:
    """Answer the shown question; once the bot has handled the answer, the next question is
    there. (The bot handles updates concurrently in its own process, so the end of a reply
    cannot be seen from the stand-in: the bot's log says when it has handled the update.)"""
    before = question_number(child.standin, user_id)
    await child.handle(send_answer(child.standin, user_id, name=f"Bedrijf {user_id}"))
    assert question_number(child.standin, user_id) > before, (
        f"the question after {before} for {user_id}: {child.standin.chat(user_id)[-4:]}"
    )


async def test_sigkill_mid_inventory_loses_nothing_confirmed(tmp_path: Path) -> None:
    database = tmp_path / "crash.db"
    async with StandIn() as standin:
        first = await ChildBot.started(standin, database)
        try:

            async def walk(user_id: int) -> None:
                await first.begin(user_id)
                assert question_number(standin, user_id) == 1, standin.chat(user_id)[-3:]
                for _ in range(user_id % 4 + 1):
                    await step_forward(first, user_id)

            await asyncio.wait_for(asyncio.gather(*(walk(u) for u in USERS)), 90)
            # The bot commits an answer just after showing the next question: wait for the rows.
            confirmed = await eventually(
                lambda: (
                    now
                    if all(
                        len((now := snapshot(database)).get(u, ("", {}))[1]) == u % 4 + 1
                        for u in USERS
                    )
                    else {}
                ),
                what=lambda: f"every answer stored: {snapshot(database)}",
            )
            shown = {u: question_of(last_message(standin, u).plain) for u in USERS}
            assert set(confirmed) == set(USERS)
            # Five users tap at the moment of the crash: those answers were never confirmed.
            in_flight: dict[int, int] = {}
            for user_id in list(USERS)[:5]:
                buttons = last_message(standin, user_id).buttons
                label = next(b for row in buttons for b in row) if buttons else None
                if label and not label.startswith(("⏭", "⬅️")):
                    update = await standin.press(user_id, label)
                else:
                    update = await standin.send_text(user_id, "7")
                in_flight[user_id] = update["update_id"]
        finally:
            first.kill()
        # What the dead bot had not confirmed, Telegram (the stand-in) gives the next one.
        redelivered = {u: i for u, i in in_flight.items() if not standin.confirmed(i)}

        second = await ChildBot.started(standin, database)
        try:

            async def resume(user_id: int) -> None:
                if user_id in redelivered:  # handled before anything sent after it
                    await second.wait_handled(redelivered[user_id])
                await second.handle(standin.send_text(user_id, "/continue"))
                reply = last_message(standin, user_id)
                position, answers = confirmed[user_id]
                now_position, now_answers = snapshot(database)[user_id]
                # Every confirmed answer is still there, unchanged.
                assert {k: now_answers.get(k) for k in answers} == answers
                if user_id not in in_flight:
                    assert now_position == position
                    assert question_of(reply.plain) == shown[user_id]
                # And the user simply continues: the next answer is stored.
                stored = len(now_answers)
                await step_forward(second, user_id)
                await eventually(
                    lambda: len(snapshot(database)[user_id][1]) > stored,
                    what=f"the next answer of {user_id} stored",
                )

            await asyncio.wait_for(asyncio.gather(*(resume(u) for u in USERS)), 90)
            assert not standin.errors
        finally:
            second.stop()
