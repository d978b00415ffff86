"""Ladders drawn ahead at the review: found only for the same scan, revision and language."""

from __future__ import annotations

import asyncio

from bot.ladders_ahead import Drawn, Key, LaddersAhead
from pso.assess import assess


async def drawing() -> Drawn:
    """A drawing still in progress, as `keep` gets it."""
    future: asyncio.Future[bytes] = asyncio.get_running_loop().create_future()
    return Drawn(assess({"total_fte": 12.0}), future)


async def test_a_drawing_is_found_for_its_own_key_only_and_only_once() -> None:
    ahead = LaddersAhead()
    drawn = await drawing()
    ahead.keep(Key(1, 4, "nl"), drawn)
    assert ahead.take(Key(1, 5, "nl")) is None  # an answer changed since
    assert ahead.take(Key(1, 4, "en")) is None  # the language changed since
    assert ahead.take(Key(2, 4, "nl")) is None  # someone else's scan
    assert ahead.take(Key(1, 4, "nl")) is drawn
    assert ahead.take(Key(1, 4, "nl")) is None
    assert not drawn.picture.cancelled()


async def test_a_newer_drawing_of_a_scan_replaces_the_older() -> None:
    ahead = LaddersAhead()
    older, newer = await drawing(), await drawing()
    ahead.keep(Key(1, 4, "nl"), older)
    ahead.keep(Key(1, 6, "nl"), newer)
    assert older.picture.cancelled()
    assert len(ahead) == 1 and ahead.take(Key(1, 6, "nl")) is newer


async def test_only_the_newest_few_are_kept() -> None:
    ahead = LaddersAhead(limit=3)
    drawings = [await drawing() for _ in range(5)]
    for scan, drawn in enumerate(drawings):
        ahead.keep(Key(scan, 0, "nl"), drawn)
    assert len(ahead) == 3
    assert [d.picture.cancelled() for d in drawings] == [True, True, False, False, False]
    assert ahead.take(Key(0, 0, "nl")) is None
    assert ahead.take(Key(4, 0, "nl")) is drawings[4]
