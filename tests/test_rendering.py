"""Pictures are drawn off the event loop, one at a time in one thread, in the caller's context."""

from __future__ import annotations

import asyncio
import contextvars
import threading
import time

from bot.rendering import render

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
