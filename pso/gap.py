"""The gap to a Trede: extra weight-1 FTE, hired on top of today's staff (docs/pso-rules.md step 6).

Hiring grows the organisation, and a larger organisation may fall on a norm row with a lower
norm, so the row is that of the size *after* hiring. The first version used today's row, which
overstates the gap whenever the hire moves the size onto the next row (4.4 FTE: 32.4 h a week
instead of 25.4 h).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
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


# --- the gap told in people ---------------------------------------------------------------------
MAX_HOURS_PER_PERSON = 32  # a new colleague's week when a gap is said as people


def hours_examples(
    gap_hours: float, full_time_hours: float = 40.0, max_per_person: int = MAX_HOURS_PER_PERSON
) -> tuple[int, ...]:
    """A gap in hours a week as whole hours per new colleague: 5.5 → (6,); 70 → (24, 23, 23).

    The one split wherever a gap is told (the chat's result and steps, the picture, the plan):
    rounded up to whole hours, spread evenly over as few people as possible, each at most
    ``max_per_person`` and never more than the organisation's full-time week (FTE per person is
    capped at 1.0). Say the people, never their sum as one candidate (48 hours is 24 + 24).
    """
    total = math.ceil(gap_hours - EPS) if gap_hours > 0 else 0
    if total <= 0:
        return ()
    cap = max(1, min(max_per_person, math.floor(full_time_hours)))
    people = math.ceil(total / cap)
    base, extra = divmod(total, people)
    return tuple(base + 1 if i < extra else base for i in range(people))


@dataclass(frozen=True)
class ColleagueHours:
    index: int  # which of the colleagues given
    hours: int  # whole hours a week more


def colleague_hours(
    rules: Rules,
    trede: str,
    weighted: float,
    size: float,
    full_time_hours: float,
    colleagues: Sequence[tuple[float, float]],
) -> ColleagueHours | None:
    """A small gap closed by more hours for a colleague who already counts (docs/pso-rules.md:
    the first way under 8 hours a week): of ``colleagues`` as (weekly hours, weight), the one
    who needs the fewest whole hours a week, within the full-time week; None if nobody can.

    A colleague who counts partly adds less to the contribution than to the size, so their
    hours are not the gap divided by the weight: each whole hour is checked against the norm of
    the size it leads to (a larger size may fall on a row with a lower norm), at most a
    full-time week's worth per colleague.
    """
    best: ColleagueHours | None = None
    for i, (weekly, weight) in enumerate(colleagues):
        if weight <= 0:
            continue
        hours = 1
        while weekly + hours <= full_time_hours + EPS and (best is None or hours < best.hours):
            w = weighted + hours * weight / full_time_hours
            t = size + hours / full_time_hours
            if 100 * w / t + EPS >= norms_for_size(rules, norm_row(rules, t))[0][trede]:
                best = ColleagueHours(i, hours)
                break
            hours += 1
    return best
