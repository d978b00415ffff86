"""Moments as the database hands them back (SQLite: UTC without a zone; PostgreSQL: with one)
are counted in the same week and period either way: the counting compares them without
making a new moment for each owner (bot/services/campaigns/stats.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.services.campaigns.stats import (
    ABANDONED,
    IN_PROGRESS,
    Mondays,
    Owners,
    mondays_in,
    week_of,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# Around the changes of 2026 (29 March, 25 October) and a Sunday midnight in Amsterdam.
EDGES = [
    datetime(2026, 3, 29, 0, 59, 59),
    datetime(2026, 3, 29, 1, 0),
    datetime(2026, 10, 25, 0, 59),
    datetime(2026, 10, 25, 1, 0),
    datetime(2026, 11, 29, 22, 59, 59, 999999),  # Sunday 23:59 in Amsterdam
    datetime(2026, 11, 29, 23, 0),  # Monday 00:00
    datetime(2026, 7, 5, 21, 59),  # Sunday 23:59 in summer
    datetime(2026, 7, 5, 22, 0),
]
moments = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2028, 1, 1))


@settings(max_examples=300, deadline=None)
@given(st.lists(moments, min_size=1, max_size=40))
def test_the_week_of_a_stored_moment_is_its_monday_in_amsterdam(found: list[datetime]) -> None:
    mondays = Mondays(AMSTERDAM)  # one for all: what it knew of a quarter is used again
    for bare in [*EDGES, *found, *EDGES]:
        aware = bare.replace(tzinfo=UTC)
        assert mondays(bare) == mondays(aware) == week_of(aware, AMSTERDAM), bare
        assert mondays(aware).weekday() == 0


# Zones whose clocks change at or near midnight, by half an hour, or the other way round, and
# moments from a database in another zone than UTC: each moment's Monday as `week_of` says.
ZONES = ["America/Santiago", "Australia/Lord_Howe", "Asia/Kolkata", "America/St_Johns", "UTC"]


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(ZONES),
    st.sampled_from([UTC, ZoneInfo("Europe/Amsterdam"), None]),
    st.lists(moments, min_size=1, max_size=60),
)
def test_the_week_is_right_in_every_zone_and_on_every_clock(
    zone: str, clock: ZoneInfo | None, found: list[datetime]
) -> None:
    tz = ZoneInfo(zone)
    mondays = Mondays(tz)
    # And each Monday's midnight of 2026 in the zone, a second and a microsecond either side.
    edges = []
    for week in range(53):
        midnight = datetime(2026, 1, 5, tzinfo=tz) + timedelta(weeks=week)
        at = midnight.astimezone(UTC).replace(tzinfo=None)
        edges += [at + timedelta(microseconds=d) for d in (-(10**6), -1, 0, 1, 10**6)]
    for moment in [*edges, *sorted(found), *found]:
        stored = moment.replace(tzinfo=UTC).astimezone(clock) if clock is not None else moment
        assert mondays(stored) == week_of(stored, tz), (zone, stored)


def test_a_zones_mondays_are_kept_for_the_process() -> None:
    kept = mondays_in(AMSTERDAM)
    assert mondays_in(ZoneInfo("Europe/Amsterdam")) is kept  # every count of the process
    moment = datetime(2031, 3, 4, 12)
    assert kept(moment) == week_of(moment.replace(tzinfo=UTC), AMSTERDAM)
    assert (2031, 3, 4, None) in kept.known  # the next count finds the day worked out
    assert mondays_in(ZoneInfo("Asia/Kolkata")) is not kept


def test_the_week_changes_at_midnight_in_amsterdam() -> None:
    mondays = Mondays(AMSTERDAM)
    assert mondays(datetime(2026, 11, 29, 22, 59)).isoformat() == "2026-11-23"
    assert mondays(datetime(2026, 11, 29, 23, 0)).isoformat() == "2026-11-30"
    assert mondays(datetime(2026, 7, 5, 21, 59, tzinfo=UTC)).isoformat() == "2026-06-29"
    assert mondays(datetime(2026, 7, 5, 22, 0, tzinfo=UTC)).isoformat() == "2026-07-06"


@given(moments, st.integers(min_value=-(10**6), max_value=10**6))
def test_busy_or_stopped_alike_with_or_without_the_zone(moved: datetime, seconds: int) -> None:
    cutoff = moved.replace(tzinfo=UTC) + timedelta(seconds=seconds)
    expected = ABANDONED if seconds > 0 else IN_PROGRESS
    for stored in (moved, moved.replace(tzinfo=UTC)):
        owners = Owners(last_activity={1: stored})
        assert owners.status(1, cutoff) == expected
