"""The disclosure rule for protected tables (docs/disclosure.md): what a table of what owners'
businesses *are* (their level, where in the questions they stopped) shows, so that no figure of
one to four owners can be worked out, from one table or from several views together.

A table is a set of figures and the sums that tie them (a total and its parts). A figure is
shown exactly, as "0", as "<5" (fewer than five: 0 to 4) or as "x" (hidden, five or more).
Funnel figures (`fixed`) are always shown exactly; a figure that is not shown itself (`shown` is
False: the difference of two period views) is what a reader may compute, and is protected too.

What a reader can know is worked out as bounds: each figure starts from what is shown
("<5" is 0 to 4, "x" 5 or more, a number itself) and every sum narrows its members ("total 8,
one part 5, the other <5" makes the other 3). A figure of one to four whose bounds meet is given
away; then one more figure is hidden: of the figures nearest to it through the sums, the least
useful (lowest `cost`: the least detailed view first, then the smallest figure; a 0 becomes
"<5"), never a funnel figure. This repeats until nothing is given away.
"""

from __future__ import annotations

import functools
from collections import defaultdict, deque
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

SMALL_CELL = 5
SMALL, HIDDEN = "<5", "x"
WITHHELD = "–"  # a row not shown at all (its total is)
MANY = 10**9  # no upper bound

Key = Hashable


@dataclass(frozen=True)
class Figure:
    value: int
    shown: bool = True  # False: not shown, but a reader can compute it (a period difference)
    fixed: bool = False  # a funnel figure: shown exactly, never hidden
    cost: tuple[int, ...] = (0,)  # lower is hidden first (the value is added after it)
    # A row that can be withheld as a whole (a week, a period view's levels) when hiding
    # single figures cannot protect it: then none of its figures is shown.
    group: Hashable | None = None


@dataclass
class Tables:
    """Figures and the sums that tie them: `total = sum(parts)` for each of `sums`."""

    figures: dict[Key, Figure] = field(default_factory=dict)
    sums: list[tuple[Key, tuple[Key, ...]]] = field(default_factory=list)

    def add(self, key: Key, figure: Figure) -> None:
        self.figures[key] = figure

    def tie(self, total: Key, parts: Iterable[Key]) -> None:
        self.sums.append((total, tuple(parts)))


def initial(figure: Figure) -> str | None:
    """How a figure is shown before any complementary hiding (None: not shown at all)."""
    if not figure.shown:
        return None
    if figure.fixed or figure.value >= SMALL_CELL:
        return str(figure.value)
    return "0" if figure.value == 0 else SMALL


def exact(shown: str) -> int | None:
    """A cell's figure when it is shown exactly; None for "<5", "x" and "–" (an export leaves
    those cells empty)."""
    return int(shown) if shown.isdigit() else None


def sensitive(value: int) -> bool:
    return 0 < value < SMALL_CELL


def _range(shown: str | None) -> tuple[int, int]:
    if shown is None:
        return 0, MANY
    if shown == SMALL:
        return 0, SMALL_CELL - 1
    if shown == HIDDEN:
        return SMALL_CELL, MANY
    return int(shown), int(shown)


@dataclass(frozen=True)
class _Index:
    """The tables by position, for the bounds worked out again after each hidden figure."""

    keys: list[Key]
    sums: list[tuple[int, tuple[int, ...]]]
    sums_of: list[list[int]]
    small: list[int]  # the figures of one to four owners, in the order of `keys`

    @classmethod
    def of(cls, tables: Tables) -> _Index:
        keys = list(tables.figures)
        position = {key: n for n, key in enumerate(keys)}
        sums = [(position[t], tuple(position[p] for p in parts)) for t, parts in tables.sums]
        sums_of: list[list[int]] = [[] for _key in keys]
        for number, (total, parts) in enumerate(sums):
            for n in (total, *parts):
                sums_of[n].append(number)
        small = [n for n, key in enumerate(keys) if sensitive(tables.figures[key].value)]
        return cls(keys, sums, sums_of, small)


def reader_bounds(
    tables: Tables, shown: Mapping[Key, str | None], index: _Index | None = None
) -> dict[Key, tuple[int, int]]:
    """The least and most each figure can be, for a reader who sees `shown` and knows the
    sums: every sum narrows its members until nothing changes (`_narrowed`)."""
    index = index or _Index.of(tables)
    low, high = _narrowed(index, shown)
    return {key: (low[n], high[n]) for n, key in enumerate(index.keys)}


def _narrowed(index: _Index, shown: Mapping[Key, str | None]) -> tuple[list[int], list[int]]:
    """`reader_bounds` by position: the least (`low`) and most (`high`) of each figure, each
    sum narrowing its members (`_propagate`)."""
    ranges = [_range(shown.get(key)) for key in index.keys]
    low = [r[0] for r in ranges]
    high = [r[1] for r in ranges]
    _propagate(index, low, high, range(len(index.sums)))
    return low, high


