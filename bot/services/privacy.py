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
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError

from bot.db import Session, transactions
from bot.db.models import AuditAction, Campaign, as_utc
from bot.db.repositories import audit, organisations, users
from bot.db.repositories import campaigns as stored_campaigns
from bot.db.repositories import privacy as stored_privacy
from bot.i18n import LOCALES, locale_from_telegram
from bot.logging_policy import who
from bot.runtime.documents import DOCUMENTS
from bot.services import accounts
from bot.ui import privacy as privacy_ui

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


@dataclass(frozen=True)
class ContactNotice:
    """Tell `user_id` (in `locale`) that these campaigns (name, code) lost their contact."""

    user_id: int
    locale: str
    campaigns: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Erasure:
    touched: bool  # anything was stored about them
    notices: tuple[ContactNotice, ...] = ()


async def erase_user(
    session: Session, *, user_id: int, admin_ids: frozenset[int] = frozenset()
) -> Erasure:
    """Apply every declared erase rule for this user; the caller commits (one transaction).
    The contacts for owners they typed go too; their organisation's staff (or, when it has
    none left, the admins) are to be told, in `Erasure.notices`."""
    cleared = await stored_campaigns.contacts_typed_by(session, user_id=user_id)
    erased = await stored_privacy.erase(session, user_id=user_id)
    DOCUMENTS.forget(user_id)  # their PDFs made for a tap, kept in memory
    if erased.was_staff:  # admins see in the trail why someone left the team (not who)
        await audit.record(session, action=AuditAction.STAFF_ERASED, actor_id=None)
    if erased.touched:
        log.info("a user's data erased (%d rows)", erased.touched)  # never their id
    notices = await _contact_notices(session, cleared, admin_ids=admin_ids - {user_id})
    return Erasure(bool(erased.touched), notices)


async def _contact_notices(
    session: Session, cleared: list[Campaign], *, admin_ids: frozenset[int]
) -> tuple[ContactNotice, ...]:
    by_reader: dict[int, list[tuple[str, str]]] = {}
    for campaign in cleared:
        readers: list[int] = []
        if campaign.organisation_id is not None:
            readers = await organisations.member_ids_of(
                session, organisation_id=campaign.organisation_id
            )
        for reader in readers or sorted(admin_ids):
            by_reader.setdefault(reader, []).append((campaign.name, campaign.code))
    notices = []
    for reader, campaigns in by_reader.items():
        account = await users.get_user(session, user_id=reader)
        if not accounts.reachable_by_telegram(account):
            continue  # readers are staff or admins, never web owners; guard all the same
        locale = (
            account.language
            if account is not None and account.language in LOCALES
            else locale_from_telegram(account.telegram_language if account else None)
        )
        notices.append(ContactNotice(reader, locale, tuple(campaigns)))
    return tuple(notices)


async def tell_contacts_cleared(bot: Bot, erasure: Erasure) -> None:
    """After the erasure is committed: ask the colleagues for a new contact."""
    for notice in erasure.notices:
        try:
            await bot.send_message(
                notice.user_id, privacy_ui.contact_cleared(notice.campaigns, notice.locale)
            )
        except TelegramAPIError as error:  # blocked the bot, never started it, ...
            log.warning("could not ask %s for a new contact: %s", who(notice.user_id), error)


async def fold_wal(session: Session) -> None:
    """After erasures are committed: nothing of them left in the SQLite WAL."""
    async with transactions.read(session):
        folded = await stored_privacy.fold_wal(session)
    if not folded:
        log.warning("the WAL could not be emptied after an erasure (busy); next erasure again")


async def export(session: Session, *, user_id: int, now: datetime) -> bytes:
    """/export: everything stored about the user, as a JSON document."""
    async with transactions.read(session):
        return export_json(await export_user(session, user_id=user_id, now=now))


async def erase(
    session: Session, *, user_id: int, admin_ids: frozenset[int] = frozenset()
) -> Erasure:
    """/delete: the user and everything that links to them, in one transaction; then the WAL
    is emptied, so no file holds what was erased."""
    async with transactions.write(session):
        erasure = await erase_user(session, user_id=user_id, admin_ids=admin_ids)
    await fold_wal(session)
    return erasure
