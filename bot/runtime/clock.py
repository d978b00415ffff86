"""Time as an object: the system's here; tests pass a fake one they move forward by hand
(tests/e2e/reminders_support.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current moment, timezone-aware (UTC)."""
        ...

    async def sleep(self, seconds: float) -> None:
        """Wait for calendar time to pass (idle waits of the dispatcher)."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def __call__(self) -> datetime:  # dispatcher["clock"] is also called plainly (housekeeping)
        return self.now()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class _CallableClock:
    """A plain `() -> datetime` (as housekeeping takes it) used as a Clock."""

    def __init__(self, now: Callable[[], datetime]) -> None:
        self._now = now

    def now(self) -> datetime:
        return self._now()

    def __call__(self) -> datetime:
        return self._now()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


def as_clock(value: object) -> Clock:
    """dispatcher["clock"] may be a Clock or a bare callable; both work."""
    if hasattr(value, "now") and hasattr(value, "sleep"):
        return value
    if callable(value):
        return _CallableClock(value)
    return SystemClock()
