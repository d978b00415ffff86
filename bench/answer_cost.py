"""What one answer costs: SQL statements, read and write transactions, hand-offs to aiosqlite's
thread and Bot API calls per update, for the bakery owner of `make demo` played through the
real bot in process; then the time per answer.

    python -m bench.answer_cost                # SQLite in a temporary folder
    python -m bench.answer_cost --postgres URL # and on PostgreSQL (an empty database)
    python -m bench.answer_cost --owners 40    # owners played for the time per answer
    python -m bench.answer_cost --webhook      # notes each question shown at once, as webhook
                                               # mode does (another replica may take the next)

Statements run through SQLAlchemy are counted with its `before_cursor_execute` event,
transactions with its `begin` event (a transaction that ran an INSERT, UPDATE or DELETE is a
write), Bot API calls with an aiogram request middleware. On SQLite every piece of work aiosqlite
runs in its connection's thread ends with one `call_soon_threadsafe` from that thread to hand
the outcome back to the loop: a profile function on those threads (`threading.setprofile`)
counts them as hand-offs, and counts those that ran `execute_fetchall` or `executemany` as
statements (the answers' prepared statements, `bot.db.prepared`: one hand-off each, a write is
its own transaction).
Public hooks only, nothing patched. The time per answer is measured in a second run without the
profile function: wall-clock and process CPU time from the update's delivery to the end of its
handling, in process (the stand-in's share included), averaged over the answers of `--owners`
owners played one after the other.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware
from sqlalchemy import event

from bench.owners import SCRIPT
from bot.config import load_settings
from bot.db.migrate import upgrade_to_head_async
from bot.factory import create_bot, create_dispatcher, create_storage
from bot.services.conversation import keep_notes
from standin import StandIn
from standin.inprocess import InProcessSession, feed

USER = 4242
WRITES = ("INSERT", "UPDATE", "DELETE")
WORKER = "_connection_worker_thread"  # the function aiosqlite's thread runs


@dataclass
class Cost:
    statements: int = 0
    reads: int = 0
    writes: int = 0
    hand_offs: int = 0
    api_calls: list[str] = field(default_factory=list)


class Counter:
    """Everything one update caused, attributed to the update being handled."""

    def __init__(self) -> None:
        self.current = Cost()
        self.open: dict[int, bool] = {}  # connection id → wrote in its transaction

    def begin(self, connection: Any) -> None:
        self.open[id(connection)] = False

    def statement(self, connection: Any, text: str) -> None:
        self.current.statements += 1
        if text.lstrip().upper().startswith(WRITES):
            self.open[id(connection)] = True

    def end(self, connection: Any) -> None:
        wrote = self.open.pop(id(connection), None)
        if wrote is None:
            return
        if wrote:
            self.current.writes += 1
        else:
            self.current.reads += 1


class HandOffs:
    """Profiles the threads started while installed (aiosqlite starts one per connection):
    each hand-off back to the loop, and each statement run by `execute_fetchall`."""

    def __init__(self, counter: Counter) -> None:
        self.counter = counter

    def __enter__(self) -> HandOffs:
        threading.setprofile(self.profile)
        return self

    def __exit__(self, *_: object) -> None:
        threading.setprofile(None)

    def profile(self, frame: FrameType, event: str, _arg: Any) -> None:
        caller = frame.f_back
        if event != "call" or caller is None or caller.f_code.co_name != WORKER:
            return
        if frame.f_code.co_name != "call_soon_threadsafe":
            return
        cost = self.counter.current
        cost.hand_offs += 1
        # What the thread ran for it: a partial of the connection's method and its arguments.
        function = caller.f_locals.get("function")
        name = getattr(getattr(function, "func", None), "__name__", "")
        if name not in ("_execute_fetchall", "executemany"):
            return  # SQLAlchemy's cursor calls, counted by its events; connecting, closing
        cost.statements += 1
        sql = str(function.args[0]).lstrip().upper()  # type: ignore[union-attr]
        if sql.startswith(WRITES):
            cost.writes += 1  # autocommit: the statement is its own transaction
        else:
            cost.reads += 1


class CountCalls(BaseRequestMiddleware):
    def __init__(self, counter: Counter) -> None:
        self.counter = counter

    async def __call__(self, make_request: Any, bot: Bot, method: Any) -> Any:
        self.counter.current.api_calls.append(method.__api_method__)
        return await make_request(bot, method)


async def measure(database_url: str, *, webhook: bool = False) -> list[tuple[str, Cost]]:
    await upgrade_to_head_async(database_url)
    counter = Counter()
    with HandOffs(counter):  # the connections' threads start while it is installed
        return await _measure(database_url, counter, webhook=webhook)


async def _measure(database_url: str, counter: Counter, *, webhook: bool) -> list[tuple[str, Cost]]:
    standin = StandIn(sequential_bot=True)
    settings = load_settings(
        TELEGRAM_API_URL="http://127.0.0.1:9", DATABASE_URL=database_url, BOT_TOKEN="42:BENCH"
    )
    storage = create_storage(settings)
    sync = storage.engine.sync_engine
    event.listen(sync, "begin", counter.begin)
    event.listen(sync, "commit", counter.end)
    event.listen(sync, "rollback", counter.end)
    event.listen(
        sync,
        "before_cursor_execute",
        lambda conn, cursor, text, params, context, many: counter.statement(conn, text),
    )
    production = create_bot(settings)
    session = InProcessSession(standin)
    for middleware in production.session.middleware:
        session.middleware(middleware)
    session.middleware(CountCalls(counter))
    await production.session.close()
    bot = Bot(token=production.token, session=session, default=production.default)
    dispatcher = create_dispatcher(settings, storage)
    keep_notes(storage.engine, eager=webhook)
    standin.deliver_to(feed(dispatcher, bot))
    standin.add_user(USER, first_name="Ilse", language_code="en")
    costs: list[tuple[str, Cost]] = []
    try:
        for kind, value in SCRIPT:
            counter.current = Cost()
            if kind == "tap":
                await standin.press(USER, value)
            else:
                await standin.send_text(USER, value)
            costs.append((f"{kind} {value}", counter.current))
    finally:
        await bot.session.close()
        await storage.engine.dispose()
    return costs


@dataclass
class Times:
    wall_ms: float  # per answer, the median over owners
    cpu_ms: float
    cpu_by_step: list[float]  # each step's CPU ms in the script's order, the median over owners


async def timing(database_url: str, owners: int, *, webhook: bool = False) -> Times:
    """Milliseconds of wall-clock and of process CPU time per answer (median over owners), and
    each step's CPU time (the first steps and the result cost more than an answer)."""
    await upgrade_to_head_async(database_url)
    standin = StandIn(sequential_bot=True)
    settings = load_settings(
        TELEGRAM_API_URL="http://127.0.0.1:9", DATABASE_URL=database_url, BOT_TOKEN="42:BENCH"
    )
    storage = create_storage(settings)
    production = create_bot(settings)
    session = InProcessSession(standin)
    for middleware in production.session.middleware:
        session.middleware(middleware)
    await production.session.close()
    bot = Bot(token=production.token, session=session, default=production.default)
    dispatcher = create_dispatcher(settings, storage)
    keep_notes(storage.engine, eager=webhook)
    standin.deliver_to(feed(dispatcher, bot))
    walls: list[float] = []
    cpus: list[float] = []
    by_step: list[list[float]] = [[] for _ in SCRIPT]
    try:
        for owner in range(owners):
            user = USER + 1 + owner
            standin.add_user(user, first_name="Ilse", language_code="en")
            wall = cpu = 0.0
            for index, (kind, value) in enumerate(SCRIPT):
                started, started_cpu = time.perf_counter(), time.process_time()
                if kind == "tap":
                    await standin.press(user, value)
                else:
                    await standin.send_text(user, value)
                spent = time.process_time() - started_cpu
                by_step[index].append(spent * 1000)
                if 2 <= index < len(SCRIPT) - 1:  # the answers, as in `report`
                    wall += time.perf_counter() - started
                    cpu += spent
            answers = len(SCRIPT) - 3
            walls.append(wall / answers * 1000)
            cpus.append(cpu / answers * 1000)
    finally:
        await bot.session.close()
        await storage.engine.dispose()
    return Times(
        statistics.median(walls),
        statistics.median(cpus),
        [statistics.median(values) for values in by_step],
    )


