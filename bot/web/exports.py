"""The dashboard's downloads as tables in the reader's language, and their CSV files.

A table's cells are typed (`Figure`, `Share`, dates, times, text), so the CSV (here) and the
Excel workbook (bot/web/workbook.py) lay out the same columns each in their own way. The CSV
is for tools: ";" between cells and a decimal comma for Dutch readers (what a Dutch
spreadsheet expects), "," and a decimal point for English ones; figures as shown ("<5", "x",
"–": docs/disclosure.md), dates as YYYY-MM-DD, times in the bot's time zone (TZ_NAME), named
in the header. Cells go through the bot's export rules (bot/services/campaigns/export.py:
quoting, a leading apostrophe before what a spreadsheet would run as a formula, a BOM for the
accents).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from aiogram.utils.i18n import gettext as _
from babel.numbers import format_decimal

from bot.db.codes import deep_link, landing_link
from bot.db.models import Campaign, ContactConsent, as_utc
from bot.services.campaigns.disclosure import exact
from bot.services.campaigns.export import csv_bytes
from bot.services.campaigns.stats import FUNNEL, LEVELS, web_key
from bot.ui.staff import level_label

DELIMITERS = {"nl": ";"}  # else ","


@dataclass(frozen=True)
class Figure:
    """A figure as shown (docs/disclosure.md): its number, "<5", "x" or "–"."""

    shown: str

    @property
    def number(self) -> int | None:
        """The figure when it is shown exactly; None for a protected one."""
        return exact(self.shown)


@dataclass(frozen=True)
class Share:
    """A percentage of two shown figures; None where one of them is protected (`protected`)
    or the whole is 0."""

    percent: float | None
    protected: bool = False


Value = str | date | datetime | Figure | Share | None


@dataclass(frozen=True)
class Links:
    """Where every campaign's two links point: its short web address (the landing page on
    `web_base`, the QR code's target) and its Telegram deep link (to the bot `bot`)."""

    web_base: str
    bot: str

    def of(self, campaign: Campaign) -> list[Value]:
        return [landing_link(self.web_base, campaign.code), deep_link(self.bot, campaign.code)]


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[Value]]


def share(part: str, whole: str) -> Share:
    """`part` of `whole` in percent, both as shown; only when both are shown exactly."""
    numerator, denominator = exact(part), exact(whole)
    if numerator is None or denominator is None:
        return Share(None, protected=True)
    return Share(100 * numerator / denominator) if denominator > 0 else Share(None)


def funnel_labels() -> dict[str, str]:
    return {
        "arrived": _("Arrived through the link"),
        "started": _("Started the scan"),
        "in_progress": _("In progress"),
        "finished": _("Finished"),
        "abandoned": _("Abandoned"),
    }


def web_labels() -> dict[str, str]:
    """The funnel's browser parts, by their keys ("web_<figure>"), as column headers."""
    return {
        web_key(key): _("{figure}: of whom in the browser").format(figure=label)
        for key, label in funnel_labels().items()
    }


def local_day(moment: datetime, tz: ZoneInfo) -> date:
    return as_utc(moment).astimezone(tz).date()


def local_time(moment: datetime, tz: ZoneInfo) -> datetime:
    """The wall-clock time in `tz`, without a zone (a spreadsheet cell has none: the header
    names it)."""
    return as_utc(moment).astimezone(tz).replace(tzinfo=None)


def campaign_columns(*, organisation: bool = True, links: bool = False) -> list[str]:
    return [
        _("Campaign"),
        _("Municipality"),
        *([_("Organisation")] if organisation else []),
        _("Code"),
        *([_("Web address (Telegram or the browser)"), _("Telegram link")] if links else []),
    ]


def campaign_cells(
    campaign: Campaign,
    organisations: Mapping[int, str],
    *,
    organisation: bool = True,
    links: Links | None = None,
) -> list[Value]:
    return [
        campaign.name,
        campaign.municipality,
        *([organisations.get(campaign.organisation_id or 0, "")] if organisation else []),
        campaign.code,
        *(links.of(campaign) if links is not None else []),
    ]


