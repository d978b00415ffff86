"""Pictures are drawn off the event loop, one at a time in one thread, in the caller's context."""

from __future__ import annotations

import asyncio
import contextvars
import threading
import time

from bot.runtime.drawing import render, start_rendering

LANGUAGE: contextvars.ContextVar[str] = contextvars.ContextVar("language", default="?")


async def test_drawings_run_one_at_a_time_in_one_thread_off_the_loop() -> None:
    running = 0
    most_at_once = 0
    threads: set[int] = set()
    lock = threading.Lock()

    def draw(n: int) -> int:
        nonlocal running, most_at_once
        with lock:
            running += 1
            most_at_once = max(most_at_once, running)
            threads.add(threading.get_ident())
        time.sleep(0.02)
        with lock:
            running -= 1
        return n * n

    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.005)
            ticks += 1

    ticking = asyncio.create_task(ticker())
    results = await asyncio.gather(*(render(draw, n) for n in range(6)))
    ticking.cancel()
    assert results == [0, 1, 4, 9, 16, 25]
    assert most_at_once == 1
    assert len(threads) == 1 and threading.get_ident() not in threads
    assert ticks >= 10  # the loop went on while the six drawings (0.12 s) were made


async def test_a_drawing_sees_the_callers_language() -> None:
    LANGUAGE.set("nl")
    assert await render(LANGUAGE.get) == "nl"


async def test_a_started_drawing_runs_while_the_caller_goes_on_without_awaiting() -> None:
    started = threading.Event()
    LANGUAGE.set("en")

    def draw() -> str:
        started.set()
        return LANGUAGE.get()

    picture = start_rendering(draw)
    # No await in between: the caller's own work (storing the result) runs meanwhile.
    assert started.wait(timeout=5)
    assert await picture == "en"


async def test_a_drawing_cancelled_before_its_turn_is_never_made() -> None:
    gate = threading.Event()
    made: list[int] = []
    busy = start_rendering(gate.wait, 5)  # the one drawing thread is taken
    dropped = start_rendering(made.append, 1)
    dropped.cancel()
    await asyncio.sleep(0)  # the cancellation reaches the thread's queue on the loop's next turn
    gate.set()
    await busy
    await render(made.append, 2)  # every drawing before this one has had its turn
    assert made == [2]
