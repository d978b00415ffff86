"""Where the time of an update goes: py-spy's raw output turned into ms per update by library.

    python -m bench.profile_table PROFILE.txt --updates 12000 [--rate 200] [--detail 3]

PROFILE.txt is what `py-spy record --format raw` wrote (collapsed stacks, one line each:
frames from the root to the leaf joined by ";", then the number of samples), as
`BENCH_PROFILE=FOLDER make bench` records our bot under saturation (bench/run.py prints this
table after each such run). py-spy counts a thread only while it is active (not waiting in
select, a lock or a queue), so samples / rate is the time the threads spent working.

Each sample goes to the part of the innermost frame that belongs to a known part: a frame of
the standard library that is not the event loop (json, logging, gettext, re...) counts for the
code that called it, so `json.dumps` inside aiogram is aiogram's. The parts are those of
docs/running-at-scale.md:

- SQLAlchemy: sqlalchemy, sqlmodel, greenlet (the async adapter);
- aiosqlite hand-offs: aiosqlite and sqlite3, in the main thread and in aiosqlite's thread;
- asyncpg (PostgreSQL's driver);
- aiohttp: the client of the Bot API calls (and a webhook's server), yarl, multidict;
- event loop: asyncio and selectors (scheduling, callbacks, transports);
- pydantic: validating updates and answers, dumping requests;
- aiogram: dispatch, filters, middlewares, building requests;
- our code: bot/, dialogs/, pso/;
- drawing: Pillow, bot/runtime/drawing.py and its thread, fpdf2;
- other: stacks with none of these (start-up leftovers, the interpreter's own work).

With `--subprocesses`, processes other than the bot (the one with most samples) are counted
apart ("worker process").
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

PARTS = (
    "SQLAlchemy",
    "aiosqlite hand-offs",
    "asyncpg",
    "aiohttp",
    "event loop",
    "pydantic",
    "aiogram",
    "our code",
    "drawing",
    "worker process",
    "other",
)
LIBRARIES = {
    "sqlalchemy": "SQLAlchemy",
    "sqlmodel": "SQLAlchemy",
    "greenlet": "SQLAlchemy",
    "aiosqlite": "aiosqlite hand-offs",
    "asyncpg": "asyncpg",
    "aiohttp": "aiohttp",
    "yarl": "aiohttp",
    "multidict": "aiohttp",
    "aiohappyeyeballs": "aiohttp",
    "propcache": "aiohttp",
    "frozenlist": "aiohttp",
    "aiosignal": "aiohttp",
    "pydantic": "pydantic",
    "pydantic_core": "pydantic",
    "aiogram": "aiogram",
    "magic_filter": "aiogram",
    "PIL": "drawing",
    "fpdf": "drawing",
    "fontTools": "drawing",
    "matplotlib": "drawing",
}
STANDARD = {"asyncio": "event loop", "selectors.py": "event loop", "sqlite3": "aiosqlite hand-offs"}
OURS = ("bot", "dialogs", "pso")
# The thread that draws the result's picture (bot/runtime/drawing.py names it).
DRAWING_THREAD = "tredebot-render"
DRAWING_FRAME = "drawing thread (/site-packages/PIL/drawing-thread)"
DRAWING_MODULE = "bot/runtime/drawing.py"
_FRAME_FILE = re.compile(r"\((?P<file>.+?)(?::\d+)?\)$")
_PROCESS = re.compile(r'^process (?P<pid>\d+):".*?";')
_STANDARD_LIB = re.compile(r"/lib/python3\.\d+/(?P<rest>.+)$")


def part_of_file(path: str) -> str | None:
    """The part a source file belongs to, or None for one that counts for its caller."""
    if "/site-packages/" in path or "/dist-packages/" in path:
        rest = re.split(r"/(?:site|dist)-packages/", path)[-1]
        return LIBRARIES.get(rest.split("/")[0].removesuffix(".py"))
    standard = _STANDARD_LIB.search(path)
    if standard:
        return STANDARD.get(standard["rest"].split("/")[0])
    if path.endswith(DRAWING_MODULE):
        return "drawing"
    parts = path.split("/")
    for top in OURS:
        if top in parts[:-1]:
            return "our code"
    return None


def part_of_stack(frames: Iterable[str]) -> str:
    """The innermost frame's part that is known (frames from the root to the leaf)."""
    for frame in reversed(list(frames)):
        match = _FRAME_FILE.search(frame)
        if match:
            part = part_of_file(match["file"])
            if part is not None:
                return part
    return "other"


