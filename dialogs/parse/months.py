"""Reading a month typed on a phone: "3-2024", "03/2024", "2024-03", "maart 2024", "mrt '24",
"sept 2024", "March 2024", "since March 2024", "15 maart 2024", and months said relative to
today ("deze maand", "last month"). Dutch and English month names and their abbreviations are
both read whatever the chat's language: the same owner may type either. A year alone ("2019",
"vorig jaar", "last year") is asked back: the month is needed too (`YearOnly`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

MAX_INPUT = 40
MIN_YEAR = 1900

_NAMES = {
    1: ("januari", "january", "jan"),
    2: ("februari", "february", "feb", "febr"),
    3: ("maart", "march", "mrt", "mar", "mrch"),
    4: ("april", "apr"),
    5: ("mei", "may"),
    6: ("juni", "june", "jun"),
    7: ("juli", "july", "jul"),
    8: ("augustus", "august", "aug"),
    9: ("september", "sep", "sept"),
    10: ("oktober", "october", "okt", "oct"),
    11: ("november", "nov"),
    12: ("december", "dec"),
}
MONTH_NAMES: dict[str, int] = {name: month for month, names in _NAMES.items() for name in names}
# Words around a month that say nothing about it ("since March 2024", "in mei 2023").
_FILLER = frozenset(
    {"in", "since", "sinds", "vanaf", "from", "of", "van", "per", "begin", "eind", "start", "end"}
)
# Months and years said relative to today, after folding: (months back, whole year?).
_RELATIVE: dict[str, tuple[int, bool]] = {
    "deze maand": (0, False),
    "this month": (0, False),
    "vorige maand": (1, False),
    "afgelopen maand": (1, False),
    "last month": (1, False),
    "dit jaar": (0, True),
    "this year": (0, True),
    "vorig jaar": (12, True),
    "afgelopen jaar": (12, True),
    "last year": (12, True),
}
_TOKEN = re.compile(r"[a-z]+|[0-9]+")


class YearOnly(ValueError):
    """Only a year was typed: the month is needed too."""

    def __init__(self, year: int) -> None:
        super().__init__(year)
        self.year = year


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _year(token: str, century_of: int) -> int | None:
    """A four-digit year, or a two-digit one in the century that makes it not later than
    `century_of` ("'98" in 2026 is 1998, "'24" is 2024)."""
    if len(token) == 4:
        return int(token)
    if len(token) == 2:
        year = century_of // 100 * 100 + int(token)
        return year if year <= century_of else year - 100
    return None


def parse_month(text: str, *, today: dt.date) -> tuple[int, int] | None:
    """(year, month) for a typed month, None when it is not one. Raises YearOnly for "2019" or
    "vorig jaar".

    `today` places a two-digit year and the relative phrases; whether the month lies in the
    future is the caller's business."""
    if not isinstance(text, str) or len(text) > MAX_INPUT:
        return None
    this_year = today.year
    words = [t for t in _TOKEN.findall(_normalise(text)) if t not in _FILLER]
    relative = _RELATIVE.get(" ".join(words))
    if relative is not None:
        back, whole_year = relative
        if whole_year:
            raise YearOnly(this_year - back // 12)
        index = today.year * 12 + today.month - 1 - back
        return index // 12, index % 12 + 1
    tokens = words
    names = [MONTH_NAMES.get(t.rstrip(".")) for t in tokens if t.isalpha()]
    if any(n is None for n in names) or len(names) > 1:
        return None
    numbers = [t for t in tokens if t.isdigit()]
    found: tuple[int | None, int | None]
    if names:  # "maart 2024", "15 maart 2024", "2024 maart"
        years = [t for t in numbers if len(t) in (2, 4)]
        days = [t for t in numbers if t not in years[-1:]]
        if not years or len(numbers) > 2 or any(not 1 <= int(d) <= 31 for d in days):
            return None
        found = (_year(years[-1], this_year), names[0])
    elif len(numbers) == 1 and len(numbers[0]) == 4:
        raise YearOnly(int(numbers[0]))
    elif len(numbers) == 1 and len(numbers[0]) == 6:  # "032024" or "202403"
        digits = numbers[0]
        if digits[:2] in ("19", "20"):
            found = (int(digits[:4]), int(digits[4:]))
        else:
            found = (int(digits[2:]), int(digits[:2]))
    elif len(numbers) in (2, 3):
        if len(numbers[0]) == 4:  # "2024-03" or "2024-03-15"
            found = (int(numbers[0]), int(numbers[1]))
        elif len(numbers[-1]) in (2, 4) and len(numbers[-2]) <= 2:  # "3-2024", "15-3-2024"
            found = (_year(numbers[-1], this_year), int(numbers[-2]))
        else:
            return None
    else:
        return None
    year, month = found
    if year is None or month is None or not 1 <= month <= 12 or year < MIN_YEAR:
        return None
    return year, month
