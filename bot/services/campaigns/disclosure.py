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

from collections import defaultdict
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


def _without(bounded_sum: int, unbounded: int, high: int) -> int:
    """The other parts' highest sum, leaving out one part whose high is `high`."""
    if high >= MANY:
        return bounded_sum if unbounded == 1 else MANY
    return bounded_sum - high if not unbounded else MANY


def _replace_high(bounded_sum: int, unbounded: int, old: int, new: int) -> tuple[int, int]:
    if old >= MANY:
        return bounded_sum + new, unbounded - 1
    return bounded_sum - old + new, unbounded


def reader_bounds(tables: Tables, shown: Mapping[Key, str | None]) -> dict[Key, tuple[int, int]]:
    """The least and most each figure can be, for a reader who sees `shown` and knows the
    sums: every sum narrows its members until nothing changes (each bound only moves inward,
    so this ends)."""
    low: dict[Key, int] = {}
    high: dict[Key, int] = {}
    for key in tables.figures:
        low[key], high[key] = _range(shown.get(key))
    sums_of: dict[Key, list[int]] = defaultdict(list)
    for number, (total, parts) in enumerate(tables.sums):
        for key in (total, *parts):
            sums_of[key].append(number)
    waiting = list(range(len(tables.sums)))
    queued = set(waiting)
    while waiting:
        number = waiting.pop()
        queued.discard(number)
        total, parts = tables.sums[number]
        changed: list[Key] = []
        # The total lies between its parts' bounds ...
        parts_low = sum(low[p] for p in parts)
        # The parts' highs: the sum of the bounded ones, and how many have no bound.
        unbounded = sum(1 for p in parts if high[p] >= MANY)
        parts_high = sum(high[p] for p in parts if high[p] < MANY)
        if parts_low > low[total]:
            low[total] = parts_low
            changed.append(total)
        if not unbounded and parts_high < high[total]:
            high[total] = parts_high
            changed.append(total)
        # ... and each part between the total less the others' bounds.
        for part in parts:
            others_low = parts_low - low[part]
            others_high = _without(parts_high, unbounded, high[part])
            if others_high < MANY and low[total] - others_high > low[part]:
                parts_low += low[total] - others_high - low[part]
                low[part] = low[total] - others_high
                changed.append(part)
            if high[total] < MANY and high[total] - others_low < high[part]:
                parts_high, unbounded = _replace_high(
                    parts_high, unbounded, high[part], high[total] - others_low
                )
                high[part] = high[total] - others_low
                changed.append(part)
        for key in changed:
            for other in sums_of[key]:
                if other not in queued:
                    queued.add(other)
                    waiting.append(other)
    return {key: (low[key], high[key]) for key in tables.figures}


def given_away(tables: Tables, shown: Mapping[Key, str | None]) -> list[Key]:
    """The figures of one to four owners a reader can work out exactly from `shown`."""
    bounds = reader_bounds(tables, shown)
    return [
        key
        for key, figure in tables.figures.items()
        if sensitive(figure.value)
        and shown.get(key) != str(figure.value)  # never: small ones are shown "<5"
        and bounds[key][0] == bounds[key][1]
    ]


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
        leaks = given_away(tables, shown)
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


def table(
    rows: Sequence[Mapping[str, int]],
    *,
    columns: Sequence[str],
    column_totals: bool = True,
) -> list[dict[str, str]]:
    """A table of rows (each a figure per column) whose column totals are funnel figures
    (shown exactly, as `column_totals` says): each cell as shown."""
    tables = Tables()
    for r, row in enumerate(rows):
        for column in columns:
            tables.add((r, column), Figure(row[column], group=("row", r)))
    if column_totals:
        for column in columns:
            total = ("total", column)
            tables.add(total, Figure(sum(row[column] for row in rows), fixed=True))
            tables.tie(total, [(r, column) for r in range(len(rows))])
    shown = protect(tables)
    return [{column: shown[(r, column)] for column in columns} for r in range(len(rows))]
