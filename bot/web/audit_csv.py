"""The audit trail as CSV (the audit page's download), in the reader's language: `;` between
cells for Dutch readers (Dutch Excel reads a comma as the decimal sign), `,` for English ones,
times in the dashboard's time zone with the zone named in the header, UTF-8 with a BOM.
Cells go through the bot's formula guard (bot/services/campaigns/export.py)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from aiogram.utils.i18n import gettext as _

from bot.services.campaigns.export import safe


@dataclass(frozen=True)
class AuditLine:
    at: datetime  # UTC
    kind: str  # the kind of event, in the reader's language
    actor: str  # "Name (id)", the id alone, or "" for none
    subject: str
    campaign: str
    organisation: str
    what: str  # the sentence, as on the page


def delimiter(locale: str) -> str:
    return ";" if locale == "nl" else ","


def audit_csv(lines: Sequence[AuditLine], *, locale: str, tz: ZoneInfo) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter(locale), lineterminator="\r\n")
    writer.writerow(
        [
            _("When ({zone})").format(zone=tz.key),
            _("Kind of event"),
            _("By"),
            _("About"),
            _("Campaign"),
            _("Organisation"),
            _("What happened"),
        ]
    )
    for line in lines:
        writer.writerow(
            [
                line.at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
                *(
                    safe(value)
                    for value in (
                        line.kind,
                        line.actor,
                        line.subject,
                        line.campaign,
                        line.organisation,
                        str(line.what),
                    )
                ),
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")
