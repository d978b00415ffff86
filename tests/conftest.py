"""Run order for the whole suite: the slow tests first.

`make test` hands tests to its two workers one or two at a time (`--dist load
--maxschedchunk 2`), in this order. With the long tests first, both workers start on them and
share the many short ones afterwards, instead of one worker running a long test alone at the
end while the other waits.
"""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)  # stable: slow first
