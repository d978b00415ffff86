"""The whole bot for end-to-end tests, built as production builds it (`bot.factory`).

- In process (`running_bot`, the default): the stand-in hands each update to
  `Dispatcher.feed_update` and the bot's session calls the stand-in directly
  (`standin.inprocess`), so `say()` and `tap()` return when the handler has finished.
- Over HTTP (`polling_bot`, tests marked `http`): the same bot polls the stand-in's server,
  one update at a time, for what needs the transport (aiogram's HTTP session, 429 and 5xx over
  the wire, a bot that runs beside a test holding a lock, a few whole journeys).
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import shutil
import sqlite3
import tempfile
import warnings
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from aiogram import Bot, Dispatcher

from bot.config import Settings, load_settings
from bot.db.migrate import upgrade_to_head_async
from bot.factory import Storage, create_bot, create_dispatcher, create_storage
from bot.runtime.clock import Clock
from standin import Outgoing, StandIn
from standin.inprocess import InProcessSession, feed
from standin.server import Deliver
from tests.postgres import fresh_postgres

TOKEN = "42:TEST-TOKEN"
# The in-process bot's TELEGRAM_API_URL: nothing listens there, so a request that went over
# HTTP after all would fail at once.
NOWHERE = "http://127.0.0.1:9"


@dataclass
class RunningBot:
    settings: Settings
    storage: Storage
    bot: Bot
    dispatcher: Dispatcher
    task: asyncio.Task[None] | None = None  # polling over HTTP; None in process
    standin: StandIn | None = None  # in process: the stand-in that delivers to `deliver`
    deliver: Deliver | None = None
    stopped: bool = False

    async def stop(self) -> None:
        """Stop taking updates and run the shutdown hooks, as a process that ends. Updates
        sent after this wait for the next bot (a restart)."""
        if self.stopped:
            return
        self.stopped = True
        if self.task is not None:
            with contextlib.suppress(RuntimeError):  # polling already ended by itself
                await self.dispatcher.stop_polling()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task
            return
        if self.standin is not None:
            previous = self.standin.deliver_to(None)
            if previous is not self.deliver:  # another bot took over meanwhile: keep it
                self.standin.deliver_to(previous)
        await self.dispatcher.emit_shutdown(**self._hook_data())

    def _hook_data(self) -> dict[str, Any]:
        # What start_polling gives the startup and shutdown hooks.
        return {
            "dispatcher": self.dispatcher,
            "bots": (self.bot,),
            **self.dispatcher.workflow_data,
            "bot": self.bot,
        }

    async def start_in_process(self, standin: StandIn) -> None:
        """Run the startup hooks (command menu, reminders, housekeeping), then take updates."""
        await self.dispatcher.emit_startup(**self._hook_data())
        # What polling asks getUpdates for: the kinds of update the routers handle.
        standin.allowed_updates = self.dispatcher.resolve_used_update_types()
        self.standin, self.deliver = standin, feed(self.dispatcher, self.bot)
        standin.deliver_to(self.deliver)


@contextlib.asynccontextmanager
async def started_standin(*, quiet_seconds: float | None = None) -> AsyncIterator[StandIn]:
    """The Bot API stand-in, listening on loopback for the tests that use HTTP. It knows
    exactly when an answer is complete: updates delivered in process are awaited, and the
    polling harness handles one update at a time (see StandIn.sequential_bot), retries of a
    dropped request included; `quiet_seconds` is only the fallback for other bots."""
    server = StandIn(sequential_bot=True)
    if quiet_seconds is not None:
        server.quiet_seconds = quiet_seconds
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


async def inprocess_bot(settings: Settings, standin: StandIn) -> Bot:
    """The production bot (`create_bot`: its token, defaults and request middlewares, such as
    the retries) with the in-process session in place of aiohttp's."""
    production = create_bot(settings)
    session = InProcessSession(standin)
    for middleware in production.session.middleware:
        session.middleware(middleware)
    await production.session.close()  # never opened: no request was made
    return Bot(token=production.token, session=session, default=production.default)


@contextlib.asynccontextmanager
async def running_bot(
    standin: StandIn,
    database_url: str,
    *,
    clock: Clock | Callable[[], datetime] | None = None,
    **settings_overrides: object,
) -> AsyncIterator[RunningBot]:
    """A bot process-alike (own storage, bot, dispatcher) fed in process by the stand-in.
    `settings_overrides` by environment name, e.g. ADMIN_IDS="1,2"; `clock` (a Clock or a
    plain function of the time) replaces the reminders' and housekeeping's clock."""
    settings = load_settings(
        TELEGRAM_API_URL=NOWHERE, DATABASE_URL=database_url, BOT_TOKEN=TOKEN, **settings_overrides
    )
    storage = create_storage(settings)
    bot = await inprocess_bot(settings, standin)
    dispatcher = create_dispatcher(settings, storage)
    if clock is not None:
        dispatcher["clock"] = clock
    running = RunningBot(settings, storage, bot, dispatcher)
    before = asyncio.all_tasks()
    try:
        await running.start_in_process(standin)
        yield running
    finally:
        try:
            await running.stop()
        finally:
            await bot.session.close()
            await storage.engine.dispose()
            await end_leftover_tasks(before)


