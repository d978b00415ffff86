"""Work beside the dispatcher: started with polling or the webhook, cancelled when it stops."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from aiogram import Dispatcher


def run_while_dispatching(
    dispatcher: Dispatcher,
    name: str,
    work: Callable[[], Coroutine[Any, Any, None]],
    *,
    afterwards: Callable[[], Awaitable[None]] | None = None,
) -> None:
    """Start `work()` as a task when the dispatcher starts; cancel it, then await `afterwards`,
    when it stops. `work` is called at start-up, so it may read what start-up provides."""
    tasks: list[asyncio.Task[None]] = []

    async def start() -> None:
        tasks.append(asyncio.create_task(work(), name=name))

    async def stop() -> None:
        while tasks:
            task = tasks.pop()
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if afterwards is not None:
            await afterwards()

    dispatcher.startup.register(start)
    dispatcher.shutdown.register(stop)
