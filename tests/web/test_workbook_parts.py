"""The workbook in parts: how the campaigns are split (`part_sizes`), and the drawing worker's
side (bot/pictures/spreadsheet.py), run here in the test's process: parts are written in the
order sent, a part of a workbook it does not hold fails with a clear error, and a workbook let
go (or pushed out by newer ones) is gone."""

from __future__ import annotations

import io
import tempfile
from collections.abc import AsyncIterator, Awaitable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from bot.db.models import Campaign
from bot.i18n import get_i18n
from bot.pictures import spreadsheet
from bot.pictures.sheets import BookPart, Cell, Columns, Note, Opening, Percent, SheetPart
from bot.services.campaigns.stats import CampaignStats
from bot.services.dashboard import CampaignFigures
from bot.services.downloads import FiguresPart
from bot.web import workbook
from bot.web.workbook import PER_PART, part_sizes


@pytest.mark.parametrize("campaigns", [0, 1, PER_PART, PER_PART + 1, 100, 101, 1000])
def test_parts_hold_every_campaign_once_and_shrink(campaigns: int) -> None:
    sizes = part_sizes(campaigns)
    assert sum(sizes) == campaigns and all(size > 0 for size in sizes)
    assert sizes == sorted(sizes, reverse=True)
    assert len(sizes) == -(-campaigns // PER_PART)  # as many parts as PER_PART a part makes
    if campaigns <= PER_PART:
        assert len(sizes) <= 1  # one part: its notes can be counted before it is sent


def test_a_hundred_campaigns_in_four_shrinking_parts() -> None:
    assert part_sizes(100) == [40, 30, 20, 10]


def opening(comments: bool = False) -> Opening:
    return Opening(["Weeks"], "en", {"<5": "Fewer than five."}, "Protected", comments)


COLUMNS = Columns(["Campaign", "Week", "Started", "Share"], [8, 10, 10, 10])


def rows(first: int, count: int) -> list[list[Cell]]:
    return [
        [f"Avond {n}", date(2026, 11, 2), n if n % 2 else Note("<5"), Percent(n / 100)]
        for n in range(first, first + count)
    ]


def runs(first_row: int, count: int, first: int) -> list[tuple[int, int, int]]:
    """The protected cells of `rows(first, count)` written from `first_row`: column 3 of the
    rows with an even number."""
    return [(first_row + i, 3, 3) for i in range(count) if (first + i) % 2 == 0]


def test_parts_are_written_in_order_as_one_sheet() -> None:
    first = SheetPart(0, rows(1, 3), COLUMNS, {"<5": runs(2, 3, 1)}, frozenset({3, 4}))
    second = SheetPart(0, rows(4, 2), None, {"<5": runs(5, 2, 4)}, frozenset({3, 4}))
    assert spreadsheet.write(BookPart("a", [first], opening())) is None
    body = spreadsheet.write(BookPart("a", [second], last=True))
    assert body is not None and "a" not in spreadsheet._books
    sheet = openpyxl.load_workbook(io.BytesIO(body))["Weeks"]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert [row[0] for row in values] == ["Campaign", *(f"Avond {n}" for n in range(1, 6))]
    assert [row[2] for row in values[1:]] == [1, None, 3, None, 5]
    prompted = {
        (row, column)
        for validation in sheet.data_validations.dataValidation
        for area in validation.sqref.ranges
        for row, column in area.cells
    }
    assert prompted == {(3, 3), (5, 3)}  # the protected cells of both parts, where they are
    assert sheet.auto_filter.ref == "A1:D6" and sheet.freeze_panes == "A2"
    assert sheet.cell(row=2, column=4).number_format == "0.0%"


def test_text_stays_text() -> None:
    columns = Columns(["Name", "Phone"], [10, 10], typed_text=frozenset({2}))
    part = SheetPart(0, [["=HYPERLINK(1)", "0612345678"], ["#N/A", "+31 6"]], columns)
    body = spreadsheet.write(BookPart("t", [part], opening(), last=True))
    assert body is not None
    sheet = openpyxl.load_workbook(io.BytesIO(body))["Weeks"]
    assert sheet["A2"].value == "=HYPERLINK(1)" and sheet["A2"].data_type == "s"
    assert sheet["A3"].value == "#N/A" and sheet["A3"].data_type == "s"
    assert sheet["B2"].value == "0612345678" and sheet["B2"].number_format == "@"


@pytest.fixture
def temporary_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where openpyxl's write-only sheets keep their rows until the save (its own files)."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def test_a_part_of_a_workbook_let_go_fails_clearly(temporary_files: Path) -> None:
    first = SheetPart(0, rows(1, 2), COLUMNS)
    spreadsheet.write(BookPart("gone", [first], opening()))
    assert list(temporary_files.iterdir())  # the sheet's rows so far
    spreadsheet.drop("gone")
    assert not list(temporary_files.iterdir())  # let go: nothing left behind
    with pytest.raises(LookupError, match="gone"):
        spreadsheet.write(BookPart("gone", [SheetPart(0, rows(3, 1))], last=True))


def test_the_oldest_unfinished_workbook_is_let_go_past_the_limit(temporary_files: Path) -> None:
    keys = [f"book-{n}" for n in range(spreadsheet.OPEN_AT_MOST + 1)]
    for key in keys:
        spreadsheet.write(BookPart(key, [SheetPart(0, rows(1, 1), COLUMNS)], opening()))
    assert keys[0] not in spreadsheet._books and set(keys[1:]) <= set(spreadsheet._books)
    for key in keys[1:]:
        assert spreadsheet.write(BookPart(key, [], last=True)) is not None
    assert not spreadsheet._books and not list(temporary_files.iterdir())


def test_a_failing_part_lets_its_workbook_go(temporary_files: Path) -> None:
    spreadsheet.write(BookPart("bad", [SheetPart(0, rows(1, 1), COLUMNS)], opening()))
    with pytest.raises(TypeError):
        not_a_cell: Any = object()
        spreadsheet.write(BookPart("bad", [SheetPart(0, [[not_a_cell]])], last=True))
    assert "bad" not in spreadsheet._books and not list(temporary_files.iterdir())


def nobody_came(campaigns: int) -> list[CampaignFigures]:
    figures = []
    for n in range(campaigns):
        found = Campaign(id=n + 1, code=f"c{n}", name=f"Avond {n}", municipality="X", owner_id=1)
        found.created_at = datetime(2026, 11, 1, 9, 0)
        stats = CampaignStats()
        figures.append(CampaignFigures(found, stats, stats.cells(), [], []))
    return figures


async def test_a_download_that_fails_midway_fails_and_the_next_is_written() -> None:
    """Through the drawing worker: a part that cannot be counted (the database gone) fails the
    download with its own error, the worker lets the workbook go, and the next download of
    the same campaigns, in parts, is written whole."""
    figures = nobody_came(PER_PART + 5)
    campaigns = [found.campaign for found in figures]
    sizes = part_sizes(len(campaigns))
    assert len(sizes) == 2

    async def failing() -> AsyncIterator[FiguresPart]:
        yield FiguresPart(figures[: sizes[0]], last=False)
        raise ConnectionError("the database went away")

    async def whole() -> AsyncIterator[FiguresPart]:
        yield FiguresPart(figures[: sizes[0]], last=False)
        yield FiguresPart(figures[sizes[0] :], last=True)

    def written(parts: AsyncIterator[FiguresPart]) -> Awaitable[bytes]:
        return workbook.figures_xlsx(
            campaigns,
            parts,
            organisations={},
            zone="Europe/Amsterdam",
            made=datetime.now(UTC),
            locale="en",
            title="All",
        )

    i18n = get_i18n()
    with i18n.context(), i18n.use_locale("en"):
        with pytest.raises(ConnectionError):
            await written(failing())
        body = await written(whole())
    levels = openpyxl.load_workbook(io.BytesIO(body))["Levels"]
    assert [row[0].value for row in levels.iter_rows(min_row=2)] == [c.name for c in campaigns]
