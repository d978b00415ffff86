"""The grouped queries behind the campaign figures (bot/services/campaigns/stats.py and the
dashboard's weeks and stops): a handful of statements for any number of campaigns.

An owner counts for the one campaign they are attributed to (their first); `since` keeps only
those who arrived since then (None: since the start). Owners of both channels (Telegram and the
browser: users.channel) are counted alike; `arrivals` says which channel each one is on.

They select columns, never models, and run on the session's connection (SQLAlchemy Core:
`_rows`), in its transaction: Core's rows, read by position. Through the ORM session each of
the 10,000 owners' rows of `make bench-dashboard` also went through the ORM's loading of
results (a column tuple made per row, in Python), the larger part of their reading time. (Core
does not flush the session first, as the ORM would: nothing is pending here, since every write
is committed in its own `transactions.write` block.)
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Executable, Table, case, func
from sqlalchemy import select as sa_select  # typed for more than four columns
from sqlmodel import SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db.models import SCAN, WEB, ContactConsent, Conversation, Result, User, UserCampaign


def _attributed(campaign_ids: Sequence[int], since: datetime | None) -> Any:
    """The attributed owners, as a subquery."""
    return (
        select(UserCampaign.user_id)
        .where(col(UserCampaign.campaign_id).in_(campaign_ids), col(UserCampaign.first).is_(True))
        .where(*([col(UserCampaign.joined_at) >= since] if since is not None else []))
        .scalar_subquery()
    )


async def _rows(session: AsyncSession, statement: Executable) -> Sequence[Sequence[Any]]:
    """The rows of a SELECT of columns, in the session's transaction, without the ORM."""
    connection = await session.connection()
    return (await connection.execute(statement)).all()


def _optional_table(name: str) -> Table | None:
    """Tables of other features (reminders) are counted when they exist in this build."""
    return SQLModel.metadata.tables.get(name)


async def arrivals(
    session: AsyncSession, *, campaign_ids: Sequence[int]
) -> list[tuple[int, int, datetime, bool]]:
    """(user id, campaign id, arrived at, in the browser) of every attributed owner, the last
    read in the same statement: whether their users.channel is "web". Only a negative id can
    be (Telegram's ids are positive: bot/db/models/users.py), so only those rows look up their
    user, and a campaign of Telegram owners costs no more than before."""
    in_browser = case(
        (
            col(UserCampaign.user_id) < 0,
            select(User.channel).where(col(User.id) == col(UserCampaign.user_id)).scalar_subquery()
            == WEB,
        ),
        else_=False,
    )
    rows = await _rows(
        session,
        select(
            UserCampaign.user_id, UserCampaign.campaign_id, UserCampaign.joined_at, in_browser
        ).where(col(UserCampaign.campaign_id).in_(campaign_ids), col(UserCampaign.first).is_(True)),
    )
    return [(user_id, campaign_id, joined, bool(web)) for user_id, campaign_id, joined, web in rows]


async def consent_times(
    session: AsyncSession, *, campaign_ids: Sequence[int]
) -> list[tuple[int, datetime | None]]:
    """(campaign id, given at) of every consent given to these campaigns."""
    rows = await _rows(
        session,
        select(ContactConsent.campaign_id, ContactConsent.given_at).where(
            col(ContactConsent.campaign_id).in_(campaign_ids), ContactConsent.status == "given"
        ),
    )
    return [(campaign_id, given) for campaign_id, given in rows]


async def last_activity(
    session: AsyncSession, *, campaign_ids: Sequence[int], since: datetime | None
) -> dict[int, datetime]:
    """When each attributed owner last moved a scan (only owners who started one)."""
    activity = await _rows(
        session,
        select(Conversation.user_id, func.max(Conversation.updated_at))
        .where(
            col(Conversation.user_id).in_(_attributed(campaign_ids, since)),
            Conversation.flow == SCAN,
        )
        .group_by(col(Conversation.user_id)),
    )
    return {user_id: moved for user_id, moved in activity}


async def result_levels(
    session: AsyncSession, *, campaign_ids: Sequence[int], since: datetime | None
) -> list[tuple[int | None, int, datetime, str]]:
    """(result id, user id, made at, level) of every result of the attributed owners."""
    rows = await _rows(
        session,
        select(Result.id, Result.user_id, Result.created_at, Result.level).where(
            col(Result.user_id).in_(_attributed(campaign_ids, since))
        ),
    )
    return [(result_id, user_id, made, level) for result_id, user_id, made, level in rows]


async def opted_in(
    session: AsyncSession, *, campaign_ids: Sequence[int], since: datetime | None
) -> list[int]:
    """The attributed owners who opted in to follow-up reminders."""
    prefs = _optional_table("reminder_prefs")
    if prefs is None or "roadmap_on" not in prefs.c:
        return []
    opted: ColumnElement[bool] = prefs.c.roadmap_on.is_(True)
    if "trede_on" in prefs.c:
        opted = opted | prefs.c.trede_on.is_(True)
    members = _attributed(campaign_ids, since)
    rows = await _rows(session, select(prefs.c.user_id).where(prefs.c.user_id.in_(members), opted))
    return [user_id for (user_id,) in rows]


async def reminders_sent(
    session: AsyncSession, *, campaign_ids: Sequence[int], since: datetime | None
) -> list[tuple[int, int]]:
    """(user id, reminders sent to them) for the attributed owners."""
    reminders = _optional_table("reminders")
    if reminders is None or "state" not in reminders.c:
        return []
    rows = await _rows(
        session,
        select(reminders.c.user_id, func.count())
        .where(
            reminders.c.user_id.in_(_attributed(campaign_ids, since)),
            reminders.c.state == "sent",
        )
        .group_by(reminders.c.user_id),
    )
    return [(user_id, int(count)) for user_id, count in rows]


# --- campaigns over time (the dashboard) -----------------------------------------------------
async def scans(
    session: AsyncSession, *, campaign_ids: Sequence[int]
) -> list[tuple[int | None, int, str, datetime, datetime]]:
    """(scan id, user id, position, started at, last moved at) of every scan of the
    attributed owners: what `last_activity` groups, row by row."""
    rows = await _rows(
        session,
        sa_select(
            col(Conversation.id),
            col(Conversation.user_id),
            col(Conversation.position),
            col(Conversation.started_at),
            col(Conversation.updated_at),
        ).where(
            col(Conversation.user_id).in_(_attributed(campaign_ids, None)),
            col(Conversation.flow) == SCAN,
        ),
    )
    return [(scan_id, user_id, at, began, moved) for scan_id, user_id, at, began, moved in rows]
