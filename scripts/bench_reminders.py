"""Benchmark: how long N due reminders take at the configured rate, against the stand-in.

Seeds N users with an abandoned scan and a due first nudge in a fresh SQLite database, runs the
real reminder dispatcher (real bot over HTTP) against a stand-in that enforces Telegram's limits
(429 beyond 30/s overall or a burst per chat), and prints the time taken and the achieved rate
as a fraction of REMINDER_RATE. Usage: python scripts/bench_reminders.py [N] [--workers K]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.config import load_settings
from bot.factory import create_bot, create_storage
from bot.jobs.reminders import ReminderDispatcher, config_from_settings
from bot.runtime.clock import SystemClock
from standin import StandIn
from tests.e2e.harness import TOKEN, migrated_sqlite
from tests.e2e.reminders_support import seed_abandoned_scans


async def main(count: int, workers: int) -> None:
    standin = StandIn(enforce_rate_limits=True)
    await standin.start()
    folder = Path(tempfile.mkdtemp(prefix="bench-reminders-"))
    url = await migrated_sqlite(folder)
    settings = load_settings(
        TELEGRAM_API_URL=standin.base_url,
        DATABASE_URL=url,
        BOT_TOKEN=TOKEN,
        REMINDER_HOURS="00:00-24:00",
        REMINDER_DAYS="mon-sun",
        REMINDER_POLL_SECONDS=0.05,
    )
    config = config_from_settings(settings)
    users = list(range(1_000_000, 1_000_000 + count))
    seeder = create_storage(settings)
    await seed_abandoned_scans(seeder, standin, users, due=datetime.now(UTC) - timedelta(hours=1))
    await seeder.engine.dispose()

    processes = []
    for _ in range(workers):
        storage = create_storage(settings)
        bot = create_bot(settings)
        processes.append(
            (
                ReminderDispatcher(
                    bot=bot,
                    engine=storage.engine,
                    sessionmaker=storage.sessionmaker,
                    config=config,
                    clock=SystemClock(),
                ),
                storage,
                bot,
            )
        )
    started = time.monotonic()
    tasks = [asyncio.create_task(worker.run()) for worker, _, _ in processes]
    while sum(worker.sent for worker, _, _ in processes) < count:
        await asyncio.sleep(0.05)
        if time.monotonic() - started > count / config.rate_per_second * 3 + 60:
            break
    elapsed = time.monotonic() - started
    for worker, _, _ in processes:
        worker.stop()
    await asyncio.gather(*tasks)
    for _, storage, bot in processes:
        await bot.session.close()
        await storage.engine.dispose()

    sent = sum(worker.sent for worker, _, _ in processes)
    stats = standin.rate_stats()
    refused = [e for e in standin.errors if e["status"] == 429]
    per_chat = max(stats["max_per_second_by_chat"].values(), default=0)
    achieved = sent / elapsed
    print(f"reminders due:          {count}")
    print(f"dispatchers:            {workers} (the cap is per process)")
    once = len(stats["max_per_second_by_chat"]) == sent
    print(f"sent:                   {sent} (each chat exactly once: {once})")
    print(f"time:                   {elapsed:.1f} s")
    print(f"configured rate:        {config.rate_per_second:g}/s per dispatcher")
    share = achieved / (config.rate_per_second * workers)
    print(f"achieved rate:          {achieved:.2f}/s = {share:.1%} of the cap")
    print(f"peak in any second:     {stats['max_per_second']} (Telegram allows 30)")
    print(f"peak per chat a second: {per_chat}")
    print(f"429 answers:            {len(refused)}")
    await standin.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("count", nargs="?", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    asyncio.run(main(args.count, args.workers))
