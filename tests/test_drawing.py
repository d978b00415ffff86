"""Pictures and PDFs are drawn in one worker process, one at a time, the most urgent first: a
result's picture never waits behind the PDFs made ahead of their tap."""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import load_settings
from bot.factory import create_dispatcher, create_storage
from bot.pictures import draw
from bot.runtime import documents, drawing
from bot.runtime.documents import Documents, Stored
from bot.runtime.drawing import Priority, Worker, render, start_rendering
from tests.pso.answers import BAKERY, WORKED

MADE = dt.datetime(2026, 12, 10, 14, 0).astimezone()


def stored(answers: dict[str, object], *, owner: int = 7, result: int = 1) -> Stored:
    return Stored(owner, result, json.dumps(answers), "2026.3")


def noted(order: list[str], what: str, _done: object) -> None:
    order.append(what)


@pytest.fixture
def worker(monkeypatch: pytest.MonkeyPatch) -> Iterator[Worker]:
    """A worker process of its own, so no other test's jobs are in its queue."""
    own = Worker()
    own.start()
    monkeypatch.setattr(documents, "WORKER", own)
    yield own
    own.stop()


async def test_pictures_are_drawn_in_another_process_one_at_a_time() -> None:
    pids = await asyncio.gather(*(render(draw.ready) for _ in range(4)))
    assert len(set(pids)) == 1 and pids[0] != os.getpid()


async def test_the_worker_yields_the_cpu_to_the_bots_process() -> None:
    """On a busy machine an owner's next question goes before a document being made."""
    pid = await render(draw.ready)
    own = os.getpriority(os.PRIO_PROCESS, 0)
    assert os.getpriority(os.PRIO_PROCESS, pid) == min(19, own + draw.NICENESS)


async def test_the_ladder_is_a_jpeg_and_the_qr_code_a_png() -> None:
    picture = await render(draw.ladder, WORKED, "2026.3", "nl")
    assert picture.startswith(b"\xff\xd8")  # JPEG
    assert (await render(draw.qr_png, "https://t.me/tredebot?start=x")).startswith(b"\x89PNG")


async def test_a_picture_goes_before_every_pdf_made_ahead(worker: Worker) -> None:
    order: list[str] = []
    ahead = [
        worker.submit(Priority.AHEAD, draw.report, BAKERY, "2026.3", "nl", MADE) for _ in range(4)
    ]
    for n, job in enumerate(ahead):
        job.done.add_done_callback(functools.partial(noted, order, f"pdf {n}"))
    picture = worker.submit(Priority.PICTURE, draw.ladder, WORKED, "2026.3", "nl")
    picture.done.add_done_callback(functools.partial(noted, order, "picture"))
    await asyncio.gather(picture.done, *(job.done for job in ahead))
    # The first PDF may have been handed over already; the picture comes right after it.
    assert order.index("picture") <= 1
    assert [o for o in order if o != "picture"] == [f"pdf {n}" for n in range(4)]


async def test_a_tapped_pdf_goes_ahead_of_those_nobody_asked_for(worker: Worker) -> None:
    order: list[str] = []
    jobs = [
        worker.submit(Priority.AHEAD, draw.report, BAKERY, "2026.3", "nl", MADE) for _ in range(5)
    ]
    for n, job in enumerate(jobs):
        job.done.add_done_callback(functools.partial(noted, order, str(n)))
    worker.hurry(jobs[4], Priority.WAITED)
    await asyncio.gather(*(job.done for job in jobs))
    assert order.index("4") <= 1


async def test_a_picture_cancelled_before_its_turn_is_never_drawn(worker: Worker) -> None:
    busy = worker.submit(Priority.AHEAD, draw.report, BAKERY, "2026.3", "nl", MADE)
    dropped = worker.submit(Priority.PICTURE, draw.ladder, WORKED, "2026.3", "nl")
    dropped.done.cancel()
    await busy.done
    last = worker.submit(Priority.PICTURE, draw.ready)
    await last.done
    assert dropped.started is False


async def test_the_pdf_made_when_the_result_is_shown_is_what_the_tap_sends(
    worker: Worker,
) -> None:
    kept = Documents()
    result = stored(BAKERY)
    kept.prepare(result, locale="nl", generated_at=MADE, ladder=None)
    first = await kept.pdf(result, locale="nl", generated_at=MADE)
    assert first.startswith(b"%PDF")
    assert kept.held_bytes == len(first)
    made = worker.submit(Priority.PICTURE, draw.ready)
    await made.done
    # A second tap: the same bytes, nothing queued for the worker.
    assert await kept.pdf(result, locale="nl", generated_at=MADE) is first
    assert worker.waiting == 0


async def test_a_replaced_or_erased_result_never_gets_the_pdf_made_for_another(
    worker: Worker,
) -> None:
    kept = Documents()
    old = stored(BAKERY, result=5)
    kept.prepare(old, locale="en", generated_at=MADE, ladder=None)
    before = await kept.pdf(old, locale="en", generated_at=MADE)
    # The id given again after an erasure, to other answers (SQLite reuses a freed rowid).
    again = stored({**BAKERY, "org_name": "Another firm"}, result=5)
    after = await kept.pdf(again, locale="en", generated_at=MADE)
    assert after != before
    # Erasure drops what was kept for the owner.
    kept.forget(7)
    assert kept.held_bytes == 0
    # Another day: made anew (the plan starts on the day it is made).
    next_day = await kept.pdf(old, locale="en", generated_at=MADE + dt.timedelta(days=1))
    assert next_day != before


async def test_kept_pdfs_stay_within_their_bound(worker: Worker) -> None:
    kept = Documents(max_bytes=1)  # room for none: each is dropped once made
    result = stored(BAKERY)
    assert (await kept.pdf(result, locale="nl", generated_at=MADE)).startswith(b"%PDF")
    assert kept.held_bytes == 0


async def test_started_and_stopped_with_the_dispatcher(tmp_path: Path) -> None:
    settings = load_settings(
        BOT_TOKEN="42:TEST", DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path}/bot.db"
    )
    storage = create_storage(settings)
    try:
        dispatcher = create_dispatcher(settings, storage)
        started = [h.callback for h in dispatcher.startup.handlers]
        stopped = [h.callback for h in dispatcher.shutdown.handlers]
        assert drawing.start in started and drawing.stop in stopped
    finally:
        await storage.engine.dispose()


async def test_start_rendering_hands_the_picture_over_before_it_is_awaited() -> None:
    picture = start_rendering(draw.ready)
    await asyncio.sleep(0)  # no await on the picture itself
    assert await picture != os.getpid()


KILLED_BOT = """
import os, signal
from bot.runtime.drawing import Worker, Priority
from bot.pictures import draw
import asyncio

async def main():
    worker = Worker()
    job = worker.submit(Priority.PICTURE, draw.ready)
    print(await job.done, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)  # no shut-down: as the OOM killer would

if __name__ == "__main__":
    asyncio.run(main())
"""


def test_the_worker_ends_when_the_bot_is_killed(tmp_path: Path) -> None:
    """A killed bot cannot stop its worker; the worker notices and exits by itself."""
    import subprocess
    import sys
    import time

    script = tmp_path / "killed_bot.py"
    script.write_text(KILLED_BOT)
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=60
    )
    worker_pid = int(done.stdout.split()[0])
    deadline = time.monotonic() + 10 * draw.PARENT_CHECK_S
    while _alive(worker_pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(worker_pid), "the worker outlived the bot"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (exited, not yet reaped by init) counts as gone.
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(") ", 1)[1].startswith("Z"))
