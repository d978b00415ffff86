"""SQLite's WAL checkpoints in a worker thread, not inside whichever commit crosses the threshold.

Our statements run on the event loop (sqlite_inline), and SQLite's automatic checkpoint runs in
the commit that finds the write-ahead log over 1000 pages: it copies the log into the database
file and syncs it, 2-5 ms here every few hundred commits and far longer on a slow disk, while
every update waits. The bot's connections turn that off (`wal_autocheckpoint=0`) and this task
checkpoints once a second from its own connection, in a thread. PASSIVE mode never waits for
readers or writers and never blocks them. When the last connection closes, SQLite checkpoints
by itself, so an engine without this task (a CLI command) loses nothing either.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import threading
from pathlib import Path

from aiogram import Dispatcher

from bot.background import run_while_dispatching

log = logging.getLogger(__name__)
INTERVAL_SECONDS = 1.0


class Checkpointer:
    def __init__(self, database: Path, *, interval: float = INTERVAL_SECONDS) -> None:
        self.database = database
        self.interval = interval
        self._connection: sqlite3.Connection | None = None
        self._lock = threading.Lock()  # one checkpoint at a time, whichever thread runs it

    def checkpoint(self) -> tuple[int, int]:
        """Blocking: copy what the log holds into the database. Returns (log frames, copied)."""
        with self._lock:
            if self._connection is None:
                self._connection = sqlite3.connect(
                    self.database, isolation_level=None, check_same_thread=False
                )
            _busy, frames, copied = self._connection.execute(
                "PRAGMA wal_checkpoint(PASSIVE)"
            ).fetchone()
            return frames, copied

    async def run_forever(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                await asyncio.to_thread(self.checkpoint)
            except sqlite3.Error as error:  # a locked or vanished file: try again next time
                log.warning("WAL checkpoint failed: %s", error)

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None


def install(dispatcher: Dispatcher, checkpointer: Checkpointer) -> None:
    """Checkpoint in the background while the dispatcher runs, and once more at its end."""

    async def last_checkpoint() -> None:
        with contextlib.suppress(sqlite3.Error):
            await asyncio.to_thread(checkpointer.checkpoint)
        checkpointer.close()

    run_while_dispatching(
        dispatcher, "sqlite-checkpoints", checkpointer.run_forever, afterwards=last_checkpoint
    )
