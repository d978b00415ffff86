"""The gap to a Trede: extra weight-1 FTE, hired on top of today's staff (docs/pso-rules.md step 6).

Hiring grows the organisation, and a larger organisation may fall on a norm row with a lower
norm, so the row is that of the size *after* hiring. The first version used today's row, which
overstates the gap whenever the hire moves the size onto the next row (4.4 FTE: 32.4 h a week
instead of 25.4 h).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .rules import Rules, norms_for_size

# Float noise: a contribution equal to a norm must reach it, and a size of exactly s − 0.5
# (reached by adding s − 0.5 − T to T) must round to s.
EPS = 1e-9


def round_half_up(x: float) -> int:
    return math.floor(x + 0.5 + EPS)


def norm_row(rules: Rules, size_fte: float) -> int:
    """The row of the norm table for an organisation of ``size_fte`` (clamped to the table)."""
    return max(rules.min_size, min(rules.max_size, round_half_up(size_fte)))


@dataclass(frozen=True)
class GapAfterHiring:
    fte: float  # extra weight-1 FTE
    row: int  # the norm row of the size after hiring
    norm_pct: float  # that row's norm for the Trede


def gap_after_hiring(rules: Rules, trede: str, weighted: float, size: float) -> GapAfterHiring:
    """The smallest x ≥ 0 with 100 (W + x) / (T + x) ≥ norm(row(T + x)).

    For each size s from row(T) up, x_s = (n_s·T/100 − W) / (1 − n_s/100) is the hire that meets
    row s's norm; max(x_s, s − 0.5 − T, 0) is the answer if T + x still rounds to s. From the
    table's last row on every larger size has the same norm, so the search ends there.
    """
    s = round_half_up(size)
    while True:
        norm = norms_for_size(rules, s)[0][trede]  # clamped: below 2 the row for 2
        n = norm / 100
        x = max((n * size - weighted) / (1 - n), s - 0.5 - size, 0.0)
        if s >= rules.max_size or x < s + 0.5 - size - EPS:
            return GapAfterHiring(x, norm_row(rules, size + x), norm)
        s += 1
