"""What exists when the bot starts serving is left out of every later garbage collection."""

from __future__ import annotations

import gc

from bot.runtime.gc_policy import YOUNG_GENERATION_THRESHOLD, freeze_startup_heap


class Built:
    """Stands for an object startup made (a router, a model class)."""


def test_objects_from_startup_are_not_scanned_and_later_ones_are() -> None:
    startup = Built()
    thresholds = gc.get_threshold()
    try:
        freeze_startup_heap()
        later = Built()
        tracked = {id(o) for o in gc.get_objects()}
        assert gc.get_freeze_count() > 0
        assert id(startup) not in tracked
        assert id(later) in tracked
        # Short-lived objects of updates are left to reference counting a while longer.
        assert gc.get_threshold() == (YOUNG_GENERATION_THRESHOLD, *thresholds[1:])
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
