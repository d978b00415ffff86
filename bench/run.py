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

`--replicas N` (`make bench REPLICAS=2`): the event and meeting modes (or `--modes`), each run
three times in a row: the echo, our bot as one process polling on SQLite, and N webhook
replicas of our bot on PostgreSQL (`--postgres`, else TEST_POSTGRES_URL; without it the run
stops at once). The stand-in posts updates to the replicas' one webhook URL as Telegram does
(one update per chat at a time, the next once the previous is answered, up to the bot's
max_connections in flight), and a balancer in this process hands each to a replica
(`--balance`: least-busy, or round-robin); bench/replicas.py, shared with the replica test.
For a webhook, an update's latency starts when it is queued for delivery. Then a table says,
mode by mode, whether each latency of the replicas is no worse than the one process's.

CPU time and peak RSS are those of every process of the bot: the bot and the processes it
started (the PDF worker, multiprocessing's resource tracker), summed over the replicas; the
table shows the peak RSS by process ("bot 180 + worker 60", per replica). bench/processes.py
says how. The load balancer runs in this process, like the stand-in, and is not counted.

BENCH_PROFILE=DIR: py-spy attaches to our bot (one process) for each saturation run, writes
its raw collapsed stacks to DIR, and the run prints where an update's time goes by library
(bench/profile_table.py, which also reads a saved profile again).
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
from collections.abc import AsyncIterator, Callable, Iterator
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
from bench.processes import ProcessTree, total_cpu_seconds, watching
from bench.profile_table import profile_table
from bench.replicas import POLICIES, webhook_replicas
from bench.seed import seed
from bot.db.migrate import upgrade_to_head_async

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "42:BENCH"


@dataclass
class Figures:
    bot: str  # "echo", "tredebot" (one process, polling), "tredebot x2" (webhook replicas)
    backend: str
    mode: str
    owners: int
    updates_per_s: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    start_rss_mb: float  # the bot's processes together (see bench/processes.py)
    peak_rss_mb: float
    db_bytes_per_owner: float | None
    cpu_ms_per_update: float
    p99_questions_ms: float  # every question step (not the result, not the PDF)
    worst_question_p99_ms: float  # the highest p99 of any single question step
    result_p50_ms: float
    result_p99_ms: float
    pdf_p50_ms: float | None  # event mode only
    pdf_p99_ms: float | None
    rss_parts: str = ""  # peak RSS by process: "bot 180 + worker 60", per replica
    replicas: int = 0  # webhook replicas; 0: one process polling
    typed_again: int = 0  # answers taken for an earlier question and typed again (bench/owners)
    step_p99_ms: tuple[float, ...] = ()  # every step's p99, in the script's order


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


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
async def start_bot(
    kind: str, standin: LoadStandIn, database_url: str | None, log: Path
) -> subprocess.Popen[bytes]:
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


async def stop_process(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGINT)
    try:
        await asyncio.to_thread(process.wait, 15)
    except subprocess.TimeoutExpired:
        process.kill()
        await asyncio.to_thread(process.wait)


@dataclass
class Bots:
    """The bot processes of one measured run, and their logs."""

    trees: list[ProcessTree]
    logs: list[Path]


@contextlib.asynccontextmanager
async def bots(
    kind: str,
    standin: LoadStandIn,
    database_url: str | None,
    folder: Path,
    name: str,
    replicas: int,
    policy: str,
) -> AsyncIterator[Bots]:
    """One process polling (`replicas` 0), or `replicas` webhook replicas behind a balancer."""
    if not replicas:
        log = folder / f"{name}.log"
        process = await start_bot(kind, standin, database_url, log)
        try:
            yield Bots([ProcessTree(process.pid, "echo" if kind == "echo" else "bot")], [log])
        finally:
            await stop_process(process)
        return
    assert database_url and kind == "tredebot"
    async with webhook_replicas(
        replicas,
        standin=standin,
        database_url=database_url,
        folder=folder,
        token=TOKEN,
        policy=policy,
        log_level="WARNING",
        name=name,
    ) as cluster:
        assert standin.webhook is not None, "the replicas registered no webhook"
        yield Bots(
            [ProcessTree(pid) for pid in cluster.pids],
            [replica.log for replica in cluster.replicas],
        )


PROFILE_RATE = 200  # samples a second


@contextlib.asynccontextmanager
async def profiled(pid: int, folder: str | None, name: str) -> AsyncIterator[Path | None]:
    """py-spy attached to the bot for the block (BENCH_PROFILE=FOLDER), its raw output in
    FOLDER/NAME-TIME.txt: collapsed stacks per thread (and per process: the PDF worker)."""
    if not folder:
        yield None
        return
    output = Path(folder).resolve() / f"{name}-{int(time.time())}.txt"  # noqa: ASYNC240
    output.parent.mkdir(parents=True, exist_ok=True)
    py_spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    command = [py_spy, "record", "--pid", str(pid), "--threads", "--subprocesses"]
    command += ["--full-filenames", "--format", "raw", "-r", str(PROFILE_RATE), "-o", str(output)]
    spy = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # noqa: ASYNC220
    await asyncio.sleep(0.5)  # attached
    if spy.poll() is not None:
        raise RuntimeError(
            f"py-spy did not start: {spy.stderr.read().decode() if spy.stderr else ''}"
        )
    try:
        yield output
    finally:
        spy.send_signal(signal.SIGINT)  # py-spy writes its output on Ctrl-C
        await asyncio.to_thread(spy.wait, 30)


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
    *,
    replicas: int = 0,
    policy: str = "least-busy",
) -> Figures:
    standin = LoadStandIn()
    await standin.start()
    script = EVENT_SCRIPT if mode in WITH_PDF else SCRIPT
    if kind == "echo":
        script = echo_script(script)
    name = f"{kind}-{backend}-{mode}" + (f"-x{replicas}" if replicas else "")
    profile = (
        os.environ.get("BENCH_PROFILE") if kind == "tredebot" and mode == "saturation" else None
    )
    try:
        async with bots(kind, standin, database_url, folder, name, replicas, policy) as running:
            trees = running.trees
            await asyncio.sleep(1)  # settled after start-up
            for tree in trees:
                tree.sample()
            start_rss = sum(tree.total_mb() for tree in trees)
            run = {
                "saturation": saturation,
                "event": event,
                "meeting": meeting,
                "realistic": realistic,
            }[mode]
            try:
                async with (
                    watching(trees),
                    profiled(trees[0].pid, None if replicas else profile, name) as recorded,
                ):
                    with no_collector_pauses():
                        logs, (started, ended), cpu_used = await run(
                            standin,
                            functools.partial(total_cpu_seconds, trees),
                            script,
                            owners,
                            window=window,
                        )
            except TimeoutError:
                for bot_log in running.logs:
                    print(f"bench: {kind} stopped answering; the end of {bot_log.name}:")
                    print(bot_log.read_text()[-3000:])
                raise
    finally:
        await standin.stop()
    if standin.webhook_failures:
        print(f"bench: {len(standin.webhook_failures)} webhook posts failed in {name}")
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
    if recorded is not None:
        per_update = cpu_used / len(latencies) * 1000
        print(f"\nbench: py-spy profile of {name} in {recorded}; where an update's time goes:")
        print(profile_table(recorded, updates=len(latencies), rate=PROFILE_RATE, cpu_ms=per_update))
        print(
            f"Again: python -m bench.profile_table {recorded} --updates {len(latencies)} "
            f"--rate {PROFILE_RATE} --cpu-ms {per_update:.2f} [--detail 5]\n"
        )
    if replicas:
        parts = "; ".join(f"r{n + 1}: {tree.describe()}" for n, tree in enumerate(trees))
    else:
        parts = trees[0].describe()
    return Figures(
        kind if not replicas else f"{kind} x{replicas}",
        backend,
        mode,
        owners,
        len(latencies) / (ended - started),
        percentile(latencies, 50) * 1000,
        percentile(latencies, 95) * 1000,
        percentile(latencies, 99) * 1000,
        start_rss,
        sum(tree.total_mb() for tree in trees),
        per_owner,
        cpu_used / len(latencies) * 1000,
        percentile([v for values in questions.values() for v in values], 99) * 1000,
        max(percentile(values, 99) for values in questions.values()) * 1000,
        percentile(result, 50) * 1000,
        percentile(result, 99) * 1000,
        percentile(pdf, 50) * 1000 if pdf else None,
        percentile(pdf, 99) * 1000 if pdf else None,
        parts,
        replicas,
        sum(log.typed_again for log in logs),
        tuple(percentile(by_step[s], 99) * 1000 for s in sorted(by_step)),
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
    standin: LoadStandIn,
    cpu: Callable[[], float],
    script: list[tuple[str, str]],
    owners: int,
    **_: Any,
) -> Measured:
    """Every owner at once, each answering the moment the bot has replied."""
    started, cpu_before = time.perf_counter(), cpu()
    logs = await asyncio.gather(
        *(play_owner(standin, 1000 + n, script=script, timeout=120) for n in range(owners))
    )
    ended = time.perf_counter()
    return list(logs), (started, ended), cpu() - cpu_before


