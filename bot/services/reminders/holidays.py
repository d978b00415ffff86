"""Public holidays, on which reminders wait for the next day they may go out.

The calendar comes from the maintained `holidays` library (its public `country_holidays`), chosen
with `REMINDER_HOLIDAYS`: a country code (default `NL`) or `none`. For the Netherlands that is
the Algemene termijnenwet's days: New Year's Day, Good Friday (equated with them since 1981),
Easter Monday, King's Day (27 April, or 26 April when the 27th is a Sunday), Ascension Day, Whit
Monday, Christmas Day and Boxing Day, plus Liberation Day (5 May) every year, which the library
lists as public in lustrum years and as optional in the others. Easter and Whit Sunday are
Sundays anyway.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache

import holidays

NONE = "none"
# Categories per country beyond the public holidays (5 May in the Netherlands, every year).
_EXTRA_CATEGORIES: dict[str, tuple[str, ...]] = {"NL": (holidays.OPTIONAL,)}


@dataclass(frozen=True)
class HolidayCalendar:
    """The days on which reminders wait; `country` None means none. Years fill in on demand."""

    country: str | None
    _days: holidays.HolidayBase | None = field(default=None, compare=False, repr=False)

    def __contains__(self, day: object) -> bool:
        return self._days is not None and isinstance(day, date) and day in self._days


@cache
def calendar(spec: str) -> HolidayCalendar:
    """The calendar for a `REMINDER_HOLIDAYS` value (validated by the settings): "NL", "none"."""
    code = spec.strip()
    if code.lower() == NONE:
        return HolidayCalendar(None)
    code = code.upper()
    categories = (holidays.PUBLIC, *_EXTRA_CATEGORIES.get(code, ()))
    return HolidayCalendar(code, holidays.country_holidays(code, categories=categories))


DUTCH = calendar("NL")
