"""The fair turns themselves (bot/runtime/fair_share.py), with handlers that wait on events: who
gets a slot, in which order, and what is refused."""

from __future__ import annotations

import asyncio

import pytest

from bot.runtime.fair_share import (
    WARN_EVERY_S,
    FairShare,
    Refused,
    Slot,
    hold,
    outside_slot,
    release_hold,
    sleep_outside_slot,
)


async def settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


class Updates:
    """Updates that enter the turns and stay in their handler until released."""

    def __init__(self, share: FairShare) -> None:
        self.share = share
        self.started: list[tuple[int, int]] = []  # (user, n) in the order handlers began
        self.release: dict[tuple[int, int], asyncio.Event] = {}
        self.refused: list[tuple[int, int, bool]] = []
        self.tasks: list[asyncio.Task[None]] = []

    def send(self, user: int, n: int) -> None:
        self.release[(user, n)] = asyncio.Event()
        self.tasks.append(asyncio.create_task(self._handle(user, n)))

    async def _handle(self, user: int, n: int) -> None:
        try:
            slot = await self.share.enter(user)
        except Refused as refused:
            self.refused.append((user, n, refused.first))
            return
        try:
            self.started.append((user, n))
            await self.release[(user, n)].wait()
        finally:
            self.share.leave(user, slot)

    async def finish(self, user: int, n: int) -> None:
        self.release[(user, n)].set()
        await settle()


async def test_a_users_waiting_updates_hold_no_slot() -> None:
    share = FairShare(slots=2, queue_limit=5)
    updates = Updates(share)
    for n in range(5):
        updates.send(1, n)  # one user's burst
    await settle()
    updates.send(2, 0)
    await settle()
    # One slot for the flood, the other at once for the next user.
    assert updates.started == [(1, 0), (2, 0)]
    assert share.busy == 2 and share.waiting(1) == 4


async def test_users_take_free_slots_in_turn() -> None:
    share = FairShare(slots=1, queue_limit=10)
    updates = Updates(share)
    for n in range(3):
        updates.send(1, n)
    await settle()
    updates.send(2, 0)
    updates.send(3, 0)
    await settle()
    for user, n in [(1, 0), (2, 0), (3, 0), (1, 1)]:
        await updates.finish(user, n)
    # After its first, the flooding user waits behind everyone else who waits.
    assert updates.started == [(1, 0), (2, 0), (3, 0), (1, 1), (1, 2)]


async def test_past_the_bound_updates_are_refused_and_the_first_refusal_says_so() -> None:
    now = 100.0
    share = FairShare(slots=4, queue_limit=3, clock=lambda: now)
    updates = Updates(share)
    for n in range(8):
        updates.send(1, n)
    await settle()
    # One handled, three waiting, four refused: only the first of them is to be told.
    assert updates.started == [(1, 0)]
    assert updates.refused == [(1, 4, True), (1, 5, False), (1, 6, False), (1, 7, False)]
    for n in range(4):
        await updates.finish(1, n)
    assert share.idle()
    # A burst right after is not told again; a burst a minute later is.
    for n in range(10, 15):
        updates.send(1, n)
    await settle()
    assert updates.refused[-1] == (1, 14, False)
    for n in range(10, 14):
        await updates.finish(1, n)
    now += WARN_EVERY_S
    for n in range(20, 25):
        updates.send(1, n)
    await settle()
    assert updates.refused[-1] == (1, 24, True)


async def test_a_wait_for_telegram_lets_the_slot_go_and_takes_one_back_first() -> None:
    share = FairShare(slots=1)
    order: list[str] = []
    waiting_for_telegram = asyncio.Event()

    async def throttled() -> None:
        slot = await share.enter(1)
        token = hold(slot)
        try:
            waiting_for_telegram.set()
            await sleep_outside_slot(0.05)  # as RetryMiddleware after a 429
            order.append("throttled user answered")
        finally:
            release_hold(token)
            share.leave(1, slot)

    async def other(user: int, pause: float) -> None:
        slot = await share.enter(user)
        try:
            order.append(f"user {user} answered")
            await asyncio.sleep(pause)
        finally:
            share.leave(user, slot)

    first = asyncio.create_task(throttled())
    await waiting_for_telegram.wait()
    await asyncio.gather(other(2, 0.1), other(3, 0), first)
    # User 2 ran in the throttled user's slot; when the wait was over, the throttled update
    # took the slot back before user 3, who had waited for a slot all along.
    assert order == ["user 2 answered", "throttled user answered", "user 3 answered"]
    assert share.idle()


