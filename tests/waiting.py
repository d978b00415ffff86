"""Waiting for what a user or operator would see, with a deadline, instead of a fixed sleep.

A test that sleeps a fixed time and then asserts passes on an idle machine and fails on a busy
one. Wait for the condition itself: ``await eventually(lambda: ..., within=5)``. Only "nothing
happened" cannot be waited for; wait then for an exact signal that the bot has finished (the
stand-in's ``wait_reply``/``wait_handled`` with ``StandIn(sequential_bot=True)``, or
``WatchedClock.caught_up()`` for the reminder dispatcher).
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar, overload

T = TypeVar("T")

POLL_SECONDS = 0.02


@overload
async def eventually(
    condition: Callable[[], Awaitable[T]],
    *,
    within: float = ...,
    what: str | Callable[[], object] = ...,
) -> T: ...


@overload
async def eventually(
    condition: Callable[[], T],
    *,
    within: float = ...,
    what: str | Callable[[], object] = ...,
) -> T: ...


async def eventually(
    condition: Callable[[], Any],
    *,
    within: float = 10.0,
    what: str | Callable[[], object] = "",
) -> Any:
    """Poll ``condition`` (plain or async) until it returns something truthy and return that.
    After ``within`` seconds fail with the last value it returned and ``what`` (a text, or a
    callable giving one, for the failure message)."""
    deadline = time.monotonic() + within
    while True:
        value = condition()
        if inspect.isawaitable(value):
            value = await value
        if value:
            return value
        if time.monotonic() >= deadline:
            detail = what() if callable(what) else what
            raise AssertionError(f"not within {within} s: {detail or condition} (last: {value!r})")
        await asyncio.sleep(POLL_SECONDS)
