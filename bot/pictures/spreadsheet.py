"""The dashboard's workbooks written with openpyxl, in the drawing worker, part by part as the
bot sends them (bot/pictures/sheets.py says what a part holds).

Why in the worker: openpyxl is pure Python, about 8 µs a cell. The workbook of all campaigns
(15,600 cells for `make bench-dashboard`'s 100 campaigns) held the bot's interpreter for over
100 ms in slices, and every owner's page waited behind them. Why in parts: the bot works out
the figures of the next campaigns while the worker writes those of the last, so the download
takes about as long as the longer of the two, not both.

Sheets are written row by row (openpyxl's write-only mode): a table of 25,000 cells in a
fraction of the time a worksheet kept in memory takes. With lxml installed (requirements.lock)
openpyxl writes through it, as its documentation says it will. That mode writes a sheet's
column widths and frozen header before its first row, and its filters, shading and notes
after its last, at the save: `Columns` come with the first part, the rest is gathered.

A protected cell's note is a comment on the cell (a red corner, shown when pointed at) where
the workbook has few of them (`Opening.comments`). Each comment costs openpyxl about 0.2 ms to
write, and all campaigns' weeks can hold thousands, so there the note is the cell's input
message instead (shown when the cell is selected; one per kind of note, sheet and part).
"""

from __future__ import annotations

import contextlib
import io
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from bot.pictures.sheets import BookPart, Columns, Note, Opening, Percent, SheetPart

AUTHOR = "Tredebot"
BOLD = Font(bold=True)
SHADED = PatternFill("solid", bgColor="E6E6E6")  # a conditional format's fill
WRAP = Alignment(wrap_text=True, vertical="top")
DATE_FORMATS = {"nl": "dd-mm-yyyy"}  # else yyyy-mm-dd
TIME_FORMATS = {"nl": "dd-mm-yyyy hh:mm"}  # else yyyy-mm-dd hh:mm
NARROWEST, WIDEST = 11, 60
PLAIN = (int, type(None))  # written as they are
OPEN_AT_MOST = 8  # workbooks being written at once; a ninth lets the oldest go


@dataclass
class _Sheet:
    """A sheet being written, and what is written after its last row."""

    ws: Any
    columns: Columns | None = None
    rows: int = 0  # below the header
    figure_columns: set[int] = field(default_factory=set)


class Book:
    """A workbook being written: its parts added in the order sent (`add`), then `saved`."""

    def __init__(self, opening: Opening) -> None:
        self.opening = opening
        self.book = Workbook(write_only=True)
        self.sheets = [_Sheet(self.book.create_sheet(title=t[:31])) for t in opening.titles]

    def add(self, part: SheetPart) -> None:
        sheet = self.sheets[part.sheet]
        ws = sheet.ws
        if part.columns is not None:
            self._start(sheet, part.columns)
        typed = sheet.columns.typed_text if sheet.columns is not None else frozenset()
        cell = self._cell
        for row in part.rows:
            if typed:
                ws.append([cell(ws, value, column in typed) for column, value in enumerate(row, 1)])
            else:
                ws.append([value if type(value) in PLAIN else cell(ws, value) for value in row])
        sheet.rows += len(part.rows)
        sheet.figure_columns.update(part.figure_columns)
        if self.opening.comments:
            return
        for kind, runs in part.protected.items():
            # A note per kind for this part's cells: made now, while the bot lays out the
            # next part, not all at the save.
            prompt = DataValidation(
                showInputMessage=True,
                allowBlank=True,
                promptTitle=self.opening.protected_title[:32],
                prompt=self.opening.notes[kind][:255],
                sqref=areas(runs),
            )
            ws.data_validations.append(prompt)

    def saved(self) -> bytes:
        for sheet in self.sheets:
            self._finish(sheet)
        buffer = io.BytesIO()
        self.book.save(buffer)
        return buffer.getvalue()

    def _start(self, sheet: _Sheet, columns: Columns) -> None:
        sheet.columns = columns
        ws = sheet.ws
        for column, width in enumerate(columns.widths, start=1):
            letter = get_column_letter(column)
            ws.column_dimensions[letter].width = min(max(width + 2, NARROWEST), WIDEST)
        if columns.filters:
            ws.freeze_panes = "A2"
        ws.append([self._header(ws, text) for text in columns.header])

    def _finish(self, sheet: _Sheet) -> None:
        ws, columns, last_row = sheet.ws, sheet.columns, sheet.rows + 1
        if columns is None:
            return
        if columns.filters:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(columns.header))}{last_row}"
        for column in sorted(sheet.figure_columns):
            # Shade the empty figures: the protected ones (one rule for the whole column).
            letter = get_column_letter(column)
            rule = FormulaRule(formula=[f"ISBLANK({letter}2)"], fill=SHADED)
            ws.conditional_formatting.add(f"{letter}2:{letter}{last_row}", rule)

    def _header(self, ws: Any, text: str) -> Any:
        cell = WriteOnlyCell(ws, value=ILLEGAL_CHARACTERS_RE.sub("", text))
        cell.font = BOLD
        cell.alignment = WRAP
        cell.data_type = "s"
        return cell

    def _cell(self, ws: Any, value: Any, typed: bool = False) -> Any:
        """The cell of a value, or the value where openpyxl writes it as it should be. A
        `typed` text stays text when typed over, too (a phone number's leading zero)."""
        if isinstance(value, str):
            text = ILLEGAL_CHARACTERS_RE.sub("", value)
            if not typed and not text.startswith(("=", "#")):
                return text
            cell = WriteOnlyCell(ws, value=text)
            cell.data_type = "s"  # text whatever it starts with: "=" is never a formula
            if typed:
                cell.number_format = "@"
            return cell
        if type(value) in PLAIN:
            return value
        if isinstance(value, Note):
            if not self.opening.comments:
                return None
            cell = WriteOnlyCell(ws, value=None)
            cell.comment = Comment(self.opening.notes[value.kind], AUTHOR, width=260, height=90)
            # A style of its own: openpyxl (3.1.5) writes the next plain value of the row into
            # an appended cell without one, and the comment would go with it (tested).
            cell.number_format = "0"
            return cell
        if isinstance(value, Percent):
            cell = WriteOnlyCell(ws, value=value.fraction)
            cell.number_format = "0.0%"
            return cell
        if isinstance(value, date):
            # The format first: a cell given a date takes openpyxl's own date format unless it
            # has one (its `value`), and ours after it would be a second change of its style.
            cell = WriteOnlyCell(ws)
            locale = self.opening.locale
            if isinstance(value, datetime):
                cell.number_format = TIME_FORMATS.get(locale, "yyyy-mm-dd hh:mm")
            else:
                cell.number_format = DATE_FORMATS.get(locale, "yyyy-mm-dd")
            cell.value = value
            return cell
        raise TypeError(f"not a value of a sheet: {value!r}")


