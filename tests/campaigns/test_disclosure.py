"""The disclosure rule (docs/disclosure.md) against a reader who tries everything: every
subtraction between the period views, every row and column sum, and (for small tables) every
table of owners that fits what is shown. No figure of one to four owners may be the only value
that fits."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, timedelta

from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.services.campaigns import disclosure
from bot.services.campaigns.stats import LEVELS, CampaignStats, period_leaks, protect_periods

Cells = Mapping[str, str]


def fits(value: int, shown: str) -> bool:
    """Whether `value` agrees with a cell as shown."""
    if shown == disclosure.WITHHELD:
        return True
    if shown == disclosure.SMALL:
        return value < disclosure.SMALL_CELL
    if shown == disclosure.HIDDEN:
        return value >= disclosure.SMALL_CELL
    return value == int(shown)


def splits(total: int, parts: int) -> Iterator[tuple[int, ...]]:
    """Every way to share `total` owners out over `parts` levels."""
    if parts == 1:
        yield (total,)
        return
    for first in range(total + 1):
        for rest in splits(total - first, parts - 1):
            yield (first, *rest)


def stats(levels: Sequence[int]) -> CampaignStats:
    return CampaignStats(
        arrived=sum(levels) + 2,
        started=sum(levels) + 1,
        in_progress=1,
        finished=sum(levels),
        levels=dict(zip(LEVELS, levels, strict=True)),
    )


# Owners who finished, by band of arrival (the newest first) and level: the views are the
# running sums (7 days = band 0, 30 days = bands 0-1, ...), the last one "since the start".
bands = st.lists(
    st.lists(st.integers(0, 6), min_size=4, max_size=4).filter(lambda b: sum(b) <= 7),
    min_size=1,
    max_size=3,
)
DAYS = (7, 30, 90)


def views_of(band_rows: Sequence[Sequence[int]]) -> dict[int, CampaignStats]:
    days = [*DAYS[: len(band_rows) - 1], 0]
    running = [0] * 4
    views = {}
    for d, row in zip(days, band_rows, strict=True):
        running = [a + b for a, b in zip(running, row, strict=True)]
        views[d] = stats(running)
    return views


@settings(max_examples=150, deadline=None)
@given(bands)
@example([[1, 0, 0, 0], [4, 0, 0, 0]])  # all five at one level: the newest one's is known
@example([[0, 1, 0, 0], [5, 0, 0, 0], [0, 4, 0, 0]])
def test_no_level_follows_from_the_views_together(band_rows: list[list[int]]) -> None:
    views = views_of(band_rows)
    shown = {d: s.cells() for d, s in protect_periods(views).items()}
    order = list(views)  # shortest first
    keys = [f"level_{level}" for level in LEVELS]
    # The funnel is exact, zero as 0.
    for d, view in views.items():
        assert shown[d]["finished"] == str(view.finished)
        assert shown[d]["abandoned"] == "0"
    # Every subtraction between two views of figures shown exactly.
    for short, long in itertools.combinations(order, 2):
        known = {d: {k: int(v) for k, v in shown[d].items() if v.isdigit()} for d in (short, long)}
        assert not period_leaks(known[short], known[long])
    # Every table of owners by band and level that fits what is shown (and the exact funnel):
    # each figure of one to four owners, and each difference of two views, has more than one.
    possible: dict[tuple[int, int, str], set[int]] = {}

    def walk(band: int, running: list[int], chosen: list[tuple[int, ...]]) -> None:
        if band == len(band_rows):
            for i, j in itertools.combinations_with_replacement(range(len(band_rows)), 2):
                for n, key in enumerate(keys):
                    value = sum(chosen[b][n] for b in range(i, j + 1))
                    possible.setdefault((i, j, key), set()).add(value)
            return
        for row in splits(sum(band_rows[band]), 4):
            total = [a + b for a, b in zip(running, row, strict=True)]
            cells = shown[order[band]]
            if all(fits(v, cells[k]) for v, k in zip(total, keys, strict=True)):
                walk(band + 1, total, [*chosen, row])

    walk(0, [0] * 4, [])
    for (i, j, key), values in possible.items():
        true = sum(band_rows[b][keys.index(key)] for b in range(i, j + 1))
        assert true in values
        if 0 < true < disclosure.SMALL_CELL:
            assert len(values) > 1, (i, j, key, true, shown)


weeks_table = st.lists(
    st.lists(st.integers(0, 6), min_size=4, max_size=4).filter(lambda w: sum(w) <= 6),
    min_size=1,
    max_size=3,
)


@settings(max_examples=150, deadline=None)
@given(weeks_table)
@example([[1, 0, 0, 0], [4, 0, 0, 0]])
@example([[0, 0, 2, 1], [0, 0, 3, 0], [1, 1, 0, 0]])
def test_no_level_follows_from_the_weeks_and_their_totals(rows: list[list[int]]) -> None:
    """Levels per week: every row sum (finished that week, exact), every column sum (the
    levels since the start, as shown) and every table that fits."""
    totals = [sum(col) for col in zip(*rows, strict=True)]
    whole = stats(totals)
    monday = date(2026, 1, 5)
    whole.weeks = {
        monday + timedelta(days=7 * w): dict(zip(LEVELS, row, strict=True))
        for w, row in enumerate(rows)
    }
    protected = protect_periods({0: whole})[0]
    cells, weeks = protected.cells(), list(protected.weekly_cells().values())
    keys = [f"level_{level}" for level in LEVELS]
    possible: dict[tuple[int, int], set[int]] = {}

    def walk(w: int, running: list[int], chosen: list[tuple[int, ...]]) -> None:
        if w == len(rows):
            if all(fits(v, cells[k]) for v, k in zip(running, keys, strict=True)):
                for r, row in enumerate(chosen):
                    for n in range(4):
                        possible.setdefault((r, n), set()).add(row[n])
                for n in range(4):
                    possible.setdefault((-1, n), set()).add(running[n])
            return
        for row in splits(sum(rows[w]), 4):
            if all(fits(v, weeks[w][k]) for v, k in zip(row, keys, strict=True)):
                walk(w + 1, [a + b for a, b in zip(running, row, strict=True)], [*chosen, row])

    walk(0, [0] * 4, [])
    for (r, n), values in possible.items():
        true = totals[n] if r < 0 else rows[r][n]
        if 0 < true < disclosure.SMALL_CELL:
            assert len(values) > 1, (r, n, true, cells, weeks)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.fixed_dictionaries({"busy": st.integers(0, 7), "stopped": st.integers(0, 7)}),
        min_size=2,  # the scan has some twenty questions
        max_size=5,
    )
)
def test_no_stop_follows_from_the_column_totals(rows: list[dict[str, int]]) -> None:
    """Where owners stop: the busy and stopped totals are the funnel (exact)."""
    shown = disclosure.table(rows, columns=("busy", "stopped"))
    for column in ("busy", "stopped"):
        total = sum(row[column] for row in rows)
        options = [
            [v for v in range(total + 1) if fits(v, shown[r][column])] for r in range(len(rows))
        ]
        fitting = [c for c in itertools.product(*options) if sum(c) == total]
        for r, row in enumerate(rows):
            assert fits(row[column], shown[r][column])
            if 0 < row[column] < disclosure.SMALL_CELL:
                assert len({c[r] for c in fitting}) > 1, (column, rows, shown)
            if row[column] == 0 and shown[r][column] != "0":
                assert shown[r][column] in (disclosure.SMALL, disclosure.WITHHELD)  # not x


def test_the_worked_examples_of_the_docs() -> None:
    """docs/disclosure.md, table by table."""

    def shown(view: CampaignStats) -> list[str]:
        return [view.cells()[f"level_{level}"] for level in LEVELS]

    assert shown(stats([9, 6, 3, 2])) == ["9", "6", "<5", "<5"]
    assert shown(stats([11, 6, 3, 0])) == ["11", "6", "<5", "<5"]
    views = protect_periods(
        {
            7: stats([2, 1, 0, 0]),
            30: stats([8, 6, 1, 0]),
            90: stats([9, 6, 3, 2]),
            0: stats([9, 6, 3, 2]),
        }
    )
    assert {days: shown(view) for days, view in views.items()} == {
        7: ["<5", "<5", "<5", "0"],
        30: ["x", "6", "<5", "0"],
        90: ["9", "6", "<5", "<5"],
        0: ["9", "6", "<5", "<5"],
    }
    assert shown(stats([1, 0, 0, 0])) == ["<5", "<5", "0", "0"]  # one finished: not theirs