def _propagate(index: _Index, low: list[int], high: list[int], first: Iterable[int]) -> bool:
    """Narrow `low` and `high` in place by the sums, starting with the sums `first`; False when
    they contradict each other (a figure's least above its most: no table fits).

    Each sum narrows its members, and the sums of a member that narrowed are taken again,
    until nothing changes: each bound only moves inward, so this ends, and where it ends is
    the same whatever the order (the widest bounds no sum narrows). The sums wait in a queue,
    first in first out: on the dashboard's tables that takes about a third of the steps of
    taking the latest first (`make bench-dashboard`: 110 instead of 290 per campaign view)."""
    sums, sums_of = index.sums, index.sums_of
    waiting = deque(first)
    queued = [False] * len(sums)
    for number in waiting:
        queued[number] = True
    while waiting:
        number = waiting.popleft()
        queued[number] = False
        total, parts = sums[number]
        changed: list[int] = []
        # The total lies between its parts' bounds ...
        parts_low = 0
        parts_high = 0  # of the parts with a bound
        unbounded = 0
        for p in parts:
            parts_low += low[p]
            if high[p] >= MANY:
                unbounded += 1
            else:
                parts_high += high[p]
        if parts_low > low[total]:
            low[total] = parts_low
            changed.append(total)
        if not unbounded and parts_high < high[total]:
            high[total] = parts_high
            changed.append(total)
        # ... and each part between the total less the others' bounds.
        total_low, total_high = low[total], high[total]
        for part in parts:
            others_low = parts_low - low[part]
            if high[part] >= MANY:
                others_high = parts_high if unbounded == 1 else MANY
            else:
                others_high = parts_high - high[part] if not unbounded else MANY
            if others_high < MANY and total_low - others_high > low[part]:
                parts_low += total_low - others_high - low[part]
                low[part] = total_low - others_high
                changed.append(part)
            if total_high < MANY and total_high - others_low < high[part]:
                if high[part] >= MANY:
                    unbounded -= 1
                    parts_high += total_high - others_low
                else:
                    parts_high += total_high - others_low - high[part]
                high[part] = total_high - others_low
                changed.append(part)
        for n in changed:
            if low[n] > high[n]:
                return False
            for other in sums_of[n]:
                if not queued[other]:
                    queued[other] = True
                    waiting.append(other)
    return True


def _possible(index: _Index, low: list[int], high: list[int], n: int, value: int) -> bool:
    """Whether the sums, narrowed from these bounds with figure `n` at `value`, still agree."""
    low, high = low.copy(), high.copy()
    low[n] = high[n] = value
    return _propagate(index, low, high, index.sums_of[n])


def _shaved(index: _Index, low: list[int], high: list[int], n: int) -> None:
    """Narrow figure `n`'s bounds (and, through the sums, the others') past every end value
    with which the sums contradict each other. Narrowing sum by sum misses what only follows
    from several sums together (the weeks' rows and the levels' totals: a Trede 3 of 1 that
    is 8 finished less 5 at Trede 2 less the 2 of a week with no one at Trede 2 or 3); trying
    each end value finds such a figure (`tests/campaigns/test_disclosure.py`)."""
    while low[n] < high[n] and not _possible(index, low, high, n, low[n]):
        low[n] += 1
        _propagate(index, low, high, index.sums_of[n])
    while low[n] < high[n] and not _possible(index, low, high, n, high[n]):
        high[n] -= 1
        _propagate(index, low, high, index.sums_of[n])


def given_away(
    tables: Tables, shown: Mapping[Key, str | None], index: _Index | None = None
) -> list[Key]:
    """The figures of one to four owners a reader can work out exactly from `shown`."""
    index = index or _Index.of(tables)
    low, high = _narrowed(index, shown)
    # (A small figure is never shown exactly: it is "<5".)
    hidden = [
        n
        for n in index.small
        if shown.get(index.keys[n]) != str(tables.figures[index.keys[n]].value)
    ]
    found = [index.keys[n] for n in hidden if low[n] == high[n]]
    if found:
        return found  # `protect` hides more and asks again: the end values are tried last
    for n in hidden:
        _shaved(index, low, high, n)
        if low[n] == high[n]:
            found.append(index.keys[n])
    return found


def _hideable(figure: Figure, shown: str | None) -> bool:
    return figure.shown and not figure.fixed and shown not in (None, SMALL, HIDDEN)


def _nearest(
    groups: Mapping[Key, list[tuple[Key, ...]]], start: Key, wanted: Callable[[Key], bool]
) -> list[Key]:
    """The figures `wanted` fewest sums away from `start` (breadth first)."""
    seen, layer = {start}, [start]
    while layer:
        following: list[Key] = []
        for key in layer:
            for group in groups[key]:
                for other in group:
                    if other not in seen:
                        seen.add(other)
                        following.append(other)
        found = [k for k in following if wanted(k)]
        if found:
            return found
        layer = following
    return []


