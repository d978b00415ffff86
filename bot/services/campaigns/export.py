"""CSV for staff: aggregates per campaign (suppressed) and consented contacts.

Cells are quoted by the csv module (commas, quotes, newlines); text that a spreadsheet would
run as a formula (leading = + - @, tab or CR) gets a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import datetime

from bot.db.models import Campaign, ContactConsent
from bot.services.campaigns.stats import FUNNEL, LEVELS, WEB_FUNNEL, CampaignStats

STATS_COLUMNS = (
    "campaign_code",
    "campaign_name",
    "municipality",
    "period_from",
    "period_to",
    *FUNNEL,
    *WEB_FUNNEL,  # of each funnel figure, the owners in the browser
    *(f"level_{level}" for level in LEVELS),
    "opted_in_checkins",
    "reminders_sent",
    "consented_contacts",
)
CONTACT_COLUMNS = (
    "campaign_code",
    "campaign_name",
    "consented_at",
    "organisation",
    "contact_name",
    "phone",
    "indicative_level",
    "consent_text",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_bytes(
    header: Sequence[str], rows: Iterable[Sequence[object]], *, delimiter: str = ","
) -> bytes:
    """A CSV file: every cell through `safe`, CRLF lines, UTF-8 with a BOM; `delimiter` ";"
    for spreadsheets set to Dutch (their decimal separator is the comma)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe(value) for value in row])
    # A BOM so spreadsheet programs read the accents as UTF-8.
    return buffer.getvalue().encode("utf-8-sig")


def _iso(moment: datetime | None) -> str:
    return moment.isoformat(timespec="seconds") if moment else ""


def stats_csv(
    rows: Iterable[tuple[Campaign, CampaignStats]], *, since: datetime | None, until: datetime
) -> bytes:
    def row(campaign: Campaign, stats: CampaignStats) -> list[object]:
        cells = stats.cells()
        return [
            campaign.code,
            campaign.name,
            campaign.municipality,
            _iso(since),
            _iso(until),
            *(cells[key] for key in (*FUNNEL, *WEB_FUNNEL)),
            *(cells[f"level_{level}"] for level in LEVELS),
            cells["opted_in"],
            cells["reminders_sent"],
            cells["consented"],
        ]

    return csv_bytes(STATS_COLUMNS, (row(c, s) for c, s in rows))


def contacts_csv(rows: Iterable[tuple[Campaign, ContactConsent]]) -> bytes:
    return csv_bytes(
        CONTACT_COLUMNS,
        (
            [
                campaign.code,
                campaign.name,
                _iso(consent.given_at),
                consent.org_name,
                consent.contact_name,
                consent.phone,
                consent.level,
                consent.consent_text,
            ]
            for campaign, consent in rows
        ),
    )
