"""CSV downloads of the dashboard, with headers and level names in the reader's language.

Cells go through the bot's export rules (bot/services/campaigns/export.py: quoting, a leading
apostrophe before what a spreadsheet would run as a formula, a BOM for the accents).
"""

from __future__ import annotations

from collections.abc import Iterable

from aiogram.utils.i18n import gettext as _

from bot.db.models import Campaign, ContactConsent
from bot.services.campaigns.export import csv_bytes
from bot.services.campaigns.stats import FUNNEL, LEVELS
from bot.ui.staff import level_label


def funnel_labels() -> dict[str, str]:
    return {
        "arrived": _("Arrived through the link"),
        "started": _("Started the scan"),
        "in_progress": _("In progress"),
        "finished": _("Finished"),
        "abandoned": _("Abandoned"),
    }


def figures_csv(rows: Iterable[tuple[Campaign, dict[str, str]]]) -> bytes:
    """One row per campaign, since its start; figures as shown (small cells suppressed)."""
    labels = funnel_labels()
    header = [
        _("Campaign"),
        _("Municipality"),
        _("Code"),
        _("Created"),
        _("Closed"),
        *(labels[key] for key in FUNNEL),
        *(_("Level: {level}").format(level=level_label(level)) for level in LEVELS),
        _("Opted in to check-ins"),
        _("Reminders sent"),
        _("Consented contacts"),
    ]
    return csv_bytes(
        header,
        (
            [
                campaign.name,
                campaign.municipality,
                campaign.code,
                campaign.created_at.date().isoformat(),
                campaign.closed_at.date().isoformat() if campaign.closed_at else "",
                *(cells[key] for key in FUNNEL),
                *(cells[f"level_{level}"] for level in LEVELS),
                cells["opted_in"],
                cells["reminders_sent"],
                cells["consented"],
            ]
            for campaign, cells in rows
        ),
    )


def contacts_csv(campaign: Campaign, consents: Iterable[ContactConsent]) -> bytes:
    header = [
        _("Campaign"),
        _("Consent given on"),
        _("Organisation"),
        _("Contact person"),
        _("Phone"),
        _("Indicative level"),
        _("Wording of the consent"),
    ]
    return csv_bytes(
        header,
        (
            [
                campaign.name,
                consent.given_at.isoformat(timespec="minutes") if consent.given_at else "",
                consent.org_name or "",
                consent.contact_name or "",
                consent.phone or "",
                level_label(consent.level) if consent.level else "",
                consent.consent_text,
            ]
            for consent in consents
        ),
    )