def _within(
    groups: Mapping[Key, list[tuple[Key, ...]]], start: Key, targets: set[Key], *, steps: int
) -> bool:
    """Whether one of `targets` is at most `steps` sums away from `start`."""
    seen, layer = {start}, [start]
    for _step in range(steps):
        following: list[Key] = []
        for key in layer:
            for group in groups[key]:
                for other in group:
                    if other in targets:
                        return True
                    if other not in seen:
                        seen.add(other)
                        following.append(other)
        layer = following
    return False


def protect(tables: Tables) -> dict[Key, str]:
    """Every shown figure as the reader sees it: a number, "0", "<5", "x", or `WITHHELD`."""
    shown: dict[Key, str | None] = {k: initial(f) for k, f in tables.figures.items()}
    if not any(sensitive(figure.value) for figure in tables.figures.values()):
        # No figure of one to four owners, shown or computed: nothing to give away.
        return {key: text for key, text in shown.items() if text is not None}
    index = _Index.of(tables)
    groups: dict[Key, list[tuple[Key, ...]]] = defaultdict(list)
    for total, parts in tables.sums:
        for key in (total, *parts):
            groups[key].append((total, *parts))
    rows: dict[Hashable, list[Key]] = defaultdict(list)
    for key, figure in tables.figures.items():
        if figure.group is not None:
            rows[figure.group].append(key)
    withheld: set[Hashable] = set()

    def order(key: Key) -> tuple[object, ...]:
        figure = tables.figures[key]
        return (*figure.cost, figure.value, repr(key))

    # A figure in a sum whose total is a fixed 0 is 0 whatever is shown: hiding it is no use.
    zero = {
        part
        for total, parts in tables.sums
        if tables.figures[total].fixed and tables.figures[total].value == 0
        for part in parts
    }

    def hideable(key: Key) -> bool:
        return key not in zero and _hideable(tables.figures[key], shown[key])

    def in_row(key: Key) -> bool:
        group = tables.figures[key].group
        return group is not None and group not in withheld

    while True:
        leaks = given_away(tables, shown, index)
        if not leaks:
            break
        # One more hidden figure for each figure given away, unless one near it (two sums
        # away at most) was hidden in this round already: then the next round looks again,
        # so that one hidden figure that protects several is not joined by needless others.
        hidden_now: set[Key] = set()
        for leak in leaks:
            if hidden_now and _within(groups, leak, hidden_now, steps=2):
                continue
            candidates = _nearest(groups, leak, hideable)
            if candidates:
                chosen = min(candidates, key=order)
                shown[chosen] = HIDDEN if tables.figures[chosen].value >= SMALL_CELL else SMALL
                hidden_now.add(chosen)
                continue
            # Hiding single figures cannot help ("x" still says five or more): the nearest
            # row is withheld as a whole.
            if in_row(leak):
                row = tables.figures[leak].group
            else:
                near = _nearest(groups, leak, in_row)
                if not near:
                    continue
                row = tables.figures[min(near, key=order)].group
            withheld.add(row)
            for key in rows[row]:
                shown[key] = None
                hidden_now.add(key)
        if not hidden_now:
            break  # nothing left to hide (not reached: see the property tests)
    result = {key: text for key, text in shown.items() if text is not None}
    for row in withheld:
        result.update(dict.fromkeys(rows[row], WITHHELD))
    return result


TABLES_KEPT = 1024  # tables' protections kept (`table`): a few KB each


def table(
    rows: Sequence[Mapping[str, int]],
    *,
    columns: Sequence[str],
    column_totals: bool = True,
) -> list[dict[str, str]]:
    """A table of rows (each a figure per column) whose column totals are funnel figures
    (shown exactly, as `column_totals` says): each cell as shown. What is shown follows from
    the figures alone: the same table's is worked out once (the last TABLES_KEPT are kept)."""
    values = tuple(tuple(row[column] for column in columns) for row in rows)
    shown = kept_tables(values, tuple(columns), column_totals)
    return [dict(zip(columns, cells, strict=True)) for cells in shown]


@functools.lru_cache(maxsize=TABLES_KEPT)
def kept_tables(
    rows: tuple[tuple[int, ...], ...], columns: tuple[str, ...], column_totals: bool
) -> tuple[tuple[str, ...], ...]:
    """`table` of these figures (a row of values per row, in the order of `columns`), kept."""
    if not any(sensitive(value) for row in rows for value in row):
        # No figure of one to four owners (nor a total: it is a sum of them): every cell as
        # it is, as `protect` would show it (most questions of most campaigns have nobody).
        return tuple(tuple(str(value) for value in row) for row in rows)
    tables = Tables()
    for r, row in enumerate(rows):
        for column, value in zip(columns, row, strict=True):
            tables.add((r, column), Figure(value, group=("row", r)))
    if column_totals:
        for c, column in enumerate(columns):
            total = ("total", column)
            tables.add(total, Figure(sum(row[c] for row in rows), fixed=True))
            tables.tie(total, [(r, column) for r in range(len(rows))])
    shown = protect(tables)
    return tuple(tuple(shown[(r, column)] for column in columns) for r in range(len(rows)))
