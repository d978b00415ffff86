"""A fair share of the update slots: one user's flood never keeps the others waiting.

Every update passes `FairShare.enter(key)` (key: the user's id) before it is handled and
`FairShare.leave` after it:
- At most one update per user is handled at a time: a user's updates are serialised anyway
  (a double tap, two devices; the conversation has one current question). The others wait in
  that user's line and hold no slot, so they cannot take the slots other users need.
- At most `slots` updates are handled at once overall (MAX_CONCURRENT_UPDATES). Users whose
  next update waits take free slots in turn (round robin): a user with twenty waiting gets one
  slot, and after it goes to the back of the line behind everyone else who waits.
- Past `queue_limit` waiting updates of one user, `enter` refuses more (`Refused`); the caller
  drops them and tells the user to slow down once per burst (`Refused.first`): at most once
  in `WARN_EVERY_S`, so a flood that drains and fills again is not answered each time.
- A wait for Telegram (a 429's retry_after, a backoff after a 5xx) or for the drawing worker
  (a result's picture, a PDF) lets the slot go: `outside_slot` gives the slot to whoever waits
  and takes one back after, before any new update gets one. The user's turn is kept: their
  next update still waits.
- `until_idle` waits until nothing is handled or waiting: a stopping bot lets the updates it
  has taken in finish first (bot/jobs/stopping.py).

Pure asyncio, no aiogram: the middleware in bot/middlewares.py feeds it, and the polling and
webhook entries bound how many updates may wait in all (`PENDING_LIMIT`).
"""

from __future__ import annotations

import asyncio
import contextvars
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TypeVar

# Updates of one user that may wait for their turn; more in one go is a script or a stuck key.
QUEUE_LIMIT = 20
# Updates taken in from Telegram and not yet finished, waiting or handled (polling fetches no
# more; the webhook answers no more until some finish): a bound on memory, not on fairness.
PENDING_LIMIT = 1000
WARN_EVERY_S = 60.0

T = TypeVar("T")


class Refused(Exception):
    """The user already has `queue_limit` updates waiting; this one is to be dropped."""

    def __init__(self, *, first: bool) -> None:
        super().__init__("too many updates of one user waiting")
        self.first = first  # the first refused in this burst: tell the user, once


class Slot:
    """One update's hold on a slot, while it is handled."""

    __slots__ = ("_back", "_pauses", "_share", "active", "held")

    def __init__(self, share: FairShare) -> None:
        self._share = share
        self.held = True  # counts against the slots now
        self.active = True  # the update is still being handled
        self._pauses = 0  # waits for Telegram in progress (a handler may send two at once)
        self._back: asyncio.Future[None] | None = None  # a slot asked back after a wait

    async def outside(self, awaited: Awaitable[T]) -> T:
        """Await without the slot: another user's update may use it meanwhile."""
        self._pauses += 1
        if self._pauses == 1 and self.held:
            self.held = False
            self._share.give_back()
        try:
            value = await awaited
        finally:
            self._pauses -= 1
        if self._pauses == 0 and not self.held and self.active:
            if self._back is None:
                self._back = self._share.ask_back()
            # Shielded: another wait of this update may await the same future.
            await asyncio.shield(self._back)
            self._back = None
            self.held = True
        return value

    def finish(self) -> bool:
        """The update is done; whether it still held a slot (to be given back)."""
        self.active = False
        if self.held:
            self.held = False
            return True
        back, self._back = self._back, None
        if back is None:
            return False
        if back.done():  # given, not yet taken up: give it back
            return not back.cancelled()
        back.cancel()  # no longer wanted; ask_back's queue skips it
        return False


_current: contextvars.ContextVar[Slot | None] = contextvars.ContextVar(
    "fair_share_slot", default=None
)


def hold(slot: Slot | None) -> contextvars.Token[Slot | None]:
    """Make `slot` the one `sleep_outside_slot` lets go in this task (the middleware's)."""
    return _current.set(slot)


def release_hold(token: contextvars.Token[Slot | None]) -> None:
    _current.reset(token)


async def outside_slot(awaited: Awaitable[T]) -> T:
    """Await `awaited` without the slot of the update being handled (if any) meanwhile: a wait
    for Telegram, or for the drawing worker. Such a wait costs this process nothing, and with
    its slot held, a room of owners finishing at once would fill every slot with results
    waiting for their pictures while the others' next questions waited behind them."""
    slot = _current.get()
    if slot is None or not slot.active:
        return await awaited
    return await slot.outside(awaited)


async def sleep_outside_slot(seconds: float) -> None:
    """`asyncio.sleep`, without the slot of the update being handled (if any) meanwhile."""
    await outside_slot(asyncio.sleep(seconds))


