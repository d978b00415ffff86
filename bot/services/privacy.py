"""Everything stored about one user: export it, or erase it in one go.

What is stored where, and what erasing does to it, is declared once in
`bot.db.personal_data.SCAN` (owners, staff and admins alike): rows found through a column
that holds the person's id are deleted, or keep their row with the id set to NULL (a campaign
for the organisation's statistics). A test walks the migrated schema and fails on any integer
or text column that is not declared there.
"""

from __future__ import annotations

import json
import logging
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from bot.db import Session, transactions
from bot.db.models import AuditAction, as_utc
from bot.db.repositories import audit
from bot.db.repositories import privacy as stored_privacy

log = logging.getLogger(__name__)

EXPORT_FORMAT = "tredebot-export/2"


def _plain(name: str, value: Any) -> Any:
    """Column values as JSON: times in ISO 8601 UTC, stored JSON text decoded."""
    if isinstance(value, datetime):
        return as_utc(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, str) and name.endswith("_json"):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


async def export_user(session: Session, *, user_id: int, now: datetime) -> dict[str, Any]:
    """Everything stored about the user, table by table, machine-readable. Other people's ids
    on the same rows (who invited them) are left out."""
    data: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "exported_at": as_utc(now).isoformat(),
        "user_id": user_id,
        "tables": {},
    }
    for entry, rows in await stored_privacy.exported_rows(session, user_id=user_id):
        others = {s.column for s in entry.subjects}
        data["tables"][entry.name] = [
            {
                name: None if name in others and value != user_id else _plain(name, value)
                for name, value in row.items()
            }
            for row in rows
        ]
    return data


def export_json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")


async def erase_user(session: Session, *, user_id: int) -> bool:
    """Apply every declared erase rule for this user; the caller commits (one transaction).
    True when anything was stored about them."""
    erased = await stored_privacy.erase(session, user_id=user_id)
    if erased.was_staff:  # admins see in the trail why someone left the team (not who)
        await audit.record(session, action=AuditAction.STAFF_ERASED, actor_id=None)
    if erased.touched:
        log.info("user %s erased", user_id)
    return bool(erased.touched)


async def export(session: Session, *, user_id: int, now: datetime) -> bytes:
    """/export: everything stored about the user, as a JSON document."""
    async with transactions.read(session):
        return export_json(await export_user(session, user_id=user_id, now=now))


async def erase(session: Session, *, user_id: int) -> bool:
    """/delete: the user and everything that links to them, in one transaction."""
    async with transactions.write(session):
        return await erase_user(session, user_id=user_id)