async def test_a_result_waiting_for_its_picture_holds_no_slot() -> None:
    """With every slot taken by results waiting for the drawing worker, the next question of
    another owner is still answered; the picture comes back to the update that asked."""
    share = FairShare(slots=1)
    picture: asyncio.Future[bytes] = asyncio.get_running_loop().create_future()
    order: list[str] = []

    async def result() -> bytes:
        slot = await share.enter(1)
        token = hold(slot)
        try:
            drawn = await outside_slot(picture)
            order.append("result sent")
            return drawn
        finally:
            release_hold(token)
            share.leave(1, slot)

    async def question() -> None:
        slot = await share.enter(2)
        try:
            order.append("question answered")
        finally:
            share.leave(2, slot)

    waiting = asyncio.create_task(result())
    await settle()
    # Without the slot let go, the question would wait for the only slot for ever.
    await asyncio.wait_for(question(), timeout=5)
    picture.set_result(b"jpeg")
    assert await waiting == b"jpeg"
    assert order == ["question answered", "result sent"]
    assert share.idle()


async def test_cancelled_updates_leave_nothing_behind() -> None:
    share = FairShare(slots=1, queue_limit=5)
    updates = Updates(share)
    for n in range(3):
        updates.send(1, n)
    updates.send(2, 0)
    await settle()
    for task in updates.tasks[1:]:
        task.cancel()
    await asyncio.gather(*updates.tasks[1:], return_exceptions=True)
    await updates.finish(1, 0)
    assert share.idle()


async def test_until_idle_returns_when_the_last_update_in_hand_or_waiting_is_done() -> None:
    """What a stopping bot waits for: the update being handled, one waiting for a wait for
    Telegram to end, and one waiting for its turn behind them, all finished."""
    share = FairShare(slots=1, queue_limit=5)
    updates = Updates(share)
    telegram: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    async def waits_for_telegram() -> None:
        slot = await share.enter(3)
        token = hold(slot)
        try:
            await outside_slot(telegram)
        finally:
            release_hold(token)
            share.leave(3, slot)

    at_telegram = asyncio.create_task(waits_for_telegram())
    await settle()
    updates.send(1, 0)
    updates.send(1, 1)  # waits behind the user's first
    await settle()
    assert share.in_progress == 3

    idle = asyncio.create_task(share.until_idle())
    await updates.finish(1, 0)  # the user's second takes the slot
    telegram.set_result(None)  # and the update back from Telegram waits for it
    await settle()
    assert not idle.done() and share.in_progress == 2
    await updates.finish(1, 1)
    await asyncio.wait_for(at_telegram, timeout=5)
    await asyncio.wait_for(idle, timeout=5)
    assert share.idle() and share.in_progress == 0
    await asyncio.wait_for(share.until_idle(), timeout=5)  # idle now: at once


async def test_until_idle_given_up_leaves_nothing_behind() -> None:
    share = FairShare(slots=1)
    updates = Updates(share)
    updates.send(1, 0)
    await settle()
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(share.until_idle(), timeout=0.01)
    await updates.finish(1, 0)
    assert share.idle()
    await asyncio.wait_for(share.until_idle(), timeout=5)


def test_a_slot_outside_an_update_sleeps_plainly() -> None:
    async def scenario() -> None:
        await sleep_outside_slot(0)  # a reminder job: no update, no slot
        share = FairShare(slots=1)
        slot = await share.enter(1)
        share.leave(1, slot)
        assert isinstance(slot, Slot) and not slot.active and share.idle()

    asyncio.run(scenario())


@pytest.mark.parametrize("slots", [1, 3])
async def test_many_users_many_updates_all_handled_within_the_slots(slots: int) -> None:
    share = FairShare(slots=slots, queue_limit=50)
    most = 0
    done: list[int] = []

    async def handle(user: int) -> None:
        nonlocal most
        slot = await share.enter(user)
        try:
            most = max(most, share.busy)
            await asyncio.sleep(0)
            done.append(user)
        finally:
            share.leave(user, slot)

    await asyncio.gather(*(handle(user % 7) for user in range(200)))
    assert len(done) == 200 and most <= slots and share.idle()