def figures_table(
    rows: Iterable[tuple[Campaign, Mapping[str, str]]],
    *,
    organisations: Mapping[int, str],
    tz: ZoneInfo,
    levels: bool = True,
    organisation: bool = True,
    links: Links | None = None,
) -> Table:
    """One row per campaign: its funnel since the start (both channels together, then of each
    figure those in the browser; with the levels, unless `levels` is False), as shown;
    `organisation`: with a column naming it; `links`: with its web address and Telegram link."""
    labels = funnel_labels()
    in_browser = web_labels()
    header = [
        *campaign_columns(organisation=organisation, links=links is not None),
        _("Created"),
        _("Closed"),
        *(labels[key] for key in FUNNEL),
        *(in_browser[web_key(key)] for key in FUNNEL),
        _("Finished of those who started (%)"),
        *(
            (_("Level: {level}").format(level=level_label(level)) for level in LEVELS)
            if levels
            else ()
        ),
        _("Opted in to check-ins"),
        _("Reminders sent"),
        _("Consented contacts"),
    ]
    table = Table(header, [])
    for campaign, cells in rows:
        table.rows.append(
            [
                *campaign_cells(campaign, organisations, organisation=organisation, links=links),
                local_day(campaign.created_at, tz),
                local_day(campaign.closed_at, tz) if campaign.closed_at else None,
                *(Figure(cells[key]) for key in FUNNEL),
                *(Figure(cells[web_key(key)]) for key in FUNNEL),
                share(cells["finished"], cells["started"]),
                *((Figure(cells[f"level_{level}"]) for level in LEVELS) if levels else ()),
                Figure(cells["opted_in"]),
                Figure(cells["reminders_sent"]),
                Figure(cells["consented"]),
            ]
        )
    return table


def contacts_table(campaign: Campaign, consents: Iterable[ContactConsent], *, zone: str) -> Table:
    tz = ZoneInfo(zone)
    header = [
        _("Campaign"),
        _("Consent given on ({zone})").format(zone=zone),
        _("Organisation"),
        _("Contact person"),
        _("Phone"),
        _("Indicative level"),
        _("Wording of the consent"),
    ]
    return Table(
        header,
        [
            [
                campaign.name,
                local_time(consent.given_at, tz) if consent.given_at else None,
                consent.org_name or "",
                consent.contact_name or "",
                consent.phone or "",
                level_label(consent.level) if consent.level else "",
                consent.consent_text,
            ]
            for consent in consents
        ],
    )


def _text(value: Value, locale: str) -> str:
    if value is None:
        return ""
    if isinstance(value, Figure):
        return value.shown
    if isinstance(value, Share):
        if value.percent is None:
            return ""
        return format_decimal(value.percent, format="0.0", locale=locale)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return value


def table_csv(table: Table, *, locale: str) -> bytes:
    return csv_bytes(
        table.header,
        ([_text(value, locale) for value in row] for row in table.rows),
        delimiter=DELIMITERS.get(locale, ","),
    )


def figures_csv(
    rows: Iterable[tuple[Campaign, Mapping[str, str]]],
    *,
    organisations: Mapping[int, str],
    tz: ZoneInfo,
    locale: str,
    links: Links,
) -> bytes:
    """One row per campaign, since its start, with its links; figures as shown (small cells
    protected)."""
    return table_csv(
        figures_table(rows, organisations=organisations, tz=tz, links=links), locale=locale
    )


def contacts_csv(
    campaign: Campaign, consents: Iterable[ContactConsent], *, zone: str, locale: str
) -> bytes:
    return table_csv(contacts_table(campaign, consents, zone=zone), locale=locale)


# --- file names -------------------------------------------------------------------------------
def slug(text: str, *, limit: int = 40) -> str:
    """ASCII for a file name: "Ondernemersavond Súdwest" is "ondernemersavond-sudwest"."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:limit].strip("-")


def filename(kind: str, campaign: Campaign | None, day: date, extension: str) -> str:
    """A download's name in the reader's language: `kind` "figures" or "contacts", of one
    campaign (its name, else its code) or, for figures, of all."""
    stamp = day.isoformat()
    if campaign is None:
        name = _("figures-all-campaigns-{date}").format(date=stamp)
    else:
        of = slug(campaign.name) or campaign.code
        named = (
            _("contacts-{campaign}-{date}")
            if kind == "contacts"
            else _("figures-{campaign}-{date}")
        )
        name = named.format(campaign=of, date=stamp)
    return f"{name}.{extension}"
