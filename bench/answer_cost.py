"""What one answer costs: SQL statements, read and write transactions, and Bot API calls per
update, for the bakery owner of `make demo` played through the real bot in process.

    python -m bench.answer_cost                # SQLite in a temporary folder
    python -m bench.answer_cost --postgres URL # and on PostgreSQL (an empty database)

Statements are counted with SQLAlchemy's `before_cursor_execute` event, transactions with its
`begin` event (a transaction that ran an INSERT, UPDATE or DELETE is a write), Bot API calls
with an aiogram request middleware: public hooks of both libraries, nothing patched.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware
from sqlalchemy import event

from bench.owners import SCRIPT
from bot.config import load_settings
from bot.db.migrate import upgrade_to_head_async
from bot.factory import create_bot, create_dispatcher, create_storage
from standin import StandIn
from standin.inprocess import InProcessSession, feed

USER = 4242
WRITES = ("INSERT", "UPDATE", "DELETE")


@dataclass
class Cost:
    statements: int = 0
    reads: int = 0
    writes: int = 0
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


class CountCalls(BaseRequestMiddleware):
    def __init__(self, counter: Counter) -> None:
        self.counter = counter

    async def __call__(self, make_request: Any, bot: Bot, method: Any) -> Any:
        self.counter.current.api_calls.append(method.__api_method__)
        return await make_request(bot, method)


async def measure(database_url: str) -> list[tuple[str, Cost]]:
    await upgrade_to_head_async(database_url)
    standin = StandIn(sequential_bot=True)
    settings = load_settings(
        TELEGRAM_API_URL="http://127.0.0.1:9", DATABASE_URL=database_url, BOT_TOKEN="42:BENCH"
    )
    storage = create_storage(settings)
    counter = Counter()
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


def report(name: str, costs: list[tuple[str, Cost]]) -> None:
    print(f"\n{name}: per update (reads, writes = transactions; API = Bot API calls)")
    print(f"{'update':<34} {'stmts':>5} {'reads':>5} {'writes':>6}  API calls")
    for label, cost in costs:
        calls = ", ".join(cost.api_calls)
        print(
            f"{label[:34]:<34} {cost.statements:>5} {cost.reads:>5} {cost.writes:>6}  "
            f"{len(cost.api_calls)}: {calls}"
        )
    # The answers: every step between "Start the scan" and "Show my result".
    answers = [cost for label, cost in costs[2:-1]]
    n = len(answers)
    print(
        f"answers ({n}): statements {sum(c.statements for c in answers) / n:.2f}, "
        f"reads {sum(c.reads for c in answers) / n:.2f}, "
        f"writes {sum(c.writes for c in answers) / n:.2f}, "
        f"Bot API calls {sum(len(c.api_calls) for c in answers) / n:.2f} per answer; "
        f"most: {max(c.reads for c in answers)} reads, {max(c.writes for c in answers)} writes, "
        f"{max(len(c.api_calls) for c in answers)} calls"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.answer_cost")
    parser.add_argument("--postgres", help="an empty PostgreSQL database (asyncpg URL)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'cost.db'}"
        report("SQLite", await measure(url))
    if args.postgres:
        report("PostgreSQL", await measure(args.postgres))


if __name__ == "__main__":
    asyncio.run(main())
