"""The dashboard's Excel workbooks (.xlsx): the figures of one campaign or of all, a sheet each
for the funnel, the weeks, the levels and where owners stop (and one that says what the
workbook is), and a campaign's consented contacts.

Numbers are numbers (a sum works); a protected figure ("<5", "x" or "–" on the pages:
docs/disclosure.md, read with `disclosure.exact`) is an empty, shaded cell with a note saying
why; percentages are percentages; dates are dates and times are the wall-clock time of the
bot's zone (TZ_NAME), named in the header; phone numbers and every other text are text (a
leading zero stays, and a name that starts with "=" is not run as a formula). Each sheet is one
table from its first row, with filters and its header frozen.

Laid out here, in the reader's language; written by the drawing worker with openpyxl
(bot/pictures/spreadsheet.py), part by part: the figures of some campaigns at a time
(`part_sizes`), so that the worker writes one part while the next is counted here, and the
bot's process never runs openpyxl (nor loads its 16 MB). openpyxl's write-only mode writes a
sheet's column widths before its first row, so they are worked out first, from what each
column can hold: the campaigns' and organisations' names, the questions' words
(`_FiguresLayout.columns`).

Each cell costs openpyxl about 8 µs, so a row is written only where it says something: a week
in which nobody started or finished and a question nobody is at have none (the About sheet
says so; both are funnel figures, shown exactly, so a missing row tells no more than its zeros
would). The workbook of `make bench-dashboard`'s 100 campaigns (twelve weeks each, owners at
every level and question) is 15,600 cells.

A protected cell's note is a comment on the cell where the workbook has at most COMMENTS_UP_TO
of them, as one campaign's has; in a workbook of more than one part (more than PER_PART
campaigns: thousands of protected cells), it is the cell's input message (a comment goes with
its cell, so whether there are few must be known before the first part is sent).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import itertools
import math
import secrets
from collections import defaultdict
from collections.abc import AsyncIterable, Iterable, Mapping, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from aiogram.utils.i18n import gettext as _

from bot.db.models import Campaign, ContactConsent
from bot.pictures import draw
from bot.pictures.sheets import BookPart, Cell, Columns, Note, Opening, Percent, SheetPart
from bot.runtime.drawing import start_document
from bot.services.campaigns.disclosure import HIDDEN, SMALL, WITHHELD, exact
from bot.services.campaigns.stats import LEVEL_KEYS, LEVELS, CampaignStats
from bot.services.dashboard import ELSEWHERE, CampaignFigures, questions
from bot.services.downloads import FiguresPart
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

COMMENTS_UP_TO = 400
PER_PART = 25  # campaigns whose figures go to the worker together, on average
NO_SHARE = "–"  # a share of nobody: no one started
NOTED = frozenset({SMALL, HIDDEN, WITHHELD})  # what a protected figure shows, a note each
Rows = Sequence[Sequence[Value | Cell]]  # a sheet's rows laid out: cells, or figures to write
# What `_part` looks for in each of thousands of cells, as tuples made once: `Figure | Share`
# in its loop would make a new union for each cell (a tenth of its time).
LAID_OUT = (Figure, Share)  # a figure as the pages lay it out, written as its cell
FIGURES = (int, Note, Percent)  # cells that make their column one of figures


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


def part_sizes(campaigns: int) -> list[int]:
    """How many campaigns' figures each part of a workbook holds: PER_PART on average, the
    first the largest and each one smaller (100 campaigns: 40, 30, 20, 10). The worker writes
    a part while the next is counted, and a campaign takes it about half as long to write as
    to count, so it keeps up with parts that shrink; what is left when the last figures are
    counted, the last part and the save, is then little."""
    parts = max(1, math.ceil(campaigns / PER_PART))
    weights = range(parts, 0, -1)
    total = sum(weights)
    bounds = [0, *(round(campaigns * done / total) for done in itertools.accumulate(weights))]
    return [high - low for low, high in itertools.pairwise(bounds) if high > low]


def _widths(header: Sequence[str], rows: Iterable[Sequence[Value]]) -> list[int]:
    """Each column's width in characters: its longest text, 16 for a time, 10 for the rest."""
    widths = [len(text) for text in header]
    for row in rows:
        for column, value in enumerate(row):
            if isinstance(value, str):
                width = len(value)
            elif isinstance(value, datetime):
                width = 16
            else:
                width = 10
            if width > widths[column]:
                widths[column] = width
    return widths


def _part(sheet: int, rows: Rows, *, first_row: int, columns: Columns | None) -> SheetPart:
    """Rows as cells, the first of them on `first_row` of its sheet: a `Figure` or `Share` as
    its cell (`_figure`), the rest as it is. A column with a number, a `Note` or a `Percent`
    is one of figures; a `Note` is a protected cell, noted in runs along its row."""
    protected: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    figure_columns: set[int] = set()
    cells: list[list[Cell]] = []
    for number, row in enumerate(rows, start=first_row):
        line: list[Cell] = []
        for column, value in enumerate(row, start=1):
            if isinstance(value, LAID_OUT):
                value = _figure(value)
            if isinstance(value, FIGURES):
                figure_columns.add(column)
                if isinstance(value, Note):
                    runs = protected[value.kind]
                    if runs and runs[-1][0] == number and runs[-1][2] == column - 1:
                        runs[-1] = (number, runs[-1][1], column)
                    else:
                        runs.append((number, column, column))
            line.append(value)
        cells.append(line)
    return SheetPart(sheet, cells, columns, dict(protected), frozenset(figure_columns))


