"""Failures never end in silence: an unusable database, a duplicate update from a second process,
a read-only database at start-up."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from aiogram.types import TelegramObject, Update

from bot.db.models import ProcessedUpdate
from standin import StandIn
from tests.e2e.harness import migrated_sqlite, running_bot, texts
from tests.waiting import eventually

ROOT = Path(__file__).resolve().parent.parent.parent
SORRY_EN = "Sorry, something went wrong on my side. Please try again in a few minutes."
SORRY_NL = "Sorry, er ging aan mijn kant iets mis. Probeer het over een paar minuten opnieuw."


def read_only(url: str) -> str:
    """The same SQLite file, opened read-only (root ignores file permissions)."""
    path = url.removeprefix("sqlite+aiosqlite:///")
    return f"sqlite+aiosqlite:///file:{path}?mode=ro&uri=true"


@pytest.mark.parametrize(("language", "sorry"), [("en", SORRY_EN), ("nl", SORRY_NL)])
async def test_read_only_database_user_is_told_log_has_one_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, language: str, sorry: str
) -> None:
    url = await migrated_sqlite(tmp_path)
    caplog.set_level(logging.INFO)
    async with StandIn(sequential_bot=True) as standin, running_bot(standin, read_only(url)):
        standin.add_user(5, language_code=language)
        reply = await standin.say(5, "/start")  # a new owner: the first write fails
        assert texts(reply) == sorry
    problems = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert all(r.exc_info is None for r in problems)  # one line each, no stack trace
    [told] = [r for r in problems if r.name == "bot.error_handlers"]
    assert "update" in told.getMessage() and "readonly database" in told.getMessage()


class AnotherProcessWasFaster:
    """Between our check and our commit, another process records the update as handled."""

    def __init__(self, sessionmaker: Any) -> None:
        self.sessionmaker = sessionmaker
        self.active = True

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        update: Update = data["event_update"]
        if not self.active:
            return await handler(event, data)
        async with self.sessionmaker() as session, session.begin():
            session.add(ProcessedUpdate(update_id=update.update_id))
        return await handler(event, data)


async def test_an_update_handled_by_another_process_is_skipped(
    standin: StandIn, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    async with running_bot(standin, database_url) as app:
        racer = AnotherProcessWasFaster(app.storage.sessionmaker)
        app.dispatcher.message.middleware(racer)
        standin.add_user(6, language_code="en")
        await standin.say(6, "/language")  # the new user's row and the record: one write
        await eventually(
            lambda: any(
                "already handled by another process" in r.getMessage() for r in caplog.records
            ),
            what="the skip in the log",
        )
        # The record that failed was rolled back with whatever came with it; the bot goes on.
        racer.active = False
        assert "/start" in texts(await standin.say(6, "/help"))
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not standin.errors


@pytest.mark.slow  # two processes of the bot
def test_read_only_database_at_start_up_is_one_line(tmp_path: Path) -> None:
    database = tmp_path / "bot.db"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "WEBHOOK_"))}
    env.update(DATABASE_URL=f"sqlite+aiosqlite:///{database}")
    migrated = subprocess.run(
        [sys.executable, "-m", "bot", "migrate"], env=env, cwd=ROOT, capture_output=True
    )
    assert migrated.returncode == 0, migrated.stderr
    env.update(
        DATABASE_URL=f"sqlite+aiosqlite:///file:{database}?mode=ro&uri=true",
        BOT_TOKEN="1:x",
        TELEGRAM_API_URL="http://127.0.0.1:9",
    )
    done = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("tredebot: the database cannot be used")
    assert "readonly database" in lines[0]
