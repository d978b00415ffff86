"""SIGKILL the real bot process while 20 users are mid-inventory; nothing confirmed is lost."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from standin import StandIn
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
            "SELECT user_id, id, position FROM intake_sessions WHERE status = 'in_progress'"
        ).fetchall()
        result = {}
        for user_id, intake_id, position in sessions:
            rows = db.execute(
                "SELECT key, value_json FROM answers WHERE session_id = ?", (intake_id,)
            ).fetchall()
            result[user_id] = (position, {key: json.loads(value) for key, value in rows})
    return result


def question_of(text: str) -> str:
    """The question line of a prompt (without the progress bar and notices)."""
    return next(line for line in text.splitlines() if line.endswith("?"))


async def test_sigkill_mid_inventory_loses_nothing_confirmed(tmp_path: Path) -> None:
    database = tmp_path / "crash.db"
    async with StandIn() as standin:
        process = start_bot(standin, database)
        try:

            async def walk(user_id: int) -> None:
                await begin(standin, user_id)
                for _ in range(user_id % 4 + 1):
                    await answer_step(standin, user_id, name=f"Bedrijf {user_id}")

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
                reply = await standin.say(user_id, "/continue", timeout=30)
                position, answers = confirmed[user_id]
                now_position, now_answers = snapshot(database)[user_id]
                # Every confirmed answer is still there, unchanged.
                assert {k: now_answers.get(k) for k in answers} == answers
                if user_id not in in_flight:
                    assert now_position == position
                    assert question_of(reply[-1].plain) == shown[user_id]
                # And the user simply continues: the next answer is stored.
                before = len(now_answers)
                await answer_step(standin, user_id, name=f"Bedrijf {user_id}")
                await eventually(
                    lambda: len(snapshot(database)[user_id][1]) > before,
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
