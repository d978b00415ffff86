"""Numbers, percentages, dates and hours in the reader's locale.

Babel does the work: "4,7" and "8,3 %" in Dutch, "4.7" and "8.3%" in English, "1 juni 2027" and
"1 June 2027".
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
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
