"""`make bench`: our bot and a bare aiogram echo bot on the same stand-in, side by side.

This process is the stand-in and the load generator; each bot runs in its own process
(`python -m bot run` / `python -m bench.echo`) and polls the stand-in over HTTP, as in
production. Latency is from the bot fetching an update to its complete answer (the next
message with buttons). Modes:

- saturation: N owners (500) start at once and answer as fast as the bot replies; the run
  ends when all have their result.
- event: an outreach event. N owners (200) scan the QR on a slide and start within five
  seconds, each thinking 1-3 s between answers, all the way to the result and a tap on the
  PDF. Every step is measured; the result and the PDF are reported apart.
- meeting: the same with realistic think times: N owners (80, a breakfast meeting) start within
  five seconds and take 5-20 s to read each question, as a phone user does. Printed beside the
  event's stress case.
- realistic: 200 seats, each an owner thinking 1-3 s between answers and, when they have their
  result, after a moment the next owner. Seats start spread over one scan's length, and only the
  window after that is measured: the load is then steady, about 90 updates a second with the
  results among them at their usual rate. (Started all at once, every owner reached the result
  within the same ten seconds, five times the steady rate of results.)

The echo runs right before each of our runs, in the same mode, and ours is compared with that
run: this machine's speed drifts by 10-20% within minutes (the echo's saturation throughput
measured 654-829 updates/s in one half hour), and run minutes apart, the ratio followed the
drift more than the code.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import gc
import itertools
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from bench.owners import (
    EVENT_SCRIPT,
    SCRIPT,
    LoadStandIn,
    OwnerLog,
    echo_script,
    play_owner,
    play_owner_into,
)
from bench.seed import seed
from bot.db.migrate import upgrade_to_head_async

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "42:BENCH"


@dataclass
class Figures:
    bot: str
    backend: str
    mode: str
    owners: int
    updates_per_s: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    start_rss_mb: float
    peak_rss_mb: float
    db_bytes_per_owner: float | None
    cpu_ms_per_update: float
    p99_questions_ms: float  # every question step (not the result, not the PDF)
    worst_question_p99_ms: float  # the highest p99 of any single question step
    result_p50_ms: float
    result_p99_ms: float
    pdf_p50_ms: float | None  # event mode only
    pdf_p99_ms: float | None


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# --- databases --------------------------------------------------------------------------------
async def _pg_admin(base: str, sql: str) -> None:
    import asyncpg

    plain = make_url(base).set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(plain)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


def _pg_url(base: str, name: str) -> str:
    return make_url(base).set(database=name).render_as_string(hide_password=False)


async def db_size(url: str) -> int:
    if url.startswith("sqlite"):
        path = Path(make_url(url).database or "")
        return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    import asyncpg

    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(plain)
    try:
        return int(await connection.fetchval("SELECT pg_database_size(current_database())"))
    finally:
        await connection.close()


class Backend:
    """A seeded database per backend, copied for every run."""

    def __init__(self, name: str, folder: Path, pg_base: str | None = None) -> None:
        self.name, self.folder, self.pg_base = name, folder, pg_base
        self.created: list[str] = []
        self.seeded: str | None = None

    async def prepare(self, stored: int) -> None:
        if self.name == "sqlite":
            self.seeded = f"sqlite+aiosqlite:///{self.folder / 'seeded.db'}"
        else:
            assert self.pg_base
            name = f"tredebot_bench_{uuid.uuid4().hex[:8]}"
            await _pg_admin(self.pg_base, f'CREATE DATABASE "{name}"')
            self.created.append(name)
            self.seeded = _pg_url(self.pg_base, name)
        await upgrade_to_head_async(self.seeded)
        started = time.perf_counter()
        await seed(self.seeded, stored)
        print(f"  {self.name}: {stored} owners seeded in {time.perf_counter() - started:.0f} s")

    async def copy(self) -> str:
        assert self.seeded
        if self.name == "sqlite":
            target = self.folder / f"run-{uuid.uuid4().hex[:6]}.db"
            shutil.copy(make_url(self.seeded).database or "", target)
            return f"sqlite+aiosqlite:///{target}"
        name = f"tredebot_bench_{uuid.uuid4().hex[:8]}"
        template = make_url(self.seeded).database
        await _pg_admin(self.pg_base or "", f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        self.created.append(name)
        return _pg_url(self.pg_base or "", name)

    async def cleanup(self) -> None:
        for name in self.created:
            with contextlib.suppress(Exception):
                await _pg_admin(
                    self.pg_base or "", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
                )


# --- one measured run -------------------------------------------------------------------------
async def start_bot(kind: str, standin: LoadStandIn, database_url: str | None, log: Path):
    env = {
        **os.environ,
        "BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": standin.base_url,
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("WEBHOOK_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    command = (
        [sys.executable, "-m", "bot", "run"]
        if kind == "tredebot"
        else [
            sys.executable,
            "-m",
            "bench.echo",
        ]
    )
    profile = os.environ.get("BENCH_PROFILE")  # a folder: record our bot with py-spy
    if profile and kind == "tredebot":
        output = Path(profile) / f"tredebot-{int(time.time())}.txt"
        command = [
            "py-spy",
            "record",
            "--threads",
            "--format",
            "raw",
            "-r",
            "200",
            "-o",
            str(output),
        ]
        command.append("--")
        command += [sys.executable, "-m", "bot", "run"]
    if os.environ.get("BENCH_CPROFILE") and kind == "tredebot":
        command = [sys.executable, "-m", "cProfile", "-o", os.environ["BENCH_CPROFILE"]]
        command += ["-m", "bot", "run"]
    process = subprocess.Popen(  # noqa: ASYNC220 - quick to start; the waiting is async
        command, cwd=log.parent, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT
    )
    for _ in range(1200):
        if process.poll() is not None:
            output = log.read_text()  # noqa: ASYNC240 - the failure path only
            raise RuntimeError(f"{kind} exited: {output[-2000:]}")
        if standin.polls_waiting > 0:  # the bot is polling
            return process
        await asyncio.sleep(0.05)
    raise RuntimeError(f"{kind} did not start polling")


THINK_SECONDS = (1.0, 3.0)
MEETING_THINK_SECONDS = (5.0, 20.0)  # reading a question on a phone
EVENT_START_SECONDS = 5.0
# Modes that play the whole scan with a tap on the PDF at the end.
WITH_PDF = ("event", "meeting")


async def measure(
    kind: str,
    backend: str,
    mode: str,
    owners: int,
    database_url: str | None,
    folder: Path,
    window: float = 60.0,
) -> Figures:
    standin = LoadStandIn()
    await standin.start()
    script = EVENT_SCRIPT if mode in WITH_PDF else SCRIPT
    if kind == "echo":
        script = echo_script(script)
    process = await start_bot(kind, standin, database_url, folder / f"{kind}-{backend}-{mode}.log")
    await asyncio.sleep(1)  # settled after start-up
    start_rss = peak_rss_mb(process.pid)
    try:
        run = {
            "saturation": saturation,
            "event": event,
            "meeting": meeting,
            "realistic": realistic,
        }[mode]
        with no_collector_pauses():
            logs, (started, ended), cpu_used = await run(
                standin, process.pid, script, owners, window=window
            )
        rss = peak_rss_mb(process.pid)
    except TimeoutError:
        bot_log = folder / f"{kind}-{backend}-{mode}.log"
        print(f"bench: {kind} stopped answering; the end of its log:")
        print(bot_log.read_text()[-3000:])
        raise
    finally:
        process.send_signal(signal.SIGINT)
        try:
            await asyncio.to_thread(process.wait, 15)
        except subprocess.TimeoutExpired:
            process.kill()
        await standin.stop()
    # Step numbers of the result (the step after the review) and the PDF, when played.
    result_step = len(SCRIPT) - 1
    pdf_step = result_step + 1 if mode in WITH_PDF else None
    by_step: dict[int, list[float]] = {}
    for log in logs:
        for step, (latency, arrived) in enumerate(zip(log.latencies, log.arrivals, strict=True)):
            if started <= arrived <= ended:
                by_step.setdefault(step, []).append(latency)
    latencies = [latency for values in by_step.values() for latency in values]
    questions = {s: v for s, v in by_step.items() if s not in (result_step, pdf_step)}
    result = by_step.get(result_step, [float("nan")])
    pdf = by_step.get(pdf_step, []) if pdf_step is not None else []
    per_owner = None
    if database_url:
        per_owner = await db_size(database_url) / (STORED + len(logs))
    return Figures(
        kind,
        backend,
        mode,
        owners,
        len(latencies) / (ended - started),
        percentile(latencies, 50) * 1000,
        percentile(latencies, 95) * 1000,
        percentile(latencies, 99) * 1000,
        start_rss,
        rss,
        per_owner,
        cpu_used / len(latencies) * 1000,
        percentile([v for values in questions.values() for v in values], 99) * 1000,
        max(percentile(values, 99) for values in questions.values()) * 1000,
        percentile(result, 50) * 1000,
        percentile(result, 99) * 1000,
        percentile(pdf, 50) * 1000 if pdf else None,
        percentile(pdf, 99) * 1000 if pdf else None,
    )


@contextlib.contextmanager
def no_collector_pauses() -> Iterator[None]:
    """Python's cyclic garbage collector off in this process (the stand-in and the owners).

    This process is the measuring instrument. Its full collections walked every message of
    thousands of chats, up to 240 ms each, while every update in flight waited and the wait
    was counted as the bot's. The owners and the stand-in leave little cyclic garbage for the
    minutes of a run; the collector runs again after it.
    """
    gc.collect()
    gc.freeze()  # what exists now is not even looked at when the collector is back
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.unfreeze()


Measured = tuple[list[OwnerLog], tuple[float, float], float]  # logs, window, bot CPU seconds


async def saturation(
    standin: LoadStandIn, pid: int, script: list[tuple[str, str]], owners: int, **_: Any
) -> Measured:
    """Every owner at once, each answering the moment the bot has replied."""
    started, cpu_before = time.perf_counter(), cpu_seconds(pid)
    logs = await asyncio.gather(
        *(play_owner(standin, 1000 + n, script=script, timeout=120) for n in range(owners))
    )
    ended = time.perf_counter()
    return list(logs), (started, ended), cpu_seconds(pid) - cpu_before


async def event(
    standin: LoadStandIn, pid: int, script: list[tuple[str, str]], owners: int, **_: Any
) -> Measured:
    """An outreach event: everyone starts within five seconds and thinks 1-3 s between answers
    (the stress case)."""
    return await _room(standin, pid, script, owners, THINK_SECONDS)


async def meeting(
    standin: LoadStandIn, pid: int, script: list[tuple[str, str]], owners: int, **_: Any
) -> Measured:
    """A breakfast meeting: everyone starts within five seconds and reads each question for
    5-20 s, as a phone user does."""
    return await _room(standin, pid, script, owners, MEETING_THINK_SECONDS)


async def _room(
    standin: LoadStandIn,
    pid: int,
    script: list[tuple[str, str]],
    owners: int,
    think_seconds: tuple[float, float],
) -> Measured:
    """Owners in one room scan the QR code within five seconds and go through to the PDF."""
    rng = random.Random(7)
    think = functools.partial(rng.uniform, *think_seconds)

    async def owner(n: int) -> OwnerLog:
        await asyncio.sleep(rng.uniform(0, EVENT_START_SECONDS))
        return await play_owner(standin, 1000 + n, script=script, think=think, timeout=120)

    started, cpu_before = time.perf_counter(), cpu_seconds(pid)
    logs = await asyncio.gather(*(owner(n) for n in range(owners)))
    ended = time.perf_counter()
    return list(logs), (started, ended), cpu_seconds(pid) - cpu_before


async def realistic(
    standin: LoadStandIn,
    pid: int,
    script: list[tuple[str, str]],
    seats: int,
    *,
    window: float,
) -> Measured:
    """Seats of owners thinking between answers, measured once the load is steady."""
    rng = random.Random(42)
    think = functools.partial(rng.uniform, *THINK_SECONDS)
    scan_seconds = (len(script) - 1) * sum(THINK_SECONDS) / 2
    logs: list[OwnerLog] = []
    # Seats stop taking new owners once the window is over. Cancelling alone is not enough on
    # Python 3.11: `asyncio.wait_for` may swallow a cancellation that meets its own result, and
    # a seat would then go on with the next owner for ever (a run hung that way).
    over = asyncio.Event()

    async def seat(n: int) -> None:
        await asyncio.sleep(rng.uniform(0, scan_seconds))
        for k in itertools.count():
            if over.is_set():
                return
            log = OwnerLog(1000 + n + k * seats)
            logs.append(log)
            await play_owner_into(
                log, standin, script=script, think=think, timeout=120, language_code="en"
            )
            await asyncio.sleep(think())  # the next owner comes along

    tasks = [asyncio.create_task(seat(n)) for n in range(seats)]
    try:
        await asyncio.sleep(scan_seconds)  # every seat is going, at a different step
        started, cpu_before = time.perf_counter(), cpu_seconds(pid)
        done, _ = await asyncio.wait(tasks, timeout=window, return_when=asyncio.FIRST_EXCEPTION)
        for task in done:
            task.result()  # a seat only ends early when the bot stopped answering
        ended, cpu_after = time.perf_counter(), cpu_seconds(pid)
        over.set()
        await asyncio.sleep(2)  # the answers to steps that arrived in the window
    finally:
        over.set()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return logs, (started, ended), cpu_after - cpu_before


STORED = 10_000


def table(rows: list[Figures]) -> str:
    lines = [
        "| bot | db | mode | owners | updates/s | p50 ms | p95 ms | p99 ms | start RSS MB "
        "| peak RSS MB | DB bytes/owner | bot CPU ms/update | vs echo: throughput, RSS |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    echo: dict[str, Figures] = {}  # by mode: the echo's run before this row
    for r in rows:
        if r.bot == "echo":
            echo[r.mode] = r
        base = echo.get(r.mode)
        versus = "-"
        if base and r.bot != "echo":
            versus = (
                f"{r.updates_per_s / base.updates_per_s:.2f}x, "
                f"{r.peak_rss_mb - base.peak_rss_mb:+.0f} MB"
            )
        size = f"{r.db_bytes_per_owner:,.0f}" if r.db_bytes_per_owner else "-"
        lines.append(
            f"| {r.bot} | {r.backend} | {r.mode} | {r.owners} | {r.updates_per_s:.0f} "
            f"| {r.p50_ms:.1f} | {r.p95_ms:.1f} | {r.p99_ms:.1f} | {r.start_rss_mb:.0f} "
            f"| {r.peak_rss_mb:.0f} "
            f"| {size} | {r.cpu_ms_per_update:.1f} | {versus} |"
        )
    return "\n".join(lines)


def step_table(rows: list[Figures]) -> str:
    """The heavy steps apart: the result (a drawn picture and three messages) and the PDF."""
    lines = [
        "| bot | db | mode | p99 ms, question steps | worst step's p99 ms | result p50 ms "
        "| result p99 ms | PDF p50 ms | PDF p99 ms |",
        "|---|---|---|---|---|---|---|---|---|",
    ]

    def ms(value: float | None) -> str:
        return "-" if value is None else f"{value:.1f}"

    for r in rows:
        lines.append(
            f"| {r.bot} | {r.backend} | {r.mode} | {r.p99_questions_ms:.1f} "
            f"| {r.worst_question_p99_ms:.1f} | {r.result_p50_ms:.1f} | {r.result_p99_ms:.1f} "
            f"| {ms(r.pdf_p50_ms)} | {ms(r.pdf_p99_ms)} |"
        )
    return "\n".join(lines)


async def main() -> int:
    global STORED
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--owners", type=int, default=500, help="owners in saturation mode")
    parser.add_argument("--event", type=int, default=200, help="owners in event mode")
    parser.add_argument("--meeting", type=int, default=80, help="owners in meeting mode")
    parser.add_argument("--realistic", type=int, default=200, help="owners in realistic mode")
    parser.add_argument("--stored", type=int, default=10_000, help="completed owners pre-seeded")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("BENCH_POSTGRES_URL") or os.environ.get("TEST_POSTGRES_URL"),
    )
    parser.add_argument("--modes", default="saturation,event,meeting,realistic")
    parser.add_argument(
        "--window", type=float, default=60.0, help="seconds measured in realistic mode"
    )
    args = parser.parse_args()
    STORED = args.stored
    modes = args.modes.split(",")
    sizes = {
        "saturation": args.owners,
        "event": args.event,
        "meeting": args.meeting,
        "realistic": args.realistic,
    }
    rows: list[Figures] = []
    with tempfile.TemporaryDirectory(prefix="tredebot-bench-") as tmp:
        folder = Path(tmp)
        print(f"bench: logs and databases in {folder}")
        backends = [Backend("sqlite", folder)]
        if args.postgres:
            backends.append(Backend("postgres", folder, args.postgres))
        else:
            print("bench: no BENCH_POSTGRES_URL/TEST_POSTGRES_URL: PostgreSQL not measured")
        for backend in backends:
            try:
                await backend.prepare(args.stored)
                for mode in modes:
                    url = await backend.copy()
                    # The echo runs right before ours: this machine's speed drifts by 10-20%
                    # within minutes, and the ratio should not depend on when each ran.
                    echo = await measure("echo", "-", mode, sizes[mode], None, folder, args.window)
                    ours = await measure(
                        "tredebot", backend.name, mode, sizes[mode], url, folder, args.window
                    )
                    rows += [echo, ours]
                    print("\n".join(table([echo, ours]).splitlines()[-2:]))
            finally:
                await backend.cleanup()
    print()
    print(table(rows))
    print()
    print(step_table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
