from decimal import Decimal

import pytest

from dialogs.parse.numbers import parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7", "7"),
        ("7,5", "7.5"),
        ("7.5", "7.5"),
        (" 7,5 fte ", "7.5"),
        ("7,5FTE", "7.5"),
        ("24 uur", "24"),
        ("24u", "24"),
        ("24 hours", "24"),
        ("24 uur per week", "24"),
        ("1.250", "1250"),
        ("1,250", "1250"),
        ("1 250", "1250"),
        ("1.234,5", "1234.5"),
        ("1,234.5", "1234.5"),
        ("1.234.567", "1234567"),
        ("€ 25.000", "25000"),
        ("€25.000", "25000"),
        ("0,125", "0.125"),
        ("-3", "-3"),
        ("0", "0"),
        ("+5", "5"),
        ("7\u200b,5", "7.5"),
        ("\u200f24\u200e", "24"),
        ("\uff17", "7"),  # full-width digit
    ],
)
def test_parses(text: str, expected: str) -> None:
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize(
    "text",
    [
        "zeven",
        "",
        "   ",
        "7,5,3",
        "1e9",
        "😀",
        "7.",
        ".5",
        "nan",
        "inf",
        "Infinity",
        "1,2.3,4",
        "20-24",
        "7 5",
        "٣",
        "1" * 5000,
        "9" * 16,
        "--3",
        "0x10",
    ],
)
def test_rejects(text: str) -> None:
    assert parse_number(text) is None


def test_integer_mode_reads_grouping_as_thousands() -> None:
    assert parse_number("1,250", integer=True) == 1250
    assert parse_number("7,5", integer=True) == Decimal("7.5")  # caller says "not whole"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("acht", "8"),
        ("Twaalf", "12"),
        ("twintig", "20"),
        ("eight", "8"),
        ("twenty", "20"),
        ("ongeveer 9", "9"),
        ("ca. 9", "9"),
        ("about 9", "9"),
        ("around 9", "9"),
        ("± 9", "9"),
        ("9 mensen", "9"),
        ("ongeveer negen mensen", "9"),
        ("9 people", "9"),
        ("24 uur", "24"),
        ("24 hours", "24"),
        ("7,5 fte", "7.5"),
        ("tweeënhalf", "2.5"),
        ("twee en een half", "2.5"),
        ("9 ofzo", "9"),
    ],
)
def test_reads_what_people_type_for_a_number(text: str, expected: str) -> None:
    from dialogs.parse.numbers import read_number

    assert read_number(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["weet ik niet", "veel", "ongeveer", "acht of negen", ""])
def test_reads_no_number_where_there_is_none(text: str) -> None:
    from dialogs.parse.numbers import read_number

    assert read_number(text) is None
