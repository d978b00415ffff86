"""When reminders may go out: some hours on some weekdays in one time zone, never on a public
holiday of the configured calendar (Dutch by default)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.services.reminders.holidays import DUTCH, HolidayCalendar


@dataclass(frozen=True)
class SendWindow:
    tz: ZoneInfo
    start: time = time(9, 0)
    end: time = time(19, 0)  # exclusive; time(0, 0) as end means midnight
    weekdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})  # Monday = 0
    holidays: HolidayCalendar = DUTCH

    def _sends_on(self, day: datetime) -> bool:
        return day.weekday() in self.weekdays and day.date() not in self.holidays

    def _bounds(self, day: datetime) -> tuple[datetime, datetime]:
        opening = datetime.combine(day.date(), self.start, self.tz)
        closing_day = day.date() + timedelta(days=1) if self.end <= self.start else day.date()
        closing = datetime.combine(closing_day, self.end, self.tz)
        return opening, closing

    def is_open(self, moment: datetime) -> bool:
        local = moment.astimezone(self.tz)
        if not self._sends_on(local):
            return False
        opening, closing = self._bounds(local)
        return opening <= local < closing

    def opening_at_or_after(self, moment: datetime) -> tuple[datetime, datetime]:
        """The (opening, closing) of the first open period that contains or follows `moment`."""
        local = moment.astimezone(self.tz)
        for offset in range(15):  # two weeks: Christmas and a weekend still leave days open
            day = local + timedelta(days=offset)
            if not self._sends_on(day):
                continue
            opening, closing = self._bounds(day)
            if local < closing:
                return max(opening, local).astimezone(UTC), closing.astimezone(UTC)
        raise ValueError("the reminder window has no open days")

    def place(self, due: datetime, spread_key: str) -> datetime:
        """`due` itself when the window is open then; otherwise a moment in the next opening,
        chosen by `spread_key` so that what piled up overnight is spread over the day."""
        if self.is_open(due):
            return due.astimezone(UTC)
        opening, closing = self.opening_at_or_after(due)
        span = (closing - opening).total_seconds()
        fraction = int.from_bytes(hashlib.sha256(spread_key.encode()).digest()[:4]) / 2**32
        # Leave the last minute free so the placed moment is always inside the window.
        return opening + timedelta(seconds=int(max(0.0, span - 60) * fraction))
