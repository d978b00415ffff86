"""Today's date where the owner is: the default `as_of` of an assessment.

Read from the ``TZ_NAME`` environment variable directly (the bot's settings use the same name);
pso does not import the bot. An unknown zone falls back to Europe/Amsterdam, as the bot's default.
"""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_ZONE = "Europe/Amsterdam"


def zone(name: str | None = None) -> ZoneInfo:
    name = name or os.environ.get("TZ_NAME") or DEFAULT_ZONE
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_ZONE)


def today(zone_name: str | None = None) -> dt.date:
    return dt.datetime.now(zone(zone_name)).date()
