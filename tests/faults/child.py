"""The real bot in a child process (`python -m bot run`, polling the stand-in), with exact
signals of what it has done, for the tests that kill it:

- up and polling: its first getUpdates request (`StandIn.polls`), which it makes once start-up
  (migrations, command menu, webhook removed) is complete;
- an update handled: aiogram's own log line for it ("Update id=N is handled." or "is not
  handled.", logged when `Dispatcher.feed_update` returns), read from the child's stderr.
  tests/faults/test_child_signals.py fails when aiogram words that line differently.

The child handles updates concurrently, as in production, so "the bot went quiet" proves
nothing; these signals do.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
from collections import deque
from pathlib import Path
from typing import Any

from standin import StandIn
from tests.privacy.walk import START
from tests.waiting import eventually

ROOT = Path(__file__).resolve().parents[2]
HANDLED = re.compile(r"Update id=(\d+) is (?:not )?handled")


def start_bot(standin: StandIn, database: Path, **overrides: str) -> subprocess.Popen[bytes]:
    """`python -m bot run` against the stand-in, on a SQLite file (migrated at start);
    `overrides`: other settings by name (WEB_ENABLED="true", WEB_PORT=...)."""
    env = {
        **os.environ,
        "BOT_TOKEN": "42:X",
        "TELEGRAM_API_URL": standin.base_url,
        "DATABASE_URL": f"sqlite+aiosqlite:///{database}",
        "LOG_LEVEL": "INFO",  # aiogram's line per handled update (ids only, never texts)
        "WEBHOOK_URL": "",
        "WEB_ENABLED": "false",  # no dashboard port to collide with another test's
        **overrides,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "run"], cwd=ROOT, env=env, stderr=subprocess.PIPE
    )


class ChildBot:
    """One bot process: start it, wait for what it has handled, kill or stop it."""

    def __init__(self, standin: StandIn, database: Path, **overrides: str) -> None:
        self.standin = standin
        self.handled_ids: set[int] = set()
        self.lines: deque[str] = deque(maxlen=60)  # the end of its log, for failure messages
        self.process = start_bot(standin, database, **overrides)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for raw in self.process.stderr:
            line = raw.decode(errors="replace").rstrip()
            self.lines.append(line)
            if match := HANDLED.search(line):
                self.handled_ids.add(int(match.group(1)))

    def log(self) -> str:
        return "\n".join(self.lines)

    @classmethod
    async def started(
        cls, standin: StandIn, database: Path, *, within: float = 120, **overrides: str
    ) -> ChildBot:
        """A new bot process, once it is up and polling (its first getUpdates)."""
        polls = standin.polls
        child = cls(standin, database, **overrides)

        def polling() -> bool:
            if child.process.poll() is not None:
                raise AssertionError(f"the bot exited at start-up:\n{child.log()}")
            return standin.polls > polls

        try:
            await eventually(polling, within=within, what=lambda: f"polling:\n{child.log()}")
        except BaseException:
            child.kill()
            raise
        return child

    def handled(self, update_id: int) -> bool:
        return update_id in self.handled_ids

    async def wait_handled(self, update_id: int, *, within: float = 60) -> None:
        def done() -> bool:
            if self.handled(update_id):
                return True
            if self.process.poll() is not None:
                raise AssertionError(f"the bot exited before update {update_id}:\n{self.log()}")
            return False

        await eventually(done, within=within, what=lambda: f"update {update_id}:\n{self.log()}")

    async def handle(self, sent: Any) -> dict[str, Any]:
        """Await a stand-in send (`standin.send_text(...)`, `press(...)`), then the bot's
        handling of that update; returns the update."""
        update: dict[str, Any] = await sent
        await self.wait_handled(update["update_id"])
        return update

    async def begin(self, user_id: int) -> None:
        """A new English-speaking owner: /start and the start button, each handled."""
        self.standin.add_user(user_id, language_code="en")
        await self.handle(self.standin.send_text(user_id, "/start"))
        await self.handle(self.standin.press(user_id, START))

    def kill(self) -> None:
        """SIGKILL, as a crash: nothing is finished or cleaned up. Its log is read to the end."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)
        self.reader.join(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.reader.join(10)