def _figure(value: Figure | Share) -> Cell:
    """A figure or share as written: its number, a share as a percentage, "–" for a share of
    nobody, or the `Note` of a protected one."""
    if isinstance(value, Figure):
        return _shown(value.shown)
    if value.percent is not None:
        return Percent(value.percent / 100)
    return Note("share") if value.protected else NO_SHARE


@functools.cache
def _shown(shown: str) -> int | Note:
    """A figure as the pages show it ("12", "<5", "x", "–"), as written: its number, or the
    `Note` of a protected one. A handful of values recur in thousands of cells."""
    number = exact(shown)
    if number is not None:
        return number
    return Note(shown if shown in NOTED else HIDDEN)


class _Book:
    """A workbook the drawing worker writes for this download (`async with`): its parts are
    sent as they are laid out (`send`) and written in the order sent; `saved` waits for the
    last. A download that fails or is left lets the worker forget it."""

    def __init__(self, titles: list[str], *, locale: str) -> None:
        self.key = secrets.token_hex(8)
        self.titles = titles
        self.locale = locale
        self.sent: list[asyncio.Future[bytes | None]] = []
        self.rows = [0] * len(titles)  # rows sent, per sheet (below its header)

    async def __aenter__(self) -> _Book:
        return self

    async def __aexit__(self, error: type[BaseException] | None, *_details: object) -> None:
        if error is not None:
            self._drop()

    def part(self, sheet: int, rows: Rows, columns: Columns | None = None) -> SheetPart:
        """The next rows of a sheet (with its `columns`, the first time)."""
        part = _part(sheet, rows, first_row=self.rows[sheet] + 2, columns=columns)
        self.rows[sheet] += len(rows)
        return part

    def send(self, parts: list[SheetPart], *, comments: bool = False, last: bool = False) -> None:
        opening = None
        if not self.sent:
            opening = Opening(self.titles, self.locale, notes(), _("Protected"), comments)
        job = BookPart(self.key, parts, opening, last)
        self.sent.append(start_document(draw.workbook, job))

    async def saved(self) -> bytes:
        body = (await asyncio.gather(*self.sent))[-1]
        if body is None:
            raise RuntimeError("the workbook's last part was not sent")
        return body

    def _drop(self) -> None:
        for sent in self.sent:
            sent.cancel()  # parts not started are not written
        with contextlib.suppress(RuntimeError):  # no loop any more: the worker goes with it
            start_document(draw.workbook_drop, self.key)


