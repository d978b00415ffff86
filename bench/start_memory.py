"""Memory of the bot at start: `python -m bench.start_memory`.

Starts `python -m bot run` against the load stand-in as bench/run.py does (an empty SQLite
database), waits until it polls and has settled, and prints the resident memory (VmRSS) and its
peak (VmHWM) of the bot's main process and of each process it started (the drawing worker).
A measurement, not a test: it prints a table and asserts nothing.
"""

from __future__ import annotations

import asyncio
import signal
import subprocess
import tempfile
from pathlib import Path

from bench.owners import LoadStandIn
from bench.run import start_bot


def status_mb(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found += [int(child) for child in text]
    return found


async def main() -> None:
    standin = LoadStandIn()
    await standin.start()
    with tempfile.TemporaryDirectory(prefix="tredebot-memory-") as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/bot.db"
        process = await start_bot("tredebot", standin, url, Path(tmp) / "bot.log")
        try:
            await asyncio.sleep(3)  # settled: the worker (if any) has started and imported
            print(f"{'process':<12} {'pid':>8} {'RSS MB':>8} {'peak MB':>8}")
            for name, pid in [("bot (main)", process.pid)] + [
                ("child", child) for child in children(process.pid)
            ]:
                rss, peak = status_mb(pid, "VmRSS"), status_mb(pid, "VmHWM")
                print(f"{name:<12} {pid:>8} {rss:>8.1f} {peak:>8.1f}")
        finally:
            process.send_signal(signal.SIGINT)
            try:
                await asyncio.to_thread(process.wait, 15)
            except subprocess.TimeoutExpired:
                process.kill()
            await standin.stop()


if __name__ == "__main__":
    asyncio.run(main())
