"""Months typed on a phone, in Dutch or English, whatever the chat's language."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dialogs.parse.months import MONTH_NAMES, YearOnly, parse_month


@pytest.mark.parametrize(
    "text",
    [
        "3-2024",
        "03-2024",
        "3/2024",
        "03.2024",
        "3 2024",
        "2024-03",
        "2024-3",
        "2024/03",
        "maart 2024",
        "Maart, 2024",
        "MRT 2024",
        "mrt. 2024",
        "mrt '24",
        "March 2024",
        "mar 2024",
        "Mar-2024",
        "15 maart 2024",
        "15-3-2024",
        "2024-03-15",
        "sinds maart 2024",
        "since March 2024",
        "2024 maart",
        "032024",
        "202403",
    ],
)
def test_march_2024_in_every_usual_shape(text: str) -> None:
    assert parse_month(text, today=date(2026, 6, 15)) == (2024, 3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mei 2023", (2023, 5)),
        ("May 2023", (2023, 5)),
        ("okt 2020", (2020, 10)),
        ("Oct 2020", (2020, 10)),
        ("sept 2019", (2019, 9)),
        ("januari 2001", (2001, 1)),
        ("december 1999", (1999, 12)),
        ("3-98", (1998, 3)),  # two digits: the latest such year not after this one
        ("3-26", (2026, 3)),
    ],
)
def test_names_and_short_years(text: str, expected: tuple[int, int]) -> None:
    assert parse_month(text, today=date(2026, 6, 15)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "maart",
        "13-2024",
        "0-2024",
        "gisteren",
        "foo 2024",
        "maart april 2024",
        "1 2 3",
        "x" * 80,
    ],
)
def test_what_is_not_a_month(text: str) -> None:
    assert parse_month(text, today=date(2026, 6, 15)) is None


def test_a_year_alone_asks_for_the_month() -> None:
    with pytest.raises(YearOnly) as raised:
        parse_month("2019", today=date(2026, 6, 15))
    assert raised.value.year == 2019


@given(
    st.integers(1950, 2026),
    st.integers(1, 12),
    st.sampled_from(["{m}-{y}", "{m:02d}/{y}", "{y}-{m:02d}", "{name} {y}"]),
)
def test_any_month_written_any_way_reads_back(year: int, month: int, shape: str) -> None:
    name = next(n for n, m in MONTH_NAMES.items() if m == month)
    text = shape.format(m=month, y=year, name=name)
    assert parse_month(text, today=date(2026, 6, 15)) == (year, month)