def report(name: str, costs: list[tuple[str, Cost]], times: Times) -> None:
    print(
        f"\n{name}: per update (reads, writes = transactions, a prepared write is its own; "
        "hand-offs to aiosqlite's thread; API = Bot API calls)"
    )
    print(
        f"{'update':<34} {'stmts':>5} {'reads':>5} {'writes':>6} {'hand-offs':>9} {'CPU ms':>6}"
        "  API calls"
    )
    for (label, cost), cpu in zip(costs, times.cpu_by_step, strict=True):
        calls = ", ".join(cost.api_calls)
        print(
            f"{label[:34]:<34} {cost.statements:>5} {cost.reads:>5} {cost.writes:>6} "
            f"{cost.hand_offs:>9} {cpu:>6.2f}  {len(cost.api_calls)}: {calls}"
        )
    # The answers: every step between "Start the scan" and "Show my result".
    answers = [cost for label, cost in costs[2:-1]]
    n = len(answers)
    print(
        f"answers ({n}): statements {sum(c.statements for c in answers) / n:.2f}, "
        f"reads {sum(c.reads for c in answers) / n:.2f}, "
        f"writes {sum(c.writes for c in answers) / n:.2f}, "
        f"hand-offs {sum(c.hand_offs for c in answers) / n:.2f}, "
        f"Bot API calls {sum(len(c.api_calls) for c in answers) / n:.2f} per answer; "
        f"most: {max(c.reads for c in answers)} reads, {max(c.writes for c in answers)} writes, "
        f"{max(c.hand_offs for c in answers)} hand-offs, "
        f"{max(len(c.api_calls) for c in answers)} calls"
    )
    print(f"time per answer: {times.wall_ms:.2f} ms wall-clock, {times.cpu_ms:.2f} ms CPU (median)")
    print("(CPU ms per step: the whole process, the stand-in's share included; median over owners)")


async def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.answer_cost")
    parser.add_argument("--postgres", help="an empty PostgreSQL database (asyncpg URL)")
    parser.add_argument("--owners", type=int, default=20, help="owners played for the time")
    parser.add_argument("--webhook", action="store_true", help="note each question at once")
    args = parser.parse_args()
    mode = " (webhook mode's notes)" if args.webhook else ""
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'cost.db'}"
        costs = await measure(url, webhook=args.webhook)
        timed = f"sqlite+aiosqlite:///{Path(folder) / 'time.db'}"
        report("SQLite" + mode, costs, await timing(timed, args.owners, webhook=args.webhook))
    if args.postgres:
        costs = await measure(args.postgres, webhook=args.webhook)
        times = await timing(args.postgres, args.owners, webhook=args.webhook)
        report("PostgreSQL" + mode, costs, times)


if __name__ == "__main__":
    asyncio.run(main())