def areas(runs: Iterable[Sequence[int]]) -> str:
    """Runs of cells along rows, (row, first column, last), in row order, as few rectangles:
    equal runs of consecutive rows stacked (a column of "<5" is one area), or, where that
    makes fewer, the runs down each column set side by side (levels that are protected in
    most weeks, but not each week the same ones). openpyxl parses each area of a note's range
    by itself: the weeks of `make bench-dashboard`'s 100 campaigns are 876 areas, not 1,299."""
    runs = [tuple(run) for run in runs]
    across = _stacked(runs)
    rows_of: dict[int, list[int]] = defaultdict(list)
    for row, first, last in runs:
        for column in range(first, last + 1):
            rows_of[column].append(row)
    down_runs: list[tuple[int, int, int]] = []  # column, top, bottom
    for column in sorted(rows_of):
        rows = rows_of[column]
        top = previous = rows[0]
        for row in rows[1:]:
            if row != previous + 1:
                down_runs.append((column, top, previous))
                top = row
            previous = row
        down_runs.append((column, top, previous))
    down = _stacked(down_runs)
    if len(down) < len(across):
        across = [[top, bottom, first, last] for first, last, top, bottom in down]
    found = []
    for top, bottom, first, last in across:
        start = f"{get_column_letter(first)}{top}"
        end = f"{get_column_letter(last)}{bottom}"
        found.append(start if start == end else f"{start}:{end}")
    return " ".join(found)


def _stacked(runs: Iterable[Sequence[int]]) -> list[list[int]]:
    """Runs (line, from, to) in line order as rectangles [first line, last line, from, to]:
    a run extends the rectangle of an equal run on the line before."""
    rectangles: list[list[int]] = []
    below: dict[tuple[int, int], list[int]] = {}  # the rectangle a run could extend
    for line, start, stop in runs:
        rectangle = below.get((start, stop))
        if rectangle is not None and rectangle[1] == line - 1:
            rectangle[1] = line
        else:
            rectangle = [line, line, start, stop]
            rectangles.append(rectangle)
            below[(start, stop)] = rectangle
    return rectangles


# The workbooks being written in this process, oldest first, by the bot's key for each.
_books: OrderedDict[str, Book] = OrderedDict()


def _let_go(book: Book) -> None:
    """Finish an unfinished workbook into nothing: openpyxl then closes its sheets' streams
    and removes their temporary files (left open, they would stay until the process ends)."""
    with contextlib.suppress(Exception):  # a part failed: whatever it left is let go anyway
        book.book.save(io.BytesIO())


def write(job: BookPart) -> bytes | None:
    """Add a part to its workbook (opening it first, with the first part); the workbook's
    bytes when it is the last. A workbook whose part failed is let go."""
    try:
        if job.opening is not None:
            _books[job.key] = Book(job.opening)
            while len(_books) > OPEN_AT_MOST:
                _let_go(_books.popitem(last=False)[1])
        book = _books.get(job.key)
        if book is None:
            raise LookupError(f"workbook {job.key} is not being written (let go, or never opened)")
        for part in job.parts:
            book.add(part)
        if not job.last:
            return None
        del _books[job.key]
        return book.saved()
    except BaseException:
        drop(job.key)
        raise


def drop(key: str) -> None:
    """Let a workbook go unfinished (its download failed or was left)."""
    book = _books.pop(key, None)
    if book is not None:
        _let_go(book)
