"""The dashboard's list of campaigns, for any number of them: searched by name or municipality,
sorted by any column, a page at a time, with totals over every campaign found.

Figures are the campaigns' funnels since the start, exact (docs/disclosure.md: the funnel says
nothing about any owner's business; the levels, which are protected, are not in the list), so
sorting by a figure sorts by the number and the totals are plain sums.
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
from bot.services.campaigns.stats import web_key
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
    totals: dict[str, str]  # per figure (and "web_<figure>"), the sum over those found
    page: int  # from 0, clamped to the last page
    pages: int


def folded(text: str) -> str:
    """Text to compare with a search: without case or accents ("súdwest" is "Sudwest")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _figure_key(key: str) -> Callable[[Row], int]:
    return lambda row: int(row[1][key])


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


def totals(rows: list[Row]) -> dict[str, str]:
    """Each figure, and its part in the browser ("web_<figure>"), summed over the rows (funnel
    figures are exact)."""
    keys = (*FIGURES, *(web_key(key) for key in FIGURES))
    return {key: str(sum(int(cells[key]) for _campaign, cells in rows)) for key in keys}


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
    figures = await outreach.funnels(session, settings, matching) if matching else []
    rows = [(campaign, stats.funnel_cells()) for campaign, stats in figures]
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
