"""pso's names and formats: labels of sectors, dates as day, month, year."""

import datetime as dt

from pso.formatting import fmt_date
from pso.labels import SECTOR_LABELS, sector_label
from tests.pso.answers import nl_fake


def test_sector_labels() -> None:
    assert set(SECTOR_LABELS) == {
        "bakery",
        "retail",
        "hospitality",
        "construction",
        "cleaning",
        "garage",
        "care",
        "ict",
        "manufacturing",
        "other",
    }
    assert sector_label({"sector": "bakery"}, nl_fake) == "«Bakery»"
    assert sector_label({"sector": "other", "sector_other": "Imkerij"}, nl_fake) == "Imkerij"


def test_dates_are_day_month_year() -> None:
    assert fmt_date(dt.date(2027, 1, 10), "en") == "10 January 2027"
    assert fmt_date(dt.date(2027, 1, 10), "nl") == "10 januari 2027"
