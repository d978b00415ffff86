"""Garbage collection for a long-running bot: what startup built is never scanned again.

Importing aiogram, SQLAlchemy, pydantic's models and our handlers leaves about 280,000 objects
that live as long as the process, and every full collection walked all of them on the event
loop while updates waited: 20-30 ms each while serving (`make bench`, timed with gc.callbacks).
`gc.freeze()` moves them to a permanent generation the collector skips; full collections then
walk only what was made since (5-30 ms, and rarer). Objects made later are collected as before.
The drawing worker follows the same policy once its libraries are loaded (bot/pictures/draw.py).

The youngest generation is collected every 10,000 new container objects instead of every 700.
An update makes a few thousand short-lived objects (pydantic models, SQLAlchemy rows, aiohttp
requests) that reference counting frees anyway; at 700 the collector ran twenty times a
second under load, each run promoting the objects of updates still in flight to older
generations, which then made the slower collections come more often
(`make bench`, realistic, timed with gc.callbacks over 100 s of serving: 2,176 young and 197
middle collections took 1.07 s, and 13 full ones 5-14 ms each; now 493 and 44 take 0.14 s,
and no full collection ran). Cyclic garbage waits a little longer: at most 10,000 objects.
"""

from __future__ import annotations

import gc

YOUNG_GENERATION_THRESHOLD = 10_000


def freeze_startup_heap() -> None:
    """Call once everything is imported and built, just before serving."""
    gc.collect()
    gc.freeze()
    _, middle, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_GENERATION_THRESHOLD, middle, oldest)
