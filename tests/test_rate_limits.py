"""The token buckets behind the limits on the PDF, /export and what-if."""

from __future__ import annotations

from bot.runtime.rate_limits import Buckets, Limit


def test_a_burst_then_one_per_refill_period_per_user_and_action() -> None:
    now = [0.0]
    buckets = Buckets({"pdf": Limit(burst=3, refill_seconds=20)}, clock=lambda: now[0])
    assert [buckets.take("pdf", 1) for _ in range(4)] == [True, True, True, False]
    assert buckets.take("pdf", 2), "another user has a bucket of their own"
    now[0] = 19.9
    assert not buckets.take("pdf", 1)
    now[0] = 20.1
    assert buckets.take("pdf", 1) and not buckets.take("pdf", 1)
    now[0] = 1000.0
    assert [buckets.take("pdf", 1) for _ in range(4)] == [True, True, True, False], "full again"
