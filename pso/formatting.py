"""Numbers, percentages, dates and hours in the reader's locale.

Babel does the work: "4,7" and "8,3 %" in Dutch, "4.7" and "8.3%" in English, "1 juni 2027" and
"1 June 2027".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from functools import cache

from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import NumberPattern, parse_pattern

from .translation import NGettext


def fmt_num(x: float | Decimal, locale: str, fmt: str = "#,##0.0") -> str:
    """One decimal with the locale's separators: 4.7 → "4,7" in Dutch. Babel's
    `format_decimal`, with the pattern and the locale parsed once rather than on every call
    (half its time; a question's message formats several numbers)."""
    return str(_pattern(fmt).apply(x, _locale(locale)))


def fmt_fte(x: float, locale: str) -> str:
    """FTE, weighted or not, with two decimals and a third where needed (0,375): a colleague's
    line of the sum behind the contribution (the chat's details, the PDF's baseline) adds up
    as shown."""
    return fmt_num(x, locale, "#,##0.00#")


@cache
def _pattern(fmt: str) -> NumberPattern:
    return parse_pattern(fmt)


@cache
def _locale(locale: str) -> Locale:
    return Locale.parse(locale)


def fmt_pct(x: float, locale: str, fmt: str = "#,##0.0") -> str:
    # Dutch writes a (non-breaking) space before the percent sign.
    sep = "\u00a0" if locale.startswith("nl") else ""
    return f"{fmt_num(x, locale, fmt)}{sep}%"


def fmt_date(day: dt.date, locale: str) -> str:
    """Day, month, year: "1 juni 2027"; in English the British "1 June 2027"."""
    return str(format_date(day, format="long", locale="nl" if locale.startswith("nl") else "en_GB"))


def hours_text(hours: int, ngettext: NGettext) -> str:
    return ngettext("{n} hour", "{n} hours", hours).format(n=hours)


def people_text(people_hours: tuple[int, ...], *, ngettext: NGettext, locale: str) -> str:
    """(6,) → "one person for 6 hours a week"; (17, 17) → "2 people for 17 hours a week each"."""
    n = len(people_hours)
    if len(set(people_hours)) == 1:
        return ngettext(
            "one person for {hours} a week",
            "{count} people for {hours} a week each",
            n,
        ).format(count=n, hours=hours_text(people_hours[0], ngettext))
    listed = format_list([str(h) for h in people_hours], locale=locale)
    return ngettext(
        "{count} person: {list} hours a week", "{count} people: {list} hours a week", n
    ).format(count=n, list=listed)


# --- a contribution beside its norms --------------------------------------------------------
_REACH_EPS = 1e-9  # as the assessment decides "reached" (pso.gap.EPS)
MAX_PCT_DECIMALS = 4


def _at(x: float, decimals: int, rounding: str) -> Decimal:
    return Decimal(repr(x)).quantize(Decimal(1).scaleb(-decimals), rounding=rounding)


def contribution_decimals(contribution: float, norms: Iterable[float]) -> int:
    """The fewest decimals (one at least) at which the contribution, shown by
    `contribution_shown`, never reads equal to or above a norm it does not meet, nor below
    a norm it meets: 6,6995 % beside a norm of 6,7 % is "6,6 %", not "6,7 %"."""
    norms = tuple(norms)
    for decimals in range(1, MAX_PCT_DECIMALS + 1):
        shown = contribution_shown(contribution, norms, decimals)
        if all(
            (shown >= _at(n, decimals, ROUND_HALF_UP)) == (contribution + _REACH_EPS >= n)
            for n in norms
        ):
            return decimals
    return MAX_PCT_DECIMALS


def contribution_shown(contribution: float, norms: Iterable[float], decimals: int) -> Decimal:
    """The contribution at ``decimals``: rounded half up, or down when rounding up would reach
    a norm it does not meet."""
    up = _at(contribution, decimals, ROUND_HALF_UP)
    missed = [n for n in norms if contribution + _REACH_EPS < n]
    if any(up >= _at(n, decimals, ROUND_HALF_UP) for n in missed):
        return _at(contribution, decimals, ROUND_FLOOR)
    return up


def pct_pattern(decimals: int) -> str:
    return "#,##0." + "0" * decimals


def fmt_contribution(contribution: float, norms: Iterable[float], locale: str) -> str:
    """A contribution shown beside ``norms`` (see `contribution_decimals`)."""
    norms = tuple(norms)
    decimals = contribution_decimals(contribution, norms)
    shown = contribution_shown(contribution, norms, decimals)
    return fmt_pct(float(shown), locale, pct_pattern(decimals))


def fmt_norm(norm: float, decimals: int, locale: str) -> str:
    """A norm at the decimals its contribution is shown with, rounded half up."""
    return fmt_pct(float(_at(norm, decimals, ROUND_HALF_UP)), locale, pct_pattern(decimals))
