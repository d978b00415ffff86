"""The dashboard's list of campaigns, for any number of them: searched by name or municipality,
sorted by any column, a page at a time, with totals over every campaign found.

Figures are the campaigns' figures since the start as shown (bot/services/campaigns/stats.py
decides what is protected). Sorting by a figure sorts by what is shown, so the order says
nothing that the cells do not: "<5" first, then "x" (hidden, and never under five), then the
shown numbers. A total is shown only when every campaign's figure in it is shown: it is then
their sum, which anyone could add up; with one hidden, it would give the hidden ones away.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.config import Settings
from bot.db import Session
from bot.db.models import Campaign
from bot.services import outreach
from bot.services.campaigns.roles import Staff
from bot.services.campaigns.stats import HIDDEN, SMALL
from dialogs.parse.phrases import clean_text

PAGE_SIZE = 25
FIGURES = ("arrived", "started", "finished")  # the funnel's columns in the list
SORTS = ("name", "municipality", "organisation", *FIGURES, "created")
SEARCH_MAX = 100  # characters of a search that are used
# The order a column is sorted in when it is chosen: names A-Z, figures and dates high first.
FIRST_DESCENDING = frozenset({*FIGURES, "created"})
DEFAULT_SORT = "created"

Row = tuple[Campaign, dict[str, str]]


@dataclass(frozen=True)
class CampaignList:
    rows: list[Row]  # this page's campaigns with their figures as shown
    found: int  # campaigns that match the search (all this person sees without one)
    visible: int  # campaigns this person sees, found or not
    closed: int  # of those, closed
    totals: dict[str, str | None]  # per figure over those found; None: a part is hidden
    page: int  # from 0, clamped to the last page
    pages: int


def folded(text: str) -> str:
    """Text to compare with a search: without case or accents ("súdwest" is "Sudwest")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _figure_key(key: str) -> Callable[[Row], tuple[int, int]]:
    def rank(row: Row) -> tuple[int, int]:
        shown = row[1].get(key, "")
        if shown.isdigit():
            return (2, int(shown))
        return (1, 0) if shown == HIDDEN else (0, 0) if shown == SMALL else (-1, 0)

    return rank


def _sort_key(sort: str, organisations: Mapping[int, str]) -> Callable[[Row], Any]:
    if sort in FIGURES:
        return _figure_key(sort)
    if sort == "name":
        return lambda row: folded(row[0].name)
    if sort == "municipality":
        return lambda row: folded(row[0].municipality)
    if sort == "organisation":
        return lambda row: folded(organisations.get(row[0].organisation_id or 0, ""))
    return lambda row: (row[0].created_at, row[0].id or 0)


def totals(rows: list[Row]) -> dict[str, str | None]:
    """Each figure summed over the rows where every row shows it, else None."""
    summed: dict[str, str | None] = {}
    for key in FIGURES:
        cells = [cells.get(key, "") for _campaign, cells in rows]
        summed[key] = str(sum(int(c) for c in cells)) if all(c.isdigit() for c in cells) else None
    return summed


async def listing(
    session: Session,
    settings: Settings,
    staff: Staff,
    *,
    search: str = "",
    sort: str = DEFAULT_SORT,
    descending: bool = True,
    page: int = 0,
    organisations: Mapping[int, str] | None = None,
) -> CampaignList:
    """A page (from 0; past the end: the last) of the campaigns this person sees whose name or
    municipality holds `search` (any case or accents), sorted by `sort` (one of SORTS, else
    the newest first), ties by name. `organisations` names them for sorting by organisation."""
    wanted = folded(" ".join(search.split())[:SEARCH_MAX])
    everything = await outreach.visible(session, staff)
    matching = [
        campaign
        for campaign in everything
        if wanted in folded(campaign.name) or wanted in folded(campaign.municipality)
    ]
    figures = await outreach.figures(session, settings, matching, days=0) if matching else []
    rows = [(campaign, stats.cells()) for campaign, stats in figures]
    # Stable sorts: by name first, so that equal values keep the names in order.
    rows.sort(key=lambda row: (folded(row[0].name), row[0].id or 0))
    if sort not in SORTS:
        sort, descending = DEFAULT_SORT, True
    rows.sort(key=_sort_key(sort, organisations or {}), reverse=descending)
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    return CampaignList(
        rows=rows[page * PAGE_SIZE : (page + 1) * PAGE_SIZE],
        found=len(rows),
        visible=len(everything),
        closed=sum(1 for campaign, _cells in rows if campaign.closed_at is not None),
        totals=totals(rows),
        page=page,
        pages=pages,
    )


def missing(*, name: str, municipality: str) -> list[str]:
    """What the new-campaign form lacks ("name", "municipality"): blank, or only spaces."""
    given = {"name": name, "municipality": municipality}
    return [key for key, text in given.items() if not clean_text(text)]
