"""A workbook as the bot hands it to the drawing worker, part by part: plain values that travel
between the processes (bot/web/workbook.py lays the figures out as these, and
bot/pictures/spreadsheet.py writes them with openpyxl, in the worker). Nothing here imports
openpyxl: the bot's process names these types and never loads it.

A cell is one of:
- an int, a str, a date, a datetime, or None (an empty cell);
- `Note`: a protected figure, an empty cell with the note of its kind;
- `Percent`: a share, written as a percentage.
Every str is written as text (a leading zero stays, "=" is never a formula).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class Note:
    """A protected cell: empty, with the note of its kind (a key of `Opening.notes`)."""

    kind: str


@dataclass(frozen=True)
class Percent:
    fraction: float  # 0.125 is 12.5 %


Cell = int | str | date | datetime | Note | Percent | None
Run = tuple[int, int, int]  # protected cells along a row: (row, first column, last), from 1


@dataclass(frozen=True)
class Columns:
    """What a sheet needs before its first row: openpyxl's write-only mode writes the column
    widths and the frozen header first."""

    header: list[str]
    widths: list[int]  # in characters
    typed_text: frozenset[int] = frozenset()  # columns (from 1) kept as text when typed over
    filters: bool = True  # filters and a frozen header (not for a sheet of explanations)


@dataclass
class SheetPart:
    """Rows of one sheet (by its place in `Opening.titles`), following the rows sent before;
    `columns` with the sheet's first part."""

    sheet: int
    rows: list[list[Cell]]
    columns: Columns | None = None
    protected: dict[str, list[Run]] = field(default_factory=dict)  # by kind of note
    figure_columns: frozenset[int] = frozenset()  # columns (from 1) of figures and shares

    @property
    def notes(self) -> int:
        return sum(last - first + 1 for runs in self.protected.values() for _r, first, last in runs)


@dataclass(frozen=True)
class Opening:
    """A new workbook: its sheets, in order, and the words it writes besides the cells."""

    titles: list[str]
    locale: str
    notes: dict[str, str]  # the note of each kind, in the reader's language
    protected_title: str  # the title of a note shown as the cell's input message
    comments: bool  # a note as a comment on each cell (else one input message per kind)


@dataclass
class BookPart:
    """One job of the worker: the opening (with the first part), sheets' rows, and whether
    the workbook is then complete (the job returns its bytes)."""

    key: str
    parts: list[SheetPart]
    opening: Opening | None = None
    last: bool = False
