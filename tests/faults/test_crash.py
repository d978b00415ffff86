"""SIGKILL the real bot process while 20 users are mid-inventory; nothing confirmed is lost."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from standin import ChatMessage, StandIn
from tests.privacy.walk import answer_step, begin
from tests.waiting import eventually

ROOT = Path(__file__).resolve().parents[2]
USERS = range(101, 121)


def start_bot(standin: StandIn, database: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "BOT_TOKEN": "42:X",
        "TELEGRAM_API_URL": standin.base_url,
        "DATABASE_URL": f"sqlite+aiosqlite:///{database}",
        "LOG_LEVEL": "WARNING",
        "WEBHOOK_URL": "",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "run"], cwd=ROOT, env=env, stderr=subprocess.PIPE
    )


def snapshot(database: Path) -> dict[int, tuple[str, dict[str, object]]]:
    """Per user: the position of the running scan and its stored answers."""
    with sqlite3.connect(database) as db:
        sessions = db.execute(
            "SELECT user_id, position, answers_json FROM conversations WHERE status = 'open'"
        ).fetchall()
    return {user_id: (position, json.loads(answers)) for user_id, position, answers in sessions}


def question_of(text: str) -> str:
    """The question line of a prompt (without the progress bar and notices)."""
    return next((line for line in text.splitlines() if line.endswith("?")), text)


def question_number(standin: StandIn, user_id: int) -> int:
    """How many different questions (with a "Part N of M" progress line) the user was shown
    (0: none yet). The progress line names the part, not the question, so questions are
    counted by their text; the walk below never returns to one."""
    seen: list[str] = []
    for message in standin.chat(user_id):
        plain = message.plain if message.from_bot else ""
        if re.match(r"Part \d+ of", plain) or "\n\n✅ " in plain:  # asked, or answered
            question = question_of(plain)
            if question not in seen:
                seen.append(question)
    return len(seen)


async def quiet_question(standin: StandIn, user_id: int, quiet: float = 1.0) -> ChatMessage:
    """The question shown last, once the bot has sent nothing to the user for ``quiet`` s."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        seen = len(standin.chat(user_id))
        await asyncio.sleep(quiet)
        last = standin.last_bot_message(user_id)
        if len(standin.chat(user_id)) == seen and last and question_number(standin, user_id):
            return last
    raise AssertionError(f"no question shown to {user_id}: {standin.chat(user_id)[-3:]}")


async def step_forward(standin: StandIn, user_id: int) -> None:
    """Answer the shown question and wait for the next one. The bot runs in its own process
    and handles updates concurrently, so a reply's end cannot be seen from here: wait for
    the question that proves the answer was taken."""
    before = question_number(standin, user_id)
    await answer_step(standin, user_id, name=f"Bedrijf {user_id}")
    await eventually(
        lambda: question_number(standin, user_id) > before,
        within=30,
        what=lambda: f"the question after {before} for {user_id}: {standin.chat(user_id)[-4:]}",
    )


async def test_sigkill_mid_inventory_loses_nothing_confirmed(tmp_path: Path) -> None:
    database = tmp_path / "crash.db"
    async with StandIn() as standin:
        process = start_bot(standin, database)
        try:

            async def walk(user_id: int) -> None:
                await begin(standin, user_id)
                await eventually(
                    lambda: question_number(standin, user_id) == 1,
                    within=30,
                    what=f"the first question shown to {user_id}",
                )
                for _ in range(user_id % 4 + 1):
                    await step_forward(standin, user_id)

            standin.add_user(100, language_code="en")
            await standin.say(100, "/help", timeout=60)  # the process is up and polling
            await asyncio.wait_for(asyncio.gather(*(walk(u) for u in USERS)), 90)
            # The bot commits an answer just after showing the next question: wait for the rows.
            confirmed = await eventually(
                lambda: (
                    (now := snapshot(database))
                    and all(len(now.get(u, ("", {}))[1]) == u % 4 + 1 for u in USERS)
                    and now
                ),
                what=lambda: f"every answer stored: {snapshot(database)}",
            )
            shown = {u: question_of(standin.last_bot_message(u).plain) for u in USERS}
            assert set(confirmed) == set(USERS)
            # Five users tap at the moment of the crash: those answers were never confirmed.
            in_flight = set(list(USERS)[:5])
            for user_id in in_flight:
                label = (
                    next(b for row in standin.last_bot_message(user_id).buttons for b in row)
                    if standin.last_bot_message(user_id).buttons
                    else None
                )
                if label and not label.startswith(("⏭", "⬅️")):
                    await standin.press(user_id, label)
                else:
                    await standin.send_text(user_id, "7")
            process.send_signal(signal.SIGKILL)
            process.wait(10)
        finally:
            if process.poll() is None:
                process.kill()

        process = start_bot(standin, database)
        try:

            async def resume(user_id: int) -> None:
                await standin.say(user_id, "/continue", timeout=30)
                # The restarted bot also gets the updates it never confirmed (the in-flight
                # taps): wait until it has answered everything before typing again.
                reply = await quiet_question(standin, user_id)
                position, answers = confirmed[user_id]
                now_position, now_answers = snapshot(database)[user_id]
                # Every confirmed answer is still there, unchanged.
                assert {k: now_answers.get(k) for k in answers} == answers
                if user_id not in in_flight:
                    assert now_position == position
                    assert question_of(reply.plain) == shown[user_id]
                # And the user simply continues: the next answer is stored.
                stored = len(now_answers)
                await step_forward(standin, user_id)
                await eventually(
                    lambda: len(snapshot(database)[user_id][1]) > stored,
                    what=f"the next answer of {user_id} stored",
                )

            await asyncio.wait_for(asyncio.gather(*(resume(u) for u in USERS)), 90)
            assert not standin.errors
        finally:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
