"""Synchronous filters run on the event loop, not in a worker thread.

aiogram awaits every filter that is not a coroutine with `asyncio.to_thread`, and every
`F.…` magic filter is such a filter. Our routers check a dozen of them for an ordinary answer,
so each update went to the thread pool and back a dozen times, for a check of one attribute
(py-spy under `make bench`). Our synchronous filters do no I/O, so they are simply called.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from aiogram import Router
from aiogram.dispatcher.event.handler import CallableObject


def _on_the_loop(callback: Any) -> Any:
    async def call(*args: Any, **kwargs: Any) -> Any:
        return callback(*args, **kwargs)

    return call


def _filters(router: Router) -> Iterator[CallableObject]:
    for each in router.chain_tail:
        for observer in each.observers.values():
            yield from observer._handler.filters or ()
            for handler in observer.handlers:
                yield from handler.filters or ()


def run_filters_on_the_loop(router: Router) -> int:
    """Make every synchronous filter under `router` awaitable in place; returns how many."""
    changed = 0
    for filter_object in _filters(router):
        if not filter_object.awaitable:
            # Its parameters were read from the original at creation; only the call changes.
            filter_object.callback = _on_the_loop(filter_object.callback)
            filter_object.awaitable = True
            changed += 1
    return changed
