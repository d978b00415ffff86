"""The dashboard's Excel workbooks (.xlsx, openpyxl): the figures of one campaign or of all, a
sheet each for the funnel, the weeks, the levels and where owners stop (and one that says what
the workbook is), and a campaign's consented contacts.

Numbers are numbers (a sum works); a protected figure ("<5", "x" or "–" on the pages:
docs/disclosure.md, read with `disclosure.exact`) is an empty, shaded cell with a note saying
why; percentages are percentages; dates are dates and times are the wall-clock time of the
bot's zone (TZ_NAME), named in the header; phone numbers and every other text are text (a
leading zero stays, and a name that starts with "=" is not run as a formula). Each sheet is one
table from its first row, with filters and its header frozen.

The note is a comment on the cell (a red corner, shown when pointed at) where the workbook has
at most COMMENTS_UP_TO protected cells, as one campaign's has. Each comment costs openpyxl
about 0.2 ms to write, and all campaigns' weeks can hold thousands, so there the note is the
cell's input message instead (shown when the cell is selected, one per kind of note and sheet).

Sheets are written row by row (openpyxl's write-only mode): a table of 25,000 cells in a
fraction of the time a worksheet kept in memory takes. With lxml installed (requirements.lock)
openpyxl writes through it, as its documentation says it will. Each cell still costs about
10 µs, so a row is written only where it says something: a week in which nobody started or
finished and a question nobody is at have none (the About sheet says so; both are funnel
figures, shown exactly, so a missing row tells no more than its zeros would). The workbook of
`make bench-dashboard`'s 100 campaigns (twelve weeks each, owners at every level and question)
is 15,600 cells, about 130 ms; a dated or percentage cell costs openpyxl about 15 µs, a number
5, an empty one 1.
openpyxl is loaded with the first workbook (bot/web/views.py imports this module then), not at
the bot's start: it is 16 MB that most processes never need.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from aiogram.utils.i18n import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from bot.db.models import Campaign, ContactConsent
from bot.services.campaigns.disclosure import HIDDEN, SMALL, WITHHELD
from bot.services.campaigns.stats import LEVELS
from bot.services.dashboard import CampaignFigures
from bot.ui.staff import level_label
from bot.web.exports import (
    Figure,
    Links,
    Share,
    Table,
    Value,
    contacts_table,
    figures_table,
    funnel_labels,
    local_time,
    share,
)

AUTHOR = "Tredebot"
COMMENTS_UP_TO = 400
NO_SHARE = "–"  # a share of nobody: no one started
BOLD = Font(bold=True)
SHADED = PatternFill("solid", bgColor="E6E6E6")  # a conditional format's fill
WRAP = Alignment(wrap_text=True, vertical="top")
DATE_FORMATS = {"nl": "dd-mm-yyyy"}  # else yyyy-mm-dd
TIME_FORMATS = {"nl": "dd-mm-yyyy hh:mm"}  # else yyyy-mm-dd hh:mm
NARROWEST, WIDEST = 11, 60
PLAIN = (int, str, type(None))  # written as they are


def notes() -> dict[str, str]:
    """Why a cell is empty, by what the page shows there ("share": a percentage of one)."""
    return {
        SMALL: _("Fewer than five owners: not shown, so that no business can be singled out."),
        HIDDEN: _(
            "Hidden: with this figure, a figure under five could be worked out from the others."
        ),
        WITHHELD: _(
            "Not shown: the whole row is withheld, so that no figure under five can be worked"
            " out; its total is shown."
        ),
        "share": _("Not shown: a figure it is worked out from is protected."),
    }


NOTED = frozenset({SMALL, HIDDEN, WITHHELD})  # what a protected figure shows, a note each


@dataclass(frozen=True)
class _Note:
    """A protected cell: empty, with the note of its kind (a key of `notes`)."""

    kind: str


@dataclass(frozen=True)
class _Text:
    """Text written as text whatever it starts with ("=" is never a formula, "#" never an
    error); `typed`: kept as text when typed over, too (a phone number's leading zero)."""

    text: str
    typed: bool


@dataclass(frozen=True)
class _Sheet:
    title: str
    rows: Table
    text_columns: frozenset[int] = frozenset()  # (from 0) kept as text when typed over, too
    filters: bool = True  # filters and a frozen header (not for a sheet of explanations)


@dataclass
class _Laid:
    """A sheet's rows as they are written, each value looked at once: a number or text as it
    is, or a `_Note`, `_Text`, date, time or percentage whose cell is made when written."""

    sheet: _Sheet
    rows: list[list[Any]]
    widths: list[int]
    # Protected cells by kind of note, as runs along a row: (row, first column, last).
    protected: dict[str, list[list[int]]]
    figure_columns: set[int]  # (from 1) the columns of figures and shares

    @property
    def notes(self) -> int:
        return sum(last - first + 1 for runs in self.protected.values() for _r, first, last in runs)


def _laid(sheet: _Sheet) -> _Laid:
    table = sheet.rows
    widths = [len(text) for text in table.header]
    protected: dict[str, list[list[int]]] = defaultdict(list)
    figure_columns: set[int] = set()
    rows = []
    for number, row in enumerate(table.rows, start=2):
        cells: list[Any] = []
        for column, value in enumerate(row, start=1):
            cell: Any = value
            width = 10
            if isinstance(value, Figure | Share):
                figure_columns.add(column)
                cell = _figure(value)
                if isinstance(cell, _Note):
                    runs = protected[cell.kind]
                    if runs and runs[-1][0] == number and runs[-1][2] == column - 1:
                        runs[-1][2] = column
                    else:
                        runs.append([number, column, column])
            elif isinstance(value, str):
                cell = ILLEGAL_CHARACTERS_RE.sub("", value)
                width = len(value)
                typed = column - 1 in sheet.text_columns
                if typed or cell.startswith(("=", "#")):
                    cell = _Text(cell, typed)
            elif isinstance(value, datetime):
                width = 16
            if width > widths[column - 1]:
                widths[column - 1] = width
            cells.append(cell)
        rows.append(cells)
    return _Laid(sheet, rows, widths, protected, figure_columns)


def _figure(value: Figure | Share) -> int | str | Share | _Note:
    """A figure or share as written: its number, a share as it is (a percentage cell), "–"
    for a share of nobody, or the `_Note` of a protected one."""
    if isinstance(value, Figure):
        number = value.number
        if number is not None:
            return number
        return _Note(value.shown if value.shown in NOTED else HIDDEN)
    if value.percent is not None:
        return value
    return _Note("share") if value.protected else NO_SHARE


def _areas(runs: Iterable[Sequence[int]]) -> str:
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
    areas = []
    for top, bottom, first, last in across:
        start = f"{get_column_letter(first)}{top}"
        end = f"{get_column_letter(last)}{bottom}"
        areas.append(start if start == end else f"{start}:{end}")
    return " ".join(areas)


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


class _Writer:
    def __init__(self, *, locale: str, comments: bool) -> None:
        self.book = Workbook(write_only=True)
        self.locale = locale
        self.comments = comments
        self.notes = notes()

    def sheet(self, laid: _Laid) -> None:
        sheet, table = laid.sheet, laid.sheet.rows
        ws = self.book.create_sheet(title=sheet.title[:31])
        for column, width in enumerate(laid.widths, start=1):
            letter = get_column_letter(column)
            ws.column_dimensions[letter].width = min(max(width + 2, NARROWEST), WIDEST)
        if sheet.filters:
            ws.freeze_panes = "A2"
            last = f"{get_column_letter(len(table.header))}{len(table.rows) + 1}"
            ws.auto_filter.ref = f"A1:{last}"
        ws.append([self._header(ws, text) for text in table.header])
        for row in laid.rows:
            ws.append([cell if type(cell) in PLAIN else self._cell(ws, cell) for cell in row])
        for column in sorted(laid.figure_columns):
            # Shade the empty figures: the protected ones (one rule for the whole column).
            letter = get_column_letter(column)
            area = f"{letter}2:{letter}{len(table.rows) + 1}"
            rule = FormulaRule(formula=[f"ISBLANK({letter}2)"], fill=SHADED)
            ws.conditional_formatting.add(area, rule)
        if not self.comments:
            for note, runs in laid.protected.items():
                prompt = DataValidation(
                    showInputMessage=True,
                    allowBlank=True,
                    promptTitle=_("Protected")[:32],
                    prompt=self.notes[note][:255],
                    sqref=_areas(runs),
                )
                ws.data_validations.append(prompt)

    def _header(self, ws: Any, text: str) -> Any:
        cell = WriteOnlyCell(ws, value=text)
        cell.font = BOLD
        cell.alignment = WRAP
        cell.data_type = "s"
        return cell

    def _cell(self, ws: Any, value: Any) -> Any:
        """The cell of a value `_laid` left to be made as it is written."""
        if isinstance(value, _Note):
            if not self.comments:
                return None
            cell = WriteOnlyCell(ws, value=None)
            cell.comment = Comment(self.notes[value.kind], AUTHOR, width=260, height=90)
            # A style of its own: openpyxl (3.1.5) writes the next plain value of the row into
            # an appended cell without one, and the comment would go with it (tested).
            cell.number_format = "0"
            return cell
        if isinstance(value, Share):
            cell = WriteOnlyCell(ws, value=(value.percent or 0) / 100)
            cell.number_format = "0.0%"
            return cell
        if isinstance(value, date):
            # The format first: a cell given a date takes openpyxl's own date format unless it
            # has one (its `value`), and ours after it would be a second change of its style.
            cell = WriteOnlyCell(ws)
            if isinstance(value, datetime):
                cell.number_format = TIME_FORMATS.get(self.locale, "yyyy-mm-dd hh:mm")
            else:
                cell.number_format = DATE_FORMATS.get(self.locale, "yyyy-mm-dd")
            cell.value = value
            return cell
        if not isinstance(value, _Text):
            raise TypeError(f"not a value of a sheet: {value!r}")
        cell = WriteOnlyCell(ws, value=value.text)
        cell.data_type = "s"
        if value.typed:
            cell.number_format = "@"
        return cell

    def saved(self) -> bytes:
        buffer = io.BytesIO()
        self.book.save(buffer)
        return buffer.getvalue()


def _write(sheets: Sequence[_Sheet], *, locale: str) -> bytes:
    laid = [_laid(sheet) for sheet in sheets]
    writer = _Writer(locale=locale, comments=sum(each.notes for each in laid) <= COMMENTS_UP_TO)
    for each in laid:
        writer.sheet(each)
    return writer.saved()


def _none(cells: Mapping[str, str], *keys: str) -> bool:
    """Each of these figures shown exactly as 0 (a protected one is never taken for a 0)."""
    return all(cells[key] == "0" for key in keys)


def figures_sheets(
    figures: Sequence[CampaignFigures],
    *,
    organisations: Mapping[int, str],
    tz: ZoneInfo,
    links: Links | None = None,
) -> list[_Sheet]:
    """The funnel, the weeks, the levels and the stops of these campaigns, as tables."""
    rows = [(f.campaign, f.cells) for f in figures]
    # An organisation's column only where there is more than one (an admin's download). The
    # other sheets name the campaign (and its organisation) only, on each of their rows: the
    # funnel has its municipality and code.
    several = len({f.campaign.organisation_id for f in figures}) > 1
    funnel = figures_table(
        rows, organisations=organisations, tz=tz, levels=False, organisation=several, links=links
    )
    labels = funnel_labels()
    level_names = [level_label(level) for level in LEVELS]
    columns = [_("Campaign"), *([_("Organisation")] if several else [])]
    weeks = Table(
        [
            *columns,
            _("Week of (Monday)"),
            labels["started"],
            labels["finished"],
            *level_names,
        ],
        [],
    )
    levels = Table([*columns, labels["finished"], *level_names], [])
    stops = Table(
        [
            *columns,
            _("Question"),
            labels["in_progress"],
            labels["abandoned"],
            _("Share of starters who stopped here"),
        ],
        [],
    )
    asked: dict[tuple[str, str], str] = {}  # each question's words, translated once
    for found in figures:
        front: list[Value] = [found.campaign.name]
        if several:
            front.append(organisations.get(found.campaign.organisation_id or 0, ""))
        # A week in which nobody started or finished, and a question nobody is at, have no
        # row (the About sheet says so): most weeks of a long campaign and most questions
        # are empty, and every row is cells to write, for each campaign. Both are funnel
        # figures, shown exactly, so leaving the row out says no more than its zeros did.
        for week in found.weeks:
            if _none(week.cells, "started", "finished"):
                continue
            weeks.rows.append(
                [
                    *front,
                    week.start,
                    Figure(week.cells["started"]),
                    Figure(week.cells["finished"]),
                    *(Figure(week.cells[f"level_{level}"]) for level in LEVELS),
                ]
            )
        levels.rows.append(
            [
                *front,
                Figure(found.cells["finished"]),
                *(Figure(found.cells[f"level_{level}"]) for level in LEVELS),
            ]
        )
        for stop in found.stops:
            if _none(stop.cells, "busy", "stopped"):
                continue
            words = asked.get((stop.text, stop.label))
            if words is None:
                words = asked[(stop.text, stop.label)] = f"{_(stop.text)} ({_(stop.label)})"
            stops.rows.append(
                [
                    *front,
                    words,
                    Figure(stop.cells["busy"]),
                    Figure(stop.cells["stopped"]),
                    share(stop.cells["stopped"], found.cells["started"]),
                ]
            )
    return [
        _Sheet(_("Funnel"), funnel),
        _Sheet(_("Per week"), weeks),
        _Sheet(_("Levels"), levels),
        _Sheet(_("Where owners stop"), stops),
    ]


def figures_xlsx(
    figures: Sequence[CampaignFigures],
    *,
    organisations: Mapping[int, str],
    zone: str,
    made: datetime,
    locale: str,
    title: str,
    links: Links | None = None,
) -> bytes:
    """The figures of these campaigns since their start (with their links, when given), and a
    sheet that says what it is."""
    tz = ZoneInfo(zone)
    small = notes()
    about = Table(
        [_("About"), title],
        [
            [_("Made on ({zone})").format(zone=zone), local_time(made, tz).replace(microsecond=0)],
            [_("Figures"), _("Since each campaign's start, as the dashboard shows them.")],
            [_("Empty, shaded cells"), " ".join(small[key] for key in (SMALL, HIDDEN, WITHHELD))],
            [
                _("Per week"),
                _(
                    "Only the weeks in which an owner started or finished; in the other weeks,"
                    " none did."
                ),
            ],
            [
                _("Where owners stop"),
                _(
                    "Only the questions at which an owner is in progress or has stopped; at the"
                    " other questions, none is."
                ),
            ],
            [_("Indicative"), _("Indicative figures, aggregated. No owner's answers are in it.")],
        ],
    )
    sheets = [
        *figures_sheets(figures, organisations=organisations, tz=tz, links=links),
        _Sheet(_("About"), about, filters=False),
    ]
    return _write(sheets, locale=locale)


def contacts_xlsx(
    campaign: Campaign, consents: Iterable[ContactConsent], *, zone: str, locale: str
) -> bytes:
    """The consented contacts of a campaign: what each business chose to share."""
    table = contacts_table(campaign, consents, zone=zone)
    phone = table.header.index(_("Phone"))
    return _write([_Sheet(_("Contacts"), table, frozenset({phone}))], locale=locale)