@contextlib.asynccontextmanager
async def polling_bot(
    standin: StandIn,
    database_url: str,
    *,
    clock: Clock | Callable[[], datetime] | None = None,
    **settings_overrides: object,
) -> AsyncIterator[RunningBot]:
    """Like `running_bot`, but polling the stand-in's HTTP server with aiogram's own session."""
    settings = load_settings(
        TELEGRAM_API_URL=standin.base_url,
        DATABASE_URL=database_url,
        BOT_TOKEN=TOKEN,
        **settings_overrides,
    )
    storage = create_storage(settings)
    bot = create_bot(settings)
    dispatcher = create_dispatcher(settings, storage)
    if clock is not None:
        dispatcher["clock"] = clock
    before = asyncio.all_tasks()
    task = asyncio.create_task(
        # Sequential handling: the next getUpdates call then tells the stand-in that the
        # previous update's answer is complete (see StandIn.sequential_bot).
        dispatcher.start_polling(
            bot, handle_signals=False, polling_timeout=1, handle_as_tasks=False
        )
    )
    running = RunningBot(settings, storage, bot, dispatcher, task=task)
    try:
        yield running
    finally:
        await running.stop()
        await bot.session.close()
        await storage.engine.dispose()
        await end_leftover_tasks(before)


async def end_leftover_tasks(before: set[asyncio.Task[Any]], *, grace: float = 2.0) -> None:
    """End what a stopped bot left running, as the end of its process would.

    Normally nothing is left. But SQLAlchemy 2.1.9 with aiosqlite 0.22.1 can leave a task
    behind when a task is cancelled twice in the middle of a query: the connection's graceful
    close waits for aiosqlite's worker thread after that thread has already stopped, and when
    cancelled it waits once more in aiosqlite's `close()` (its `finally`). Left alone, the
    test's event loop would hang when it closes. Such tasks get `grace` seconds, then are
    cancelled until they end, and are named in a warning."""
    current = asyncio.current_task()
    left = {t for t in asyncio.all_tasks() if t not in before and t is not current}
    if not left:
        return
    _, pending = await asyncio.wait(left, timeout=grace)
    for task in pending:
        for _ in range(3):
            task.cancel()
            await asyncio.wait({task}, timeout=1)
            if task.done():
                break
    if pending:
        warnings.warn(f"the bot left tasks running, ended now: {pending}", stacklevel=2)


def over_http(request: pytest.FixtureRequest) -> bool:
    """Whether the test is marked `http`: its bot polls the stand-in's server."""
    return request.node.get_closest_marker("http") is not None


def bot_runner(request: pytest.FixtureRequest) -> Any:
    """`polling_bot` for a test marked `http`, else `running_bot`."""
    return polling_bot if over_http(request) else running_bot


# --- databases ---------------------------------------------------------------------------------
_sqlite_template: Path | None = None


async def sqlite_template() -> Path:
    """A SQLite database migrated to head once per test run (per process, so per xdist
    worker), in a journal mode that keeps it in one file."""
    global _sqlite_template
    if _sqlite_template is None:
        folder = Path(tempfile.mkdtemp(prefix="tredebot-template-"))
        atexit.register(shutil.rmtree, folder, True)
        path = folder / "template.db"
        await upgrade_to_head_async(f"sqlite+aiosqlite:///{path}")
        with contextlib.closing(sqlite3.connect(path)) as db:
            db.execute("PRAGMA journal_mode=DELETE")  # the WAL folded into the one file
        _sqlite_template = path
    return _sqlite_template


async def migrated_sqlite(folder: Path, name: str = "tredebot.db") -> str:
    """A migrated SQLite database in `folder`: a file copy of the run's template."""
    target = folder / name
    shutil.copyfile(await sqlite_template(), target)
    return f"sqlite+aiosqlite:///{target}"


async def migrated_database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A migrated database of the kind a fixture's `request.param` names: "sqlite" (a copy in
    `tmp_path`) or "postgres" (a fresh database; skipped without TEST_POSTGRES_URL)."""
    if request.param == "sqlite":
        yield await migrated_sqlite(tmp_path)
        return
    async with fresh_postgres() as url:
        yield url


def texts(outgoing: list[Outgoing]) -> str:
    """Everything the bot showed anew in these requests, as plain text, for assertions (a
    message that only lost its buttons shows nothing new)."""
    return "\n".join(
        item.plain for item in outgoing if item.text and item.method != "editMessageReplyMarkup"
    )