class _FiguresLayout:
    """The four sheets of the figures of these campaigns (in this order), for any part of
    them: their columns (`columns`) and the rows of some of the campaigns (`rows`)."""

    def __init__(
        self,
        campaigns: Sequence[Campaign],
        *,
        organisations: Mapping[int, str],
        tz: ZoneInfo,
        links: Links | None,
    ) -> None:
        self.campaigns = campaigns
        self.organisations = organisations
        self.tz = tz
        self.links = links
        # An organisation's column only where there is more than one (an admin's download).
        # The other sheets name the campaign (and its organisation) only, on each of their
        # rows: the funnel has its municipality and code.
        self.several = len({c.organisation_id for c in campaigns}) > 1
        front = [_("Campaign"), *([_("Organisation")] if self.several else [])]
        self.front_columns = len(front)
        labels = funnel_labels()
        levels = [level_label(level) for level in LEVELS]
        self.titles = [_("Funnel"), _("Per week"), _("Levels"), _("Where owners stop")]
        self.headers = [
            [],  # the funnel's: `exports.figures_table`
            [*front, _("Week of (Monday)"), labels["started"], labels["finished"], *levels],
            [*front, labels["finished"], *levels],
            [
                *front,
                _("Question"),
                labels["in_progress"],
                labels["abandoned"],
                _("Share of starters who stopped here"),
            ],
        ]
        self.asked: dict[tuple[str, str], str] = {}  # each question's words, translated once

    def _front(self, campaign: Campaign) -> list[Value]:
        front: list[Value] = [campaign.name]
        if self.several:
            front.append(self.organisations.get(campaign.organisation_id or 0, ""))
        return front

    def _question(self, text: str, label: str) -> str:
        words = self.asked.get((text, label))
        if words is None:
            words = self.asked[(text, label)] = f"{_(text)} ({_(label)})"
        return words

    def _funnel(self, rows: Iterable[tuple[Campaign, Mapping[str, str]]]) -> Table:
        return figures_table(
            rows,
            organisations=self.organisations,
            tz=self.tz,
            levels=False,
            organisation=self.several,
            links=self.links,
        )

    def columns(self) -> list[Columns]:
        """Each sheet's header and widths, from every text its columns can hold: each
        campaign's own cells (its funnel row as that of a campaign nobody came through yet:
        the texts are the same), and each question's words."""
        nobody = CampaignStats().cells()
        funnel = self._funnel((c, nobody) for c in self.campaigns)
        fronts = [self._front(c) for c in self.campaigns]
        blank: list[Value] = [""] * self.front_columns
        asked = [
            [*blank, self._question(text, label)] for _i, text, label in [*questions(), ELSEWHERE]
        ]
        weeks, levels, stops = self.headers[1:]
        return [
            Columns(funnel.header, _widths(funnel.header, funnel.rows)),
            Columns(weeks, _widths(weeks, fronts)),
            Columns(levels, _widths(levels, fronts)),
            Columns(stops, _widths(stops, [*fronts, *asked])),
        ]

    def rows(self, figures: Sequence[CampaignFigures]) -> list[Rows]:
        """The rows of these campaigns' figures, for each sheet."""
        weeks: list[Sequence[Value | Cell]] = []
        levels: list[Sequence[Value | Cell]] = []
        stops: list[Sequence[Value | Cell]] = []
        for found in figures:
            front = self._front(found.campaign)
            # A week in which nobody started or finished, and a question nobody is at, have
            # no row (the About sheet says so): most weeks of a long campaign and most
            # questions are empty, and every row is cells to write, for each campaign. Both
            # are funnel figures, shown exactly, so leaving the row out says no more than
            # its zeros did.
            for week in found.weeks:
                shown = week.cells
                if _none(shown, "started", "finished"):
                    continue
                weeks.append(
                    [
                        *front,
                        week.start,
                        _shown(shown["started"]),
                        _shown(shown["finished"]),
                        *(_shown(shown[key]) for key in LEVEL_KEYS),
                    ]
                )
            shown = found.cells
            levels.append(
                [*front, _shown(shown["finished"]), *(_shown(shown[key]) for key in LEVEL_KEYS)]
            )
            for stop in found.stops:
                if _none(stop.cells, "busy", "stopped"):
                    continue
                stops.append(
                    [
                        *front,
                        self._question(stop.text, stop.label),
                        _shown(stop.cells["busy"]),
                        _shown(stop.cells["stopped"]),
                        _figure(share(stop.cells["stopped"], shown["started"])),
                    ]
                )
        funnel = self._funnel((f.campaign, f.cells) for f in figures)
        return [funnel.rows, weeks, levels, stops]


def _none(cells: Mapping[str, str], *keys: str) -> bool:
    """Each of these figures shown exactly as 0 (a protected one is never taken for a 0)."""
    return all(cells[key] == "0" for key in keys)


def _about(title: str, *, zone: str, made: datetime) -> Table:
    small = notes()
    return Table(
        [_("About"), title],
        [
            [
                _("Made on ({zone})").format(zone=zone),
                local_time(made, ZoneInfo(zone)).replace(microsecond=0),
            ],
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


async def figures_xlsx(
    campaigns: Sequence[Campaign],
    figures: AsyncIterable[FiguresPart],
    *,
    organisations: Mapping[int, str],
    zone: str,
    made: datetime,
    locale: str,
    title: str,
    links: Links | None = None,
) -> bytes:
    """The figures of these campaigns since their start (with their links, when given), and a
    sheet that says what it is. `figures`: theirs, in order, in parts (of `part_sizes`:
    downloads.figures_in_parts); each part is written while the next is counted."""
    layout = _FiguresLayout(campaigns, organisations=organisations, tz=ZoneInfo(zone), links=links)
    about = _about(title, zone=zone, made=made)
    columns: list[Columns | None] = list(layout.columns())
    async with _Book([*layout.titles, _("About")], locale=locale) as book:
        explained = Columns(about.header, _widths(about.header, about.rows), filters=False)
        parts = [book.part(len(layout.titles), about.rows, explained)]
        async for some in figures:
            rows = layout.rows(some.figures)
            parts += [book.part(sheet, rows[sheet], columns[sheet]) for sheet in range(4)]
            columns = [None] * len(columns)
            # A workbook of one part: its notes counted before it is opened.
            few = sum(part.notes for part in parts) <= COMMENTS_UP_TO
            book.send(parts, comments=few and some.last and not book.sent, last=some.last)
            parts = []
        if not book.sent:  # no campaign: the sheets' headers alone
            parts += [book.part(sheet, [], columns[sheet]) for sheet in range(4)]
            book.send(parts, last=True)
        return await book.saved()


async def contacts_xlsx(
    campaign: Campaign, consents: Iterable[ContactConsent], *, zone: str, locale: str
) -> bytes:
    """The consented contacts of a campaign: what each business chose to share."""
    table = contacts_table(campaign, consents, zone=zone)
    phone = table.header.index(_("Phone")) + 1
    columns = Columns(table.header, _widths(table.header, table.rows), frozenset({phone}))
    async with _Book([_("Contacts")], locale=locale) as book:
        book.send([book.part(0, table.rows, columns)], comments=True, last=True)
        return await book.saved()
