"""Funnel statistics per campaign and period; aggregate only, small cells suppressed.

Counted are the owners attributed to the campaign (their first campaign) who arrived in the
period. started = finished + in progress + abandoned; abandoned means no activity for
`abandoned_after` and no result.

Suppression is complementary: a figure under five is shown as "<5", and where a total is shown
beside its parts (finished = the levels, started = in progress + finished + abandoned, arrived =
started + those who never started), more cells are hidden as "x" until no small figure can be
worked out by subtraction: "finished 6" beside "no step yet 6" would say every other level is 0.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Table, func
from sqlmodel import SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db.models import (
    Campaign,
    ContactConsent,
    IntakeSession,
    Result,
    UserCampaign,
    as_utc,
    utcnow,
)

SMALL_CELL = 5
SMALL, HIDDEN = "<5", "x"
LEVELS = ("none", "trede_1", "trede_2", "trede_3")
FUNNEL = ("arrived", "started", "in_progress", "finished", "abandoned")
NOT_STARTED = "not_started"  # arrived, never started: not shown, but arrived - started
# total = sum of parts, for every total shown beside its parts.
EQUATIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("finished", tuple(f"level_{level}" for level in LEVELS)),
    ("started", ("in_progress", "finished", "abandoned")),
    ("arrived", ("started", NOT_STARTED)),
)


def cell(count: int) -> str:
    """Fewer than five owners is shown as "<5", so no single business can be singled out."""
    return SMALL if count < SMALL_CELL else str(count)


def _violated(
    total: str, parts: tuple[str, ...], values: Mapping[str, int], hidden: set[str]
) -> bool:
    hidden_parts = [part for part in parts if part in hidden]
    if total in hidden:
        return not hidden_parts  # a hidden total that its shown parts add up to
    if not hidden_parts:
        return False
    # Total minus the shown parts gives the hidden parts' sum: it must not be small, and must
    # not be one hidden cell's value (unless that is the never-shown "not started", when big).
    alone = len(hidden_parts) == 1 and hidden_parts[0] != NOT_STARTED
    return alone or sum(values[part] for part in hidden_parts) < SMALL_CELL


def protect(values: Mapping[str, int]) -> dict[str, str]:
    """Every figure as shown: "<5" for small ones, "x" for those hidden so that no small
    figure follows by subtraction from a total; `values` has every key of the equations.

    The fewest extra cells are hidden (then levels before the funnel, then the smallest
    figures). With nine figures at most, trying every choice is cheap, and one is always
    found, since hiding all of them is safe.
    """
    small = {key for key, value in values.items() if value < SMALL_CELL} | {NOT_STARTED}
    in_sums = {key for total, parts in EQUATIONS for key in (total, *parts)}
    candidates = sorted(key for key in values if key in in_sums and key not in small)

    def safe(hidden: set[str]) -> bool:
        return not any(_violated(t, parts, values, hidden) for t, parts in EQUATIONS)

    hidden = small
    for size in range(len(candidates) + 1):
        choices = [
            small | set(extra)
            for extra in itertools.combinations(candidates, size)
            if safe(small | set(extra))
        ]
        if choices:
            # Keep the funnel where possible (a level is the detail), then the bigger figures.
            hidden = min(
                choices,
                key=lambda chosen: (
                    len(chosen & set(FUNNEL)),
                    sum(values[key] for key in chosen),
                    sorted(chosen),
                ),
            )
            break
    return {
        key: cell(value) if value < SMALL_CELL else HIDDEN if key in hidden else str(value)
        for key, value in values.items()
        if key != NOT_STARTED
    }


@dataclass
class CampaignStats:
    arrived: int = 0
    started: int = 0
    in_progress: int = 0
    finished: int = 0
    abandoned: int = 0
    levels: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LEVELS, 0))
    opted_in: int = 0
    reminders_sent: int = 0
    consented: int = 0

    def cells(self) -> dict[str, str]:
        """Every figure as shown to staff (suppressed, complementarily); level keys are
        "level_<level>"."""
        raw = asdict(self)
        levels = raw.pop("levels")
        raw.update({f"level_{key}": value for key, value in levels.items()})
        raw[NOT_STARTED] = self.arrived - self.started
        return protect(raw)


def _optional_table(name: str) -> Table | None:
    """Tables of other features (reminders) are counted when they exist in this build."""
    return SQLModel.metadata.tables.get(name)


async def campaigns_stats(
    session: AsyncSession,
    *,
    campaigns: Sequence[Campaign],
    since: datetime | None,
    abandoned_after: timedelta,
    now: datetime | None = None,
) -> dict[int, CampaignStats]:
    """The figures of each campaign (by id), in a handful of grouped queries for all of them:
    an owner counts for the one campaign they are attributed to (their first)."""
    now = now or utcnow()
    ids = [c.id or 0 for c in campaigns]
    stats = {campaign_id: CampaignStats() for campaign_id in ids}
    if not ids:
        return stats
    first_arrivals = select(UserCampaign.user_id, UserCampaign.campaign_id).where(
        col(UserCampaign.campaign_id).in_(ids), col(UserCampaign.first).is_(True)
    )
    if since is not None:
        first_arrivals = first_arrivals.where(col(UserCampaign.joined_at) >= since)
    campaign_of = {
        user_id: campaign_id for user_id, campaign_id in await session.exec(first_arrivals)
    }
    members = (
        select(UserCampaign.user_id)
        .where(col(UserCampaign.campaign_id).in_(ids), col(UserCampaign.first).is_(True))
        .where(*([col(UserCampaign.joined_at) >= since] if since is not None else []))
        .scalar_subquery()
    )
    for campaign_id in campaign_of.values():
        stats[campaign_id].arrived += 1

    activity = await session.exec(
        select(IntakeSession.user_id, func.max(IntakeSession.updated_at))
        .where(col(IntakeSession.user_id).in_(members))
        .group_by(col(IntakeSession.user_id))
    )
    last_activity = {user_id: as_utc(moment) for user_id, moment in activity}
    latest_level: dict[int, tuple[int, str]] = {}
    for result_id, user_id, level in await session.exec(
        select(Result.id, Result.user_id, Result.level).where(col(Result.user_id).in_(members))
    ):
        if user_id not in latest_level or latest_level[user_id][0] < (result_id or 0):
            latest_level[user_id] = (result_id or 0, level)

    for user_id in set(last_activity) | set(latest_level):
        figures = stats[campaign_of[user_id]]
        figures.started += 1
        if user_id in latest_level:
            level = latest_level[user_id][1]
            figures.finished += 1
            figures.levels[level if level in figures.levels else "none"] += 1
        elif now - last_activity[user_id] > abandoned_after:
            figures.abandoned += 1
        else:
            figures.in_progress += 1

    prefs = _optional_table("reminder_prefs")
    if prefs is not None and "roadmap_on" in prefs.c:
        opted: ColumnElement[bool] = prefs.c.roadmap_on.is_(True)
        if "trede_on" in prefs.c:
            opted = opted | prefs.c.trede_on.is_(True)
        for user_id in await session.exec(
            select(prefs.c.user_id).where(prefs.c.user_id.in_(members), opted)
        ):
            stats[campaign_of[user_id]].opted_in += 1
    reminders = _optional_table("reminders")
    if reminders is not None and "state" in reminders.c:
        for user_id, count in await session.exec(
            select(reminders.c.user_id, func.count())
            .where(reminders.c.user_id.in_(members), reminders.c.state == "sent")
            .group_by(reminders.c.user_id)
        ):
            stats[campaign_of[user_id]].reminders_sent += int(count)

    consents = (
        select(ContactConsent.campaign_id, func.count())
        .where(col(ContactConsent.campaign_id).in_(ids), ContactConsent.status == "given")
        .group_by(col(ContactConsent.campaign_id))
    )
    if since is not None:
        consents = consents.where(col(ContactConsent.given_at) >= since)
    for campaign_id, count in await session.exec(consents):
        stats[campaign_id].consented = int(count)
    return stats


def period_start(days: int, *, now: datetime | None = None) -> datetime | None:
    """0 days is "since the start"."""
    return None if days <= 0 else (now or utcnow()) - timedelta(days=days)