@dataclass(slots=True)
class _Line:
    """One user's updates that wait for their turn, and whether one is being handled."""

    waiting: deque[asyncio.Future[None]] = field(default_factory=deque)
    running: bool = False


class FairShare:
    def __init__(
        self,
        slots: int,
        queue_limit: int = QUEUE_LIMIT,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.slots = slots
        self.queue_limit = queue_limit
        self.clock = clock
        self._warned: dict[int, float] = {}  # user → when last told to slow down
        self._free = slots
        self._lines: dict[int, _Line] = {}
        self._ready: deque[int] = deque()  # users whose next update waits for a slot, in turn
        self._resuming: deque[asyncio.Future[None]] = deque()  # after a wait for Telegram
        self._idle_waiters: list[asyncio.Future[None]] = []  # `until_idle` calls

    @property
    def busy(self) -> int:
        """Slots taken now."""
        return self.slots - self._free

    def waiting(self, key: int) -> int:
        """Updates of this user waiting for their turn (not the one being handled)."""
        line = self._lines.get(key)
        return 0 if line is None else len(line.waiting)

    def idle(self) -> bool:
        """Nothing handled and nothing waiting."""
        return not self._lines and self._free == self.slots

    @property
    def in_progress(self) -> int:
        """Updates being handled (a wait for Telegram included) or waiting for their turn."""
        return sum(line.running + len(line.waiting) for line in self._lines.values())

    async def until_idle(self) -> None:
        """Return once nothing is handled and nothing waits (at once when that is so now)."""
        if self.idle():
            return
        idle: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._idle_waiters.append(idle)
        try:
            await idle
        finally:
            if idle in self._idle_waiters:
                self._idle_waiters.remove(idle)

    async def enter(self, key: int) -> Slot:
        """Wait for this user's turn and a free slot; raise Refused past the user's bound."""
        line = self._lines.get(key)
        if line is None:
            line = self._lines[key] = _Line()
        elif line.running or line.waiting:
            return await self._wait(key, line)
        if self._free > 0 and not self._ready and not self._resuming:
            self._free -= 1
            line.running = True
            return Slot(self)
        return await self._wait(key, line)

    async def _wait(self, key: int, line: _Line) -> Slot:
        if len(line.waiting) >= self.queue_limit:
            raise Refused(first=self._first_refusal(key))
        turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        line.waiting.append(turn)
        if not line.running and len(line.waiting) == 1:
            self._ready.append(key)
            self._dispatch()
        try:
            await turn
        except asyncio.CancelledError:
            if turn.done() and not turn.cancelled():  # the turn came with the cancellation
                self.leave(key, Slot(self))
            else:
                line.waiting.remove(turn)
                self._forget_if_idle(key, line)
            raise
        return Slot(self)

    def leave(self, key: int, slot: Slot) -> None:
        """The update is done: its slot to the next in turn, the user's next update in line."""
        if slot.finish():
            self._free += 1
        line = self._lines.get(key)
        if line is not None:
            line.running = False
            if line.waiting:
                self._ready.append(key)  # at the back: everyone waiting goes first
            else:
                self._forget_if_idle(key, line)
        self._dispatch()

    def give_back(self) -> None:
        """A slot let go during a wait for Telegram."""
        self._free += 1
        self._dispatch()

    def ask_back(self) -> asyncio.Future[None]:
        """A slot for an update that waited for Telegram: before any new update's turn."""
        back: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._resuming.append(back)
        self._dispatch()
        return back

    def _first_refusal(self, key: int) -> bool:
        now = self.clock()
        last = self._warned.get(key)
        if last is not None and now - last < WARN_EVERY_S:
            return False
        if len(self._warned) >= 10_000:  # forget the bursts that are long over
            self._warned = {k: t for k, t in self._warned.items() if now - t < WARN_EVERY_S}
        self._warned[key] = now
        return True

    def _forget_if_idle(self, key: int, line: _Line) -> None:
        if not line.running and not line.waiting:
            del self._lines[key]  # the burst is over; nothing kept per user
            if self._idle_waiters and self.idle():
                waiters, self._idle_waiters = self._idle_waiters, []
                for idle in waiters:
                    if not idle.done():
                        idle.set_result(None)

    def _dispatch(self) -> None:
        while self._free > 0:
            if self._resuming:
                back = self._resuming.popleft()
                if not back.done():
                    self._free -= 1
                    back.set_result(None)
                continue
            if not self._ready:
                return
            key = self._ready.popleft()
            line = self._lines.get(key)
            if line is None or line.running:
                continue
            while line.waiting:
                turn = line.waiting.popleft()
                if not turn.done():
                    self._free -= 1
                    line.running = True
                    turn.set_result(None)
                    break
            else:
                self._forget_if_idle(key, line)
