"""The day an assessment is made on, when its caller gives none: today in the Netherlands.

The bot always passes the day itself (`as_of`, from its injectable clock in the time zone of
TZ_NAME); this default serves `tredebot score` callers and tests. Nothing here reads the
environment.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

NETHERLANDS = ZoneInfo("Europe/Amsterdam")


def today(zone: dt.tzinfo = NETHERLANDS) -> dt.date:
    return dt.datetime.now(zone).date()
