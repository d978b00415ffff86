"""The benchmark's instruments: the CPU time and memory of a bot counts the processes it starts
(the PDF worker), and the profile table puts each sample where the docs say it goes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bench.processes import ProcessTree
from bench.profile_table import parse, profile_table

# A worker that holds 60 MB and has used 0.3 s of CPU when it says "ready", and ends when its
# input closes.
WORKER = """
import sys, time
held = b"x" * (60 * 2**20)
while time.process_time() < 0.3:
    pass
print("ready", flush=True)
sys.stdin.readline()
"""
# A "bot" that starts the worker, and waits for it (reaps it) when told.
BOT = f"""
import subprocess, sys
worker = subprocess.Popen(
    [sys.executable, "-c", {WORKER!r}], stdin=subprocess.PIPE, stdout=subprocess.PIPE
)
print(worker.stdout.readline().decode().strip(), flush=True)
sys.stdin.readline()
worker.stdin.close()
worker.wait()
print("reaped", flush=True)
sys.stdin.readline()
"""


def test_a_bots_cpu_and_memory_count_the_worker_it_started_even_after_it_ended() -> None:
    bot = subprocess.Popen(
        [sys.executable, "-c", BOT], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert bot.stdin is not None and bot.stdout is not None
    try:
        tree = ProcessTree(bot.pid)
        assert bot.stdout.readline().strip() == "ready"
        tree.sample()
        assert tree.cpu_seconds() >= 0.3
        parts = tree.parts()
        assert list(parts) == ["bot", "worker"]
        assert parts["worker"] >= 60
        assert tree.total_mb() == parts["bot"] + parts["worker"]
        assert tree.describe().startswith("bot ") and " + worker " in tree.describe()

        bot.stdin.write("\n")
        bot.stdin.flush()
        assert bot.stdout.readline().strip() == "reaped"
        tree.sample()
        assert tree.pids() == [bot.pid]
        assert tree.cpu_seconds() >= 0.3  # the reaped worker's time, in the bot's children's
        assert tree.parts()["worker"] >= 60  # its peak as last read
    finally:
        bot.kill()
        bot.wait()


FRAME = "{function} (/venv/lib/python3.11/site-packages/{path}:1)"
STDLIB = "{function} (/usr/lib/python3.11/{path}:1)"
OURS = "{function} (/work/repo/{path}:1)"


def raw(process: int, thread: str, *frames: str, count: int) -> str:
    return f'process {process}:"python -m bot run";thread (1): {thread};' + (
        ";".join(frames) + f" {count}"
    )


def test_profile_samples_go_to_the_innermost_known_part(tmp_path: Path) -> None:
    run = STDLIB.format(function="run", path="asyncio/runners.py")
    handler = OURS.format(function="answer", path="bot/handlers/conversation.py")
    lines = [
        # json inside aiogram counts for aiogram; the loop's own work for the event loop
        raw(
            7,
            "MainThread",
            run,
            FRAME.format(function="call", path="aiogram/client/bot.py"),
            STDLIB.format(function="dumps", path="json/__init__.py"),
            count=30,
        ),
        raw(7, "MainThread", run, STDLIB.format(function="select", path="selectors.py"), count=20),
        raw(
            7,
            "MainThread",
            run,
            handler,
            FRAME.format(function="execute", path="sqlalchemy/orm/session.py"),
            count=25,
        ),
        raw(7, "MainThread", run, handler, count=5),
        raw(
            7,
            "Thread-1 (_connection_worker_thread)",
            FRAME.format(function="_connection_worker_thread", path="aiosqlite/core.py"),
            count=10,
        ),
        raw(
            7,
            "tredebot-render_0",
            STDLIB.format(function="_worker", path="concurrent/futures/thread.py"),
            count=4,
        ),
        # another process: the PDF worker
        raw(8, "MainThread", FRAME.format(function="output", path="fpdf/fpdf.py"), count=6),
    ]
    profile = tmp_path / "profile.txt"
    profile.write_text("\n".join(lines) + "\n")
    by_part, _ = parse(profile.read_text().splitlines())
    assert dict(by_part) == {
        "aiogram": 30,
        "event loop": 20,
        "SQLAlchemy": 25,
        "our code": 5,
        "aiosqlite hand-offs": 10,
        "drawing": 4,
        "worker process": 6,
    }
    table = profile_table(profile, updates=10, rate=100, cpu_ms=5.0)
    # 30 of 100 samples: 30 % of the 5 ms measured; 30 samples at 100 Hz over 10 updates: 30 ms
    assert "| aiogram | 30% | 1.50 | 30.00 |" in table
    assert "| **all** | 100% | **5.00** | **100.00** |" in table