async def event(
    standin: LoadStandIn,
    cpu: Callable[[], float],
    script: list[tuple[str, str]],
    owners: int,
    **_: Any,
) -> Measured:
    """An outreach event: everyone starts within five seconds and thinks 1-3 s between answers
    (the stress case)."""
    return await _room(standin, cpu, script, owners, THINK_SECONDS)


async def meeting(
    standin: LoadStandIn,
    cpu: Callable[[], float],
    script: list[tuple[str, str]],
    owners: int,
    **_: Any,
) -> Measured:
    """A breakfast meeting: everyone starts within five seconds and reads each question for
    5-20 s, as a phone user does."""
    return await _room(standin, cpu, script, owners, MEETING_THINK_SECONDS)


async def _room(
    standin: LoadStandIn,
    cpu: Callable[[], float],
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

    started, cpu_before = time.perf_counter(), cpu()
    logs = await asyncio.gather(*(owner(n) for n in range(owners)))
    ended = time.perf_counter()
    return list(logs), (started, ended), cpu() - cpu_before


async def realistic(
    standin: LoadStandIn,
    cpu: Callable[[], float],
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
        started, cpu_before = time.perf_counter(), cpu()
        done, _ = await asyncio.wait(tasks, timeout=window, return_when=asyncio.FIRST_EXCEPTION)
        for task in done:
            task.result()  # a seat only ends early when the bot stopped answering
        ended, cpu_after = time.perf_counter(), cpu()
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
        "| peak RSS MB | peak RSS by process MB | DB bytes/owner | bot CPU ms/update "
        "| vs echo: throughput, RSS |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    echo: dict[str, Figures] = {}  # by mode: the echo's run before this row
    for r in rows:
        if r.bot == "echo":
            echo[r.mode] = r
        base = echo.get(r.mode)
        versus = "-"
        if base and r.bot != "echo":
            # Replicas: each replica's processes against the one echo process.
            extra = r.peak_rss_mb / max(1, r.replicas) - base.peak_rss_mb
            versus = f"{r.updates_per_s / base.updates_per_s:.2f}x, {extra:+.0f} MB" + (
                " per replica" if r.replicas else ""
            )
        size = f"{r.db_bytes_per_owner:,.0f}" if r.db_bytes_per_owner else "-"
        lines.append(
            f"| {r.bot} | {r.backend} | {r.mode} | {r.owners} | {r.updates_per_s:.0f} "
            f"| {r.p50_ms:.1f} | {r.p95_ms:.1f} | {r.p99_ms:.1f} | {r.start_rss_mb:.0f} "
            f"| {r.peak_rss_mb:.0f} | {r.rss_parts} "
            f"| {size} | {r.cpu_ms_per_update:.1f} | {versus} |"
        )
    return "\n".join(lines)


def step_table(rows: list[Figures]) -> str:
    """The heavy steps apart: the result (a drawn picture and three messages) and the PDF."""
    lines = [
        "| bot | db | mode | p99 ms, question steps | worst step's p99 ms | result p50 ms "
        "| result p99 ms | PDF p50 ms | PDF p99 ms | typed again |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]

    def ms(value: float | None) -> str:
        return "-" if value is None else f"{value:.1f}"

    for r in rows:
        lines.append(
            f"| {r.bot} | {r.backend} | {r.mode} | {r.p99_questions_ms:.1f} "
            f"| {r.worst_question_p99_ms:.1f} | {r.result_p50_ms:.1f} | {r.result_p99_ms:.1f} "
            f"| {ms(r.pdf_p50_ms)} | {ms(r.pdf_p99_ms)} | {r.typed_again} |"
        )
    return "\n".join(lines)


def steps_apart(rows: list[Figures]) -> str:
    """Each step's p99 in the script's order (step 0 is /start; the result and the PDF last),
    so the worst step can be named, not only measured."""
    lines = ["| bot | db | mode | p99 ms by step |", "|---|---|---|---|"]
    for r in rows:
        steps = " ".join(f"{value:.0f}" for value in r.step_p99_ms)
        lines.append(f"| {r.bot} | {r.backend} | {r.mode} | {steps} |")
    return "\n".join(lines)


def replica_table(rows: list[Figures]) -> str:
    """The replicas against one process on SQLite, mode by mode: whether each latency is no
    worse (issue 30's target for the replicas)."""
    single = {r.mode: r for r in rows if r.bot == "tredebot"}
    lines = [
        "| mode | figure | one process, SQLite | replicas, PostgreSQL | replicas no worse |",
        "|---|---|---|---|---|",
    ]
    # The latencies are what the owners see; the rest is what the replicas cost (in the event
    # and meeting modes the updates a second are what the owners offer, not a capacity).
    figures: list[tuple[str, str, bool]] = [
        ("p99_questions_ms", "question p99 ms", True),
        ("worst_question_p99_ms", "worst step's p99 ms", True),
        ("result_p50_ms", "result p50 ms", True),
        ("result_p99_ms", "result p99 ms", True),
        ("pdf_p50_ms", "PDF p50 ms", True),
        ("pdf_p99_ms", "PDF p99 ms", True),
        ("updates_per_s", "updates/s", False),
        ("cpu_ms_per_update", "CPU ms/update (all processes)", False),
        ("peak_rss_mb", "peak RSS MB (all processes)", False),
    ]
    for r in rows:
        one = single.get(r.mode)
        if not r.replicas or one is None:
            continue
        for attribute, label, judged in figures:
            mine, theirs = getattr(r, attribute), getattr(one, attribute)
            if mine is None or theirs is None:
                continue
            verdict = ("yes" if mine <= theirs else "no") if judged else "-"
            lines.append(f"| {r.mode} | {label} | {theirs:.1f} | {mine:.1f} | {verdict} |")
    return "\n".join(lines)


async def main() -> int:
    global STORED
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--owners", type=int, default=500, help="owners in saturation mode")
    parser.add_argument("--event", type=int, default=200, help="owners in event mode")
    parser.add_argument("--meeting", type=int, default=80, help="owners in meeting mode")
    parser.add_argument("--realistic", type=int, default=200, help="owners in realistic mode")
    parser.add_argument("--stored", type=int, default=10_000, help="completed owners pre-seeded")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("BENCH_POSTGRES_URL") or os.environ.get("TEST_POSTGRES_URL"),
    )
    parser.add_argument(
        "--modes",
        help="comma-separated (default: saturation,event,meeting,realistic; "
        "with --replicas: event,meeting)",
    )
    parser.add_argument(
        "--window", type=float, default=60.0, help="seconds measured in realistic mode"
    )
    parser.add_argument(
        "--replicas",
        type=int,
        default=0,
        help="also run this many webhook replicas of our bot on PostgreSQL, beside one process "
        "on SQLite and the echo (needs --postgres or TEST_POSTGRES_URL)",
    )
    parser.add_argument(
        "--balance",
        choices=POLICIES,
        default="least-busy",
        help="how the load balancer picks a replica for each update",
    )
    args = parser.parse_args()
    if args.replicas < 0:
        parser.error("--replicas must be 0 or more")
    if args.replicas and not args.postgres:
        print(
            "bench: --replicas needs PostgreSQL: set TEST_POSTGRES_URL (or BENCH_POSTGRES_URL)",
            file=sys.stderr,
        )
        return 2
    STORED = args.stored
    default_modes = "event,meeting" if args.replicas else "saturation,event,meeting,realistic"
    modes = (args.modes or default_modes).split(",")
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
        if args.replicas:
            rows = await run_replicas(args, modes, sizes, folder)
        else:
            rows = await run_single(args, modes, sizes, folder)
    print()
    if args.replicas:
        print(
            f"tredebot x{args.replicas}: {args.replicas} webhook replicas on PostgreSQL behind a "
            f"{args.balance} balancer, updates posted as Telegram posts them; tredebot: one "
            "process polling. CPU and RSS: every process of the bot (bench/processes.py)."
        )
    print(table(rows))
    print()
    print(step_table(rows))
    print()
    print(steps_apart(rows))
    if args.replicas:
        print()
        print(replica_table(rows))
    return 0


async def run_single(
    args: argparse.Namespace, modes: list[str], sizes: dict[str, int], folder: Path
) -> list[Figures]:
    """Each mode on SQLite and, when given, PostgreSQL: the echo right before ours."""
    rows: list[Figures] = []
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
    return rows


async def run_replicas(
    args: argparse.Namespace, modes: list[str], sizes: dict[str, int], folder: Path
) -> list[Figures]:
    """Each mode three times in a row: the echo, one process on SQLite, the replicas on
    PostgreSQL (each on a fresh copy of the seeded database)."""
    rows: list[Figures] = []
    sqlite, postgres = Backend("sqlite", folder), Backend("postgres", folder, args.postgres)
    try:
        await sqlite.prepare(args.stored)
        await postgres.prepare(args.stored)
        for mode in modes:
            size = sizes[mode]
            echo = await measure("echo", "-", mode, size, None, folder, args.window)
            one = await measure(
                "tredebot", "sqlite", mode, size, await sqlite.copy(), folder, args.window
            )
            many = await measure(
                "tredebot",
                "postgres",
                mode,
                size,
                await postgres.copy(),
                folder,
                args.window,
                replicas=args.replicas,
                policy=args.balance,
            )
            rows += [echo, one, many]
            print("\n".join(table([echo, one, many]).splitlines()[-3:]))
    finally:
        await postgres.cleanup()
    return rows


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
