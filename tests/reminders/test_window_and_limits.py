"""The send window, spreading, settings parsing, the pace of the rate limiter, expiry dates."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from datetime import time as clock_time
from zoneinfo import ZoneInfo

import pytest

from bot.config import ConfigError, load_settings, parse_days, parse_hours
from bot.jobs.reminders import RateLimiter, config_from_settings
from bot.services.reminders.events import expiry_reminder_due
from bot.services.reminders.holidays import calendar
from bot.services.reminders.window import SendWindow

AMS = ZoneInfo("Europe/Amsterdam")
WINDOW = SendWindow(tz=AMS)  # 09:00-19:00, Monday to Friday


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=AMS)


def test_open_on_weekdays_during_office_hours_only() -> None:
    assert WINDOW.is_open(local(2026, 11, 30, 9, 0))  # Monday 09:00
    assert WINDOW.is_open(local(2026, 11, 30, 18, 59))
    assert not WINDOW.is_open(local(2026, 11, 30, 19, 0))
    assert not WINDOW.is_open(local(2026, 11, 30, 8, 59))
    assert not WINDOW.is_open(local(2026, 11, 28, 12, 0))  # Saturday


@pytest.mark.parametrize(
    "holiday",
    [
        (2027, 1, 1),  # New Year's Day, a Friday
        (2027, 3, 29),  # Easter Monday (Easter 2027: 28 March)
        (2027, 4, 27),  # King's Day, a Tuesday
        (2027, 5, 5),  # Liberation Day
        (2027, 5, 6),  # Ascension Day
        (2027, 5, 17),  # Whit Monday
        (2026, 12, 25),  # Christmas Day, a Friday
        (2029, 12, 26),  # Boxing Day, a Wednesday
    ],
)
def test_no_reminder_on_a_dutch_public_holiday(holiday: tuple[int, int, int]) -> None:
    assert not WINDOW.is_open(local(*holiday, 12, 0))
    placed = WINDOW.place(local(*holiday, 12, 0), "key").astimezone(AMS)
    assert placed.date() > local(*holiday).date()
    assert WINDOW.is_open(placed)


def test_kings_day_moves_to_saturday_when_the_27th_is_a_sunday() -> None:
    every_day = SendWindow(tz=AMS, weekdays=frozenset(range(7)))
    assert not every_day.is_open(local(2031, 4, 26, 12, 0))  # Saturday: the 27th is a Sunday
    assert every_day.is_open(local(2031, 4, 27, 12, 0))
    assert not every_day.is_open(local(2030, 4, 27, 12, 0))  # a Saturday, on the day itself


def test_liberation_day_every_year_and_good_friday() -> None:
    # The library lists 5 May as public only in lustrum years; reminders wait every year.
    for year in (2026, 2027, 2030):
        assert local(year, 5, 5).date() in calendar("NL")
    assert local(2027, 3, 26).date() in calendar("NL")  # Good Friday, equated by the Atw
    assert local(2027, 3, 25).date() not in calendar("NL")


def test_holiday_calendar_from_the_settings() -> None:
    assert load_settings().reminder_holidays == "NL"
    kings_day = local(2027, 4, 27, 12, 0)
    default = config_from_settings(load_settings()).window
    assert not default.is_open(kings_day)
    off = config_from_settings(load_settings(REMINDER_HOLIDAYS="none")).window
    assert off.is_open(kings_day)
    belgian = config_from_settings(load_settings(REMINDER_HOLIDAYS="be")).window
    assert belgian.is_open(kings_day) and not belgian.is_open(local(2027, 7, 21, 12, 0))


def test_a_bad_holiday_calendar_stops_start_up_in_one_line() -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(REMINDER_HOLIDAYS="Holland")
    assert str(caught.value).startswith("REMINDER_HOLIDAYS is malformed: expected a country code")
    assert "\n" not in str(caught.value)


def test_new_years_day_waits_for_the_next_working_day() -> None:
    # The first planned nudge of a scan left on Wednesday 31 December 2025 at 20:00.
    placed = WINDOW.place(local(2025, 12, 31, 20, 0), "key").astimezone(AMS)
    assert placed.date() == local(2026, 1, 2).date()  # Friday: Thursday is New Year's Day
    # Christmas 2027 falls on a Saturday and Sunday: the Monday after is a working day.
    assert WINDOW.is_open(local(2027, 12, 27, 10, 0))


def test_due_outside_the_window_is_spread_over_the_next_opening() -> None:
    saturday = local(2026, 11, 28, 12, 0)
    placed = [WINDOW.place(saturday, f"key-{n}").astimezone(AMS) for n in range(200)]
    assert all(p.date() == local(2026, 11, 30).date() for p in placed)
    assert all(clock_time(9) <= p.time() < clock_time(19) for p in placed)
    assert len({p.hour for p in placed}) == 10, "every hour of the day gets some"
    assert WINDOW.place(saturday, "key-1") == WINDOW.place(saturday, "key-1"), "stable"


def test_due_inside_the_window_stays() -> None:
    moment = local(2026, 12, 1, 10, 30)
    assert WINDOW.place(moment, "x") == moment.astimezone(UTC)


@pytest.mark.parametrize(
    ("text", "days"),
    [("mon-fri", {0, 1, 2, 3, 4}), ("mon,wed", {0, 2}), ("sat-mon", {5, 6, 0}), ("Sun", {6})],
)
def test_days(text: str, days: set[int]) -> None:
    assert parse_days(text) == days


def test_hours() -> None:
    assert parse_hours("09:00-19:00") == (clock_time(9), clock_time(19))
    assert parse_hours("8-17") == (clock_time(8), clock_time(17))
    assert parse_hours("00:00-24:00") == (clock_time(0), clock_time(0))


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("REMINDER_HOURS", "nine to five"),
        ("REMINDER_DAYS", "weekdays"),
        ("REMINDER_RATE", "100"),
        ("REMINDER_HOLIDAYS", "Holland"),
    ],
)
def test_bad_settings_name_the_setting(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=name):
        load_settings(**{name: value})


@pytest.mark.slow  # paces in real time
async def test_rate_limiter_paces_overall_and_per_chat() -> None:
    limiter = RateLimiter(50)
    started = time.monotonic()
    await asyncio.gather(*(limiter.acquire(chat) for chat in range(26)))
    assert time.monotonic() - started >= 0.49  # 26 sends at 50/s span half a second

    limiter = RateLimiter(1000)
    started = time.monotonic()
    await asyncio.gather(*(limiter.acquire(7) for _ in range(3)))
    assert time.monotonic() - started >= 1.99  # one a second for one chat


def test_expiry_reminder_three_months_before() -> None:
    now = datetime(2026, 11, 28, tzinfo=UTC)
    assert expiry_reminder_due("2028-02", now) == datetime(2027, 11, 1, 9, tzinfo=UTC)
    assert expiry_reminder_due("2027-01", now) == now, "too close: remind now"