def parse(lines: Iterable[str]) -> tuple[Counter[str], Counter[tuple[str, str]]]:
    """Samples by part, and by (part, innermost known frame) for the detail. With samples of
    several processes (`--subprocesses`), the one with the most is the bot; the others count
    as "worker process"."""
    stacks: list[tuple[str | None, list[str], int]] = []
    by_process: Counter[str | None] = Counter()
    for line in lines:
        stack, _, count = line.rstrip("\n").rpartition(" ")
        if not stack or not count.isdigit():
            continue  # a command line with a newline in it continues on the next line
        process = _PROCESS.match(stack)
        pid = process["pid"] if process else None
        if process:
            stack = stack[process.end() :]
        frames = stack.split(";")
        thread = frames[0] if frames and frames[0].startswith("thread (") else ""
        frames = frames[1:] if thread else frames
        if DRAWING_THREAD in thread:
            frames = [DRAWING_FRAME, *frames]  # the drawing thread's waits and hand-offs too
        stacks.append((pid, frames, int(count)))
        by_process[pid] += int(count)
    bot = by_process.most_common(1)[0][0] if by_process else None
    by_part: Counter[str] = Counter()
    by_frame: Counter[tuple[str, str]] = Counter()
    for pid, frames, samples in stacks:
        part = part_of_stack(frames) if pid == bot else "worker process"
        by_part[part] += samples
        by_frame[(part, _innermost(frames, part))] += samples
    return by_part, by_frame


def _innermost(frames: list[str], part: str) -> str:
    for frame in reversed(frames):
        match = _FRAME_FILE.search(frame)
        if match and part_of_file(match["file"]) == part:
            function = frame[: match.start()].strip()
            return f"{function} ({_short(match['file'])})"
    return frames[-1] if frames else "?"


def _short(path: str) -> str:
    for marker in ("/site-packages/", "/dist-packages/"):
        if marker in path:
            return path.split(marker)[-1]
    standard = _STANDARD_LIB.search(path)
    if standard:
        return standard["rest"]
    parts = path.split("/")
    for index, part in enumerate(parts):
        if part in OURS:
            return "/".join(parts[index:])
    return path


def profile_table(
    path: Path, *, updates: int, rate: float, cpu_ms: float | None = None, detail: int = 0
) -> str:
    """The markdown table, largest part first: each part's share of the samples, the ms per
    update that share is of `cpu_ms` (the CPU time per update measured apart, from /proc),
    and the ms per update py-spy saw the threads active (samples / rate / updates), which is
    more than the CPU time: a thread blocked in C code (sqlite3 on its file, a lock taken
    without releasing the GIL) or paused for the sample counts as active."""
    with path.open() as lines:
        by_part, by_frame = parse(lines)
    total = sum(by_part.values())
    if not total or not updates:
        return f"(no samples in {path})"

    def active(samples: int) -> str:
        return f"{samples / rate * 1000 / updates:.2f}"

    def of_cpu(samples: int) -> str:
        return "-" if cpu_ms is None else f"{cpu_ms * samples / total:.2f}"

    rows = [
        "| part | share | ms/update of the CPU time | ms/update active (py-spy) |",
        "|---|---|---|---|",
    ]
    for part, samples in by_part.most_common():
        rows.append(f"| {part} | {samples / total:.0%} | {of_cpu(samples)} | {active(samples)} |")
        if detail:
            frames = [(f, n) for (p, f), n in by_frame.most_common() if p == part][:detail]
            for frame, n in frames:
                rows.append(f"| - {frame} | {n / total:.1%} | {of_cpu(n)} | {active(n)} |")
    rows.append(f"| **all** | 100% | **{of_cpu(total)}** | **{active(total)}** |")
    rows.append("")
    rows.append(f"{total} samples at {rate:g} Hz over {updates} updates.")
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("profile", type=Path, help="py-spy record --format raw output")
    parser.add_argument(
        "--updates", type=int, required=True, help="updates the bot handled while recorded"
    )
    parser.add_argument("--rate", type=float, default=200, help="py-spy's samples a second")
    parser.add_argument(
        "--cpu-ms",
        type=float,
        help="CPU ms per update measured in the same run (bench.run prints it): each part's "
        "share of it",
    )
    parser.add_argument("--detail", type=int, default=0, help="the N heaviest frames per part")
    args = parser.parse_args()
    print(
        profile_table(
            args.profile,
            updates=args.updates,
            rate=args.rate,
            cpu_ms=args.cpu_ms,
            detail=args.detail,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
