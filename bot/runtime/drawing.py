"""Pictures and documents (the ladder, the owner's PDF, staff charts, QR codes, the poster) are
drawn in one worker process, started with the bot, one at a time, the most urgent first.

Why a process: Pillow and fpdf2 are pure work for the interpreter (a PDF is tens of
milliseconds of Python layout). In the bot's process they held the interpreter lock in small
slices and every update in flight waited behind them; at an outreach event, with many owners
finishing within seconds, the questions' p99 rose to seconds. The worker uses the machine's
other core at a lower priority (`draw.NICENESS`: when both cores are busy, the bot's answers go
first), and the bot's process never imports Pillow, fpdf2, fontTools or segno (about 25 MB
less, tests/test_main_process_imports.py). "spawn": a fresh interpreter; forking a process with
a running loop and threads would copy their locks in whatever state they were.

Why an order of our own: the worker takes one job at a time from us (never a queue of them),
and we pick the next: a picture someone waits for (`PICTURE`: a result's ladder, a staff chart
or QR code), then a PDF someone tapped for (`WAITED`), then a PDF made ahead of the tap
(`AHEAD`), each in the order asked. So when 200 owners finish at once, each result's picture
waits at most for the job in progress (one PDF, tens of ms) and the pictures before it (about
8 ms each), never behind the 200 PDFs made ahead; those follow in the gaps, and a tap on one
still waiting moves it ahead of the rest (`hurry`). Handing over one job at a time costs a pipe
round trip between jobs (well under a millisecond).

The worker is started by the dispatcher's start-up (`start`, bot/jobs/install.py), and by the
first job when nothing started it (a test, the dashboard alone); `stop` at shut-down.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import heapq
import itertools
import logging
import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any, ParamSpec, TypeVar

from bot.catalogues import LOCALES, catalogue_dir
from bot.pictures import draw as worker
from bot.runtime.fair_share import outside_slot

P = ParamSpec("P")
T = TypeVar("T")
log = logging.getLogger(__name__)


class Priority(IntEnum):
    PICTURE = 0  # someone waits for it: a result's ladder, a staff chart, a QR code, a poster
    WAITED = 1  # a PDF someone tapped for, a workbook someone downloads
    AHEAD = 2  # a PDF made before anyone asked, so the tap finds it ready


@dataclass(order=True)
class Job:
    """A call waiting for the worker; `done` is awaited on the caller's loop."""

    priority: int
    seq: int
    call: Callable[[], Any] = field(compare=False)
    done: asyncio.Future[Any] = field(compare=False)
    loop: asyncio.AbstractEventLoop = field(compare=False)
    started: bool = field(default=False, compare=False)


class Worker:
    """The drawing worker process and the jobs waiting for it (see the module's first lines)."""

    def __init__(self) -> None:
        # Re-entrant: a job that is done by the time its callback is added (a quick job, a
        # pool that broke) has `_finished` called at once, in this thread, under the lock.
        self._lock = threading.RLock()
        self._pool: ProcessPoolExecutor | None = None
        self._waiting: list[Job] = []
        self._running: Job | None = None
        self._seq = itertools.count()

    def start(self) -> None:
        """Start the process now (it loads the libraries and fonts before anyone waits)."""
        with self._lock:
            self._ensure_pool()

    def stop(self) -> None:
        """Let the process go; jobs not started are dropped (their callers are gone too)."""
        with self._lock:
            pool, self._pool = self._pool, None
            waiting, self._waiting = self._waiting, []
        for job in waiting:
            _deliver(job, None, asyncio.CancelledError())
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def submit(
        self, priority: Priority, draw: Callable[P, T], *args: P.args, **kwargs: P.kwargs
    ) -> Job:
        """Queue `draw(*args, **kwargs)` for the worker; await `job.done` for what it made.
        `draw` and its arguments travel to the worker: a module-level function of
        `bot.pictures.draw` and plain values."""
        loop = asyncio.get_running_loop()
        call = functools.partial(draw, *args, **kwargs)
        job = Job(int(priority), next(self._seq), call, loop.create_future(), loop)
        with self._lock:
            heapq.heappush(self._waiting, job)
            self._next()
        return job

    def hurry(self, job: Job, priority: Priority) -> None:
        """Someone now waits for `job`: it goes ahead of the jobs of a lower priority."""
        with self._lock:
            if not job.started and priority < job.priority:
                job.priority = int(priority)
                heapq.heapify(self._waiting)

    @property
    def waiting(self) -> int:
        """Jobs not started yet."""
        return len(self._waiting)

    # --- with the lock held -------------------------------------------------------------------
    def _ensure_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            catalogues = catalogue_dir(LOCALES)  # compiled already: the bot started with them
            self._pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=worker.prepare,
                initargs=(str(catalogues),),
            )
            # The pool starts its process at the first job: this one, so that it loads now.
            self._pool.submit(worker.ready)
        return self._pool

    def _next(self) -> None:
        while self._running is None and self._waiting:
            job = heapq.heappop(self._waiting)
            if job.done.cancelled() or job.loop.is_closed():  # nobody waits for it any more
                continue
            job.started = True
            pool = self._ensure_pool()
            try:
                running = pool.submit(job.call)
            except BrokenProcessPool as error:  # the worker died: a new one for the next job
                self._pool = None
                _deliver(job, None, error)
                continue
            self._running = job
            running.add_done_callback(functools.partial(self._finished, job))

    # --- in the pool's thread -----------------------------------------------------------------
    def _finished(self, job: Job, running: Future[Any]) -> None:
        error = running.exception() if not running.cancelled() else asyncio.CancelledError()
        with self._lock:
            self._running = None
            if isinstance(error, BrokenProcessPool):
                log.error("the drawing worker stopped; a new one starts for the next job")
                self._pool = None
            self._next()
        _deliver(job, None if error else running.result(), error)


def _deliver(job: Job, value: Any, error: BaseException | None) -> None:
    def settle() -> None:
        if job.done.done():
            return
        if isinstance(error, asyncio.CancelledError):
            job.done.cancel()
        elif error is not None:
            job.done.set_exception(error)
        else:
            job.done.set_result(value)

    with contextlib.suppress(RuntimeError):  # the caller's loop has closed: nobody to tell
        job.loop.call_soon_threadsafe(settle)


WORKER = Worker()


def start() -> None:
    """At the dispatcher's start-up: the worker process starts before the first owner."""
    WORKER.start()


def stop() -> None:
    WORKER.stop()


def start_rendering(draw: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> asyncio.Future[T]:
    """A picture someone waits for, handed to the worker now rather than when first awaited:
    it is drawn while the caller's own work goes on. Cancelling the future drops a picture
    that has not started."""
    return WORKER.submit(Priority.PICTURE, draw, *args, **kwargs).done


def start_document(draw: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> asyncio.Future[T]:
    """A document someone waits for (a part of a workbook being downloaded): after the
    pictures someone waits for, in the order asked with the PDFs tapped for. Parts of one
    document asked for in turn are made in turn."""
    return WORKER.submit(Priority.WAITED, draw, *args, **kwargs).done


async def render(draw: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """`start_rendering`, awaited without the update's slot (`outside_slot`)."""
    return await outside_slot(start_rendering(draw, *args, **kwargs))
