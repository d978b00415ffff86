"""Funnel statistics per campaign and period; levels protected (docs/disclosure.md).

Counted are the owners attributed to the campaign (their first campaign) who arrived in the
period. started = finished + in progress + abandoned; abandoned means no activity for
`abandoned_after` and no result.

The funnel (arrived, started, in progress, finished, abandoned, and the check-ins, reminders
and consents) is shown exactly, 0 as 0: it says nothing about any owner's business. Owners in
Telegram and in the browser count alike; of each funnel figure, how many are in the browser is
shown apart ("web_<figure>", exact too). No protected table is split by channel, so the split
adds no sum that ties a level or a question to a channel. What a
business *is*, its level, is protected (bot/services/campaigns/disclosure.py): a level of one to
four owners is "<5", and more levels are hidden ("x"; a 0 becomes "<5") until no such figure can
be worked out: not from the total (finished), not from the weeks (their levels add up to the
levels since the start), and not by subtracting one period view from another (all, 90, 30 and 7
days: `protect_periods` protects them together, so every view shows the same whichever is
opened first).
"""

from __future__ import annotations

import functools
from bisect import bisect_right
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from bot.db import Session
from bot.db.models import Campaign, as_utc, utcnow
from bot.db.repositories import statistics
from bot.services.campaigns.disclosure import (
    HIDDEN,
    SMALL,
    SMALL_CELL,
    Figure,
    Tables,
    kept_tables,
    protect,
)

__all__ = ["HIDDEN", "SMALL", "SMALL_CELL"]

LEVELS = ("none", "trede_1", "trede_2", "trede_3")
LEVEL_KEYS = tuple(f"level_{level}" for level in LEVELS)
FUNNEL = ("arrived", "started", "in_progress", "finished", "abandoned")
EXTRAS = ("opted_in", "reminders_sent", "consented")  # shown exactly too
# Of each funnel figure, those in the browser (users.channel "web"): exact, like the funnel.
WEB_FUNNEL = tuple(f"web_{key}" for key in FUNNEL)


def web_key(key: str) -> str:
    """The key of a funnel figure's browser part: "arrived" -> "web_arrived"."""
    return f"web_{key}"


NOT_STARTED = "not_started"  # arrived, never started: not shown, but arrived - started
# total = sum of parts, for every total shown beside its parts.
EQUATIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("finished", LEVEL_KEYS),
    ("started", ("in_progress", "finished", "abandoned")),
    ("arrived", ("started", NOT_STARTED)),
)


def cell(count: int) -> str:
    """A protected figure on its own: under five is "<5" (0 included)."""
    return SMALL if count < SMALL_CELL else str(count)


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
    # Of each funnel figure (by its FUNNEL key), the owners in the browser.
    web: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FUNNEL, 0))
    # Since the start only: the levels of those who finished, by the Monday of the week of
    # their first result.
    weeks: dict[date, dict[str, int]] = field(default_factory=dict)
    # As shown, set by `protect_periods`: "level_<level>" -> cell, and per week.
    level_cells: dict[str, str] | None = None
    week_cells: dict[date, dict[str, str]] | None = None
    # Counted without the other views (outreach.funnels): the levels cannot be shown.
    funnel_only: bool = False

    def values(self) -> dict[str, int]:
        """Every figure by its key (level keys are "level_<level>"), with "not started"."""
        raw = {key: getattr(self, key) for key in (*FUNNEL, *EXTRAS)}
        raw.update({web_key(key): self.web[key] for key in FUNNEL})
        raw.update({f"level_{key}": value for key, value in self.levels.items()})
        raw[NOT_STARTED] = self.arrived - self.started
        return raw

    def funnel_cells(self) -> dict[str, str]:
        """The funnel (with its browser parts, "web_<figure>") and the other unprotected
        figures as shown: exactly."""
        shown = {key: str(getattr(self, key)) for key in (*FUNNEL, *EXTRAS)}
        shown.update({web_key(key): str(self.web[key]) for key in FUNNEL})
        return shown

    def cells(self) -> dict[str, str]:
        """Every figure as shown to staff: the funnel exactly, the levels protected (as
        `protect_periods` set them; alone, as the only view, when it did not)."""
        if self.funnel_only:
            raise ValueError("counted for the funnel only: its levels are not protected")
        shown = self.funnel_cells()
        level_cells = self.level_cells
        if level_cells is None:
            level_cells = protect_periods({0: self})[0].level_cells or {}
        return {**shown, **level_cells}

    def weekly_cells(self) -> dict[date, dict[str, str]]:
        """The levels per week as shown ("level_<level>" -> cell), protected with the rest."""
        if self.week_cells is None:
            return protect_periods({0: self})[0].week_cells or {}
        return self.week_cells


def known_figures(values: Mapping[str, int], cells: Mapping[str, str]) -> dict[str, int]:
    """What a reader knows exactly from one period's cells: the shown figures, and the hidden
    ones that follow from them by one equation (such as "not started" = arrived - started)."""
    known = {key: values[key] for key, shown in cells.items() if shown.isdigit()}
    solved = True
    while solved:
        solved = False
        for total, parts in EQUATIONS:
            missing = [key for key in (total, *parts) if key not in known]
            if len(missing) == 1:
                known[missing[0]] = values[missing[0]]
                solved = True
    return known


def period_leaks(shorter: Mapping[str, int], longer: Mapping[str, int]) -> set[str]:
    """THE RULE ACROSS PERIODS. A protected figure known exactly in a shorter period that lies
    1 to 4 below the same figure known exactly in a longer period would count the few owners
    who arrived between the two starts ("all: trede 1 7, 30 days: trede 1 6": one owner who
    arrived more than 30 days ago is at trede 1). Those figures are returned; `protect_periods`
    leaves none (the funnel is shown exactly, so only the levels are compared)."""
    return {
        key
        for key, value in shorter.items()
        if key in LEVEL_KEYS and key in longer and 0 < longer[key] - value < SMALL_CELL
    }


def _period_order(periods: Sequence[int]) -> list[int]:
    return sorted(periods, key=lambda days: days if days > 0 else 10**9)


# The figures protect_periods protects, as plain values: per period view (shortest first) its
# days, finished and levels (in the order of LEVELS), and per week since the start (in order)
# its Monday and levels.
Protectable = tuple[
    tuple[tuple[int, int, tuple[int, ...]], ...], tuple[tuple[date, tuple[int, ...]], ...]
]
# As shown: per period view its level cells, per week its level cells (by "level_<level>").
Protected = tuple[tuple[dict[str, str], ...], tuple[dict[str, str], ...]]
# Campaigns' protections kept: about 10 KB each for a campaign of three months, so at most
# about 10 MB (the least recently used go first).
PROTECTED_KEPT = 1024


def protect_periods(by_period: Mapping[int, CampaignStats]) -> dict[int, CampaignStats]:
    """Each period's figures with their levels as shown (`level_cells`, and for the period
    since the start `week_cells`), protected together (docs/disclosure.md): `by_period` maps
    days (0 = since the start) to the figures of one campaign.

    What is shown follows from the figures alone, so it is worked out once for the same
    figures (`_protected`, kept for the last PROTECTED_KEPT): a campaign whose owners did not
    move since its page or a download was last made costs a lookup, not the search for what
    to hide (about 1.5 ms a campaign, most of an export of all campaigns)."""
    order = _period_order(list(by_period))
    whole = by_period.get(0)
    weeks = sorted(whole.weeks) if whole is not None else []
    figures: Protectable = (
        tuple(
            (days, by_period[days].finished, tuple(by_period[days].levels[lv] for lv in LEVELS))
            for days in order
        ),
        tuple(
            (monday, tuple(whole.weeks[monday].get(lv, 0) for lv in LEVELS))
            for monday in weeks
            if whole is not None
        ),
    )
    view_cells, week_rows = _protected(figures)
    protected: dict[int, CampaignStats] = {}
    for days, cells in zip(order, view_cells, strict=True):
        week_cells = None
        if days == 0:
            week_cells = {monday: dict(row) for monday, row in zip(weeks, week_rows, strict=True)}
        protected[days] = replace(by_period[days], level_cells=dict(cells), week_cells=week_cells)
    return protected


def forget_kept() -> None:
    """Forget every protection kept (`protect_periods`, `disclosure.table`): the next of each
    is worked out again (`make bench-dashboard` times a page's first load so)."""
    _protected.cache_clear()
    kept_tables.cache_clear()


@functools.lru_cache(maxsize=PROTECTED_KEPT)
def _protected(figures: Protectable) -> Protected:
    """`protect_periods` of these figures (callers copy what they keep: these are shared).

    The views nest (7 days within 30 within 90 within all), so the levels of the owners who
    arrived between two starts are the difference of two views: each such difference is a
    figure a reader can compute, tied to the two views by a sum, and protected like the shown
    ones; the finished of each difference is known exactly (the funnel). Complementary figures
    are hidden in the weeks first, then in the shortest view, the all-time levels last.
    """
    views, week_rows = figures
    finished = [done for _days, done, _levels in views]
    levels = [dict(zip(LEVELS, counts, strict=True)) for _days, _done, counts in views]
    weeks = [dict(zip(LEVELS, counts, strict=True)) for _monday, counts in week_rows]
    if not _any_small(levels, weeks):
        # No figure of one to four owners, shown or computed: every level as it is.
        return (
            tuple({f"level_{lv}": _plain(n) for lv, n in view.items()} for view in levels),
            tuple({f"level_{lv}": _plain(n) for lv, n in week.items()} for week in weeks),
        )
    order = [days for days, _done, _levels in views]
    tables = Tables()

    def level_key(i: int, j: int, level: str) -> tuple[object, ...]:
        # The owners who arrived within view j but not within view i - 1 (i = 0: view j).
        return (order[j], f"level_{level}") if i == 0 else ("between", i, j, level)

    for j in range(len(order)):
        for i in range(j + 1):
            done = ("finished", i, j)
            before = finished[i - 1] if i else 0
            tables.add(done, Figure(finished[j] - before, fixed=True))
            for level in LEVELS:
                value = levels[j][level] - (levels[i - 1][level] if i else 0)
                tables.add(
                    level_key(i, j, level),
                    Figure(
                        value,
                        shown=i == 0,
                        cost=(1 + j,),
                        group=("view", order[j]) if i == 0 else None,
                    ),
                )
            tables.tie(done, [level_key(i, j, level) for level in LEVELS])
            for k in range(i, j):  # [i..j] = [i..k] + [k+1..j]
                for level in LEVELS:
                    tables.tie(
                        level_key(i, j, level),
                        [level_key(i, k, level), level_key(k + 1, j, level)],
                    )
    if weeks and order and order[-1] == 0:
        last = len(order) - 1
        for w, row in enumerate(weeks):
            tables.add(("week", w), Figure(sum(row.values()), fixed=True))
            for level in LEVELS:
                tables.add(("week", w, level), Figure(row[level], cost=(0,), group=("week", w)))
            tables.tie(("week", w), [("week", w, level) for level in LEVELS])
        for level in LEVELS:
            tables.tie(level_key(0, last, level), [("week", w, level) for w in range(len(weeks))])
    shown = protect(tables)
    return (
        tuple(
            {f"level_{level}": shown[level_key(0, j, level)] for level in LEVELS}
            for j in range(len(order))
        ),
        tuple(
            {f"level_{level}": shown[("week", w, level)] for level in LEVELS}
            for w in range(len(weeks))
        ),
    )


def _plain(count: int) -> str:
    return str(count)


def _any_small(views: Sequence[Mapping[str, int]], weeks: Sequence[Mapping[str, int]]) -> bool:
    """Whether a level of 1 to 4 owners is in a view, a week, or the difference of two views
    (`views` shortest first)."""
    for level in LEVELS:
        running = [0, *(view[level] for view in views)]
        for i in range(len(running)):
            for j in range(i + 1, len(running)):
                if 0 < running[j] - running[i] < SMALL_CELL:
                    return True
        if any(0 < week.get(level, 0) < SMALL_CELL for week in weeks):
            return True
    return False


def week_of(moment: datetime, tz: ZoneInfo) -> date:
    """The Monday of the moment's week, in the time zone staff read in."""
    day = as_utc(moment).astimezone(tz).date()
    return day - timedelta(days=day.weekday())


# What `Mondays` keeps of a day: the Monday before and after the moment (seconds into the
# day) at which the local week changes; None where the zone's offset changes that day.
_Day = tuple[date, int, date] | None


class Mondays:
    """`week_of` in `tz` for many stored moments, worked out once per day of the moments' own
    clock (UTC, as they are stored): on a day on which neither clock changes its offset,
    local time runs evenly, so the local week changes at most once, at its Monday's midnight.
    Each day keeps the Monday before and after that moment; a moment is then two lookups and a
    comparison, not a conversion (10,000 owners' moments, spread over a few hundred days). On
    the two days a year the zone changes its offset, each moment is converted by itself."""

    def __init__(self, tz: ZoneInfo) -> None:
        self.tz = tz
        self.known: dict[tuple[int, int, int, tzinfo | None], _Day] = {}

    def __call__(self, moment: datetime) -> date:
        key = (moment.year, moment.month, moment.day, moment.tzinfo)
        try:
            day = self.known[key]
        except KeyError:  # the first moment of its day
            day = self.known[key] = self._day(moment)
        if day is None:
            return week_of(moment, self.tz)
        before, change, after = day
        seconds = moment.hour * 3600 + moment.minute * 60 + moment.second
        return before if seconds < change else after

    def _day(self, moment: datetime) -> _Day:
        start = moment.replace(hour=0, minute=0, second=0, microsecond=0)
        start = as_utc(start) if start.tzinfo is None else start
        end = start + timedelta(days=1)
        if start.utcoffset() != end.utcoffset():
            return None  # the moment's own clock changes its offset
        first, following = start.astimezone(self.tz), end.astimezone(self.tz)
        if first.utcoffset() != following.utcoffset():
            return None  # the zone changes its offset
        before = week_of(start, self.tz)
        after = week_of(end - timedelta(microseconds=1), self.tz)
        if before == after:
            return (before, 24 * 3600, after)
        midnight = datetime.combine(after, datetime.min.time(), tzinfo=self.tz)
        return (before, int((midnight - start).total_seconds()), after)


@functools.cache
def mondays_in(tz: ZoneInfo) -> Mondays:
    """The `Mondays` of a zone, kept for the process: a day's Monday never changes, so what
    one count learnt of its days serves the next (the figures of every part of a download,
    each load of a page)."""
    return Mondays(tz)


FINISHED, IN_PROGRESS, ABANDONED = "finished", "in_progress", "abandoned"


@functools.lru_cache(maxsize=16)
def _bare(moment: datetime) -> datetime:
    """An aware moment as SQLite hands moments back: UTC without the zone. Comparing stored
    moments with it is comparing them `as_utc`, without making 10,000 new ones."""
    return moment.astimezone(UTC).replace(tzinfo=None)


@dataclass
class Owners:
    """What the figures of many campaigns are counted from, read in one handful of grouped
    statements (`read_owners`): each attributed owner's campaign (their first) and arrival,
    when they last moved a scan, their results, and the check-ins, reminders and consents.
    Moments are as stored (one database stores them all alike)."""

    campaign_of: dict[int, int] = field(default_factory=dict)  # user id -> campaign id
    joined: dict[int, datetime] = field(default_factory=dict)
    last_activity: dict[int, datetime] = field(default_factory=dict)  # owners who started
    latest_level: dict[int, tuple[int, str]] = field(default_factory=dict)  # result id, level
    first_result: dict[int, datetime] = field(default_factory=dict)
    opted_in: list[int] = field(default_factory=list)
    reminders_sent: list[tuple[int, int]] = field(default_factory=list)  # user id, count
    consents: list[tuple[int, datetime | None]] = field(default_factory=list)  # campaign, given
    in_browser: set[int] = field(default_factory=set)  # user ids of owners in the browser
    # Read with `scans=True` only, of owners who started a scan: when they first started
    # one, and their latest scan's (id, position).
    first_started: dict[int, datetime] = field(default_factory=dict)
    latest_scan: dict[int, tuple[int, str]] = field(default_factory=dict)

    def status(self, user_id: int, cutoff: datetime) -> str | None:
        """FINISHED (a result), ABANDONED (no activity since `cutoff`, UTC), IN_PROGRESS, or
        None (never started, or arrived after these were read)."""
        if user_id in self.latest_level:
            return FINISHED
        moved = self.last_activity.get(user_id)
        if moved is None:
            return None
        return ABANDONED if moved < (cutoff if moved.tzinfo else _bare(cutoff)) else IN_PROGRESS

    def level(self, user_id: int) -> str:
        """The level of the owner's latest result, one of LEVELS."""
        stored = self.latest_level[user_id][1]
        return stored if stored in LEVELS else "none"


async def read_owners(
    session: Session, *, campaign_ids: Sequence[int], scans: bool = False
) -> Owners:
    """`Owners` of these campaigns, from six grouped statements however many there are.
    With `scans`, every scan is read row by row (for the weeks and the stops: when each owner
    first started one and where their latest is) and when each owner last moved one is worked
    out from the same rows, in the same pass: still six statements."""
    owners = Owners()
    if not campaign_ids:
        return owners
    for user_id, campaign_id, joined, web in await statistics.arrivals(
        session, campaign_ids=campaign_ids
    ):
        owners.campaign_of[user_id] = campaign_id
        owners.joined[user_id] = joined
        if web:
            owners.in_browser.add(user_id)
    if scans:
        moved_at, first_started = owners.last_activity, owners.first_started
        latest_scan = owners.latest_scan
        for scan_id, user_id, position, began, moved in await statistics.scans(
            session, campaign_ids=campaign_ids
        ):
            known = moved_at.get(user_id)
            if known is None or known < moved:
                moved_at[user_id] = moved
            first = first_started.get(user_id)
            if first is None or began < first:
                first_started[user_id] = began
            latest = latest_scan.get(user_id)
            if latest is None or latest[0] < (scan_id or 0):
                latest_scan[user_id] = (scan_id or 0, position)
    else:
        owners.last_activity = await statistics.last_activity(
            session, campaign_ids=campaign_ids, since=None
        )
    for result_id, user_id, made, level in await statistics.result_levels(
        session, campaign_ids=campaign_ids, since=None
    ):
        latest = owners.latest_level.get(user_id)
        if latest is None or latest[0] < (result_id or 0):
            owners.latest_level[user_id] = (result_id or 0, level)
        first = owners.first_result.get(user_id)
        if first is None or made < first:
            owners.first_result[user_id] = made
    owners.opted_in = await statistics.opted_in(session, campaign_ids=campaign_ids, since=None)
    owners.reminders_sent = await statistics.reminders_sent(
        session, campaign_ids=campaign_ids, since=None
    )
    owners.consents = await statistics.consent_times(session, campaign_ids=campaign_ids)
    return owners


def count_views(
    owners: Owners,
    *,
    campaign_ids: Sequence[int],
    periods: Sequence[int],
    abandoned_after: timedelta,
    now: datetime,
    tz: ZoneInfo | None = None,
    starts: Mapping[int, datetime | None] | None = None,
) -> dict[int, dict[int, CampaignStats]]:
    """The figures of each campaign (by id) for each period (days; 0 = since the start): an
    owner counts for the one campaign they are attributed to, in each period they arrived
    within. With `tz`, the figures since the start also have the levels per week of the first
    result.

    Owners are counted by what sets them apart (campaign, periods, stage, level, channel),
    once each; each of those counts then goes to every period view it belongs to."""
    views = {days: {cid: CampaignStats() for cid in campaign_ids} for days in periods}
    if starts is None:
        starts = {days: period_start(days, now=now) for days in periods}
    # The periods nest: an owner who arrived after a start is within that period and every
    # one that starts earlier. So an owner is within the periods of the `k` earliest starts
    # (and the ones without a start): `reach[k]`.
    always = tuple(days for days, start in starts.items() if start is None)
    bounded = sorted((start, days) for days, start in starts.items() if start is not None)
    reach = [always + tuple(days for _start, days in bounded[:k]) for k in range(len(bounded) + 1)]
    aware = [start for start, _days in bounded]
    # SQLite hands back moments without their zone (UTC): they are compared with the starts
    # without one, not each given theirs (`as_utc`: most of the time of 10,000 owners).
    bare = [_bare(start) for start in aware]
    wanted = set(campaign_ids)
    within: dict[int, int] = {}  # user id -> k: the periods they arrived within
    arrived: Counter[tuple[int, int, bool]] = Counter()  # campaign, k, in the browser
    for user_id, campaign_id in owners.campaign_of.items():
        if campaign_id not in wanted:
            continue
        k = 0
        if bounded:
            moment = owners.joined[user_id]
            k = bisect_right(aware if moment.tzinfo else bare, moment)
        within[user_id] = k
        arrived[campaign_id, k, user_id in owners.in_browser] += 1
    for (campaign_id, k, in_browser), count in arrived.items():
        for days in reach[k]:
            figures = views[days][campaign_id]
            figures.arrived += count
            if in_browser:
                figures.web["arrived"] += count

    mondays = mondays_in(tz) if tz is not None else None
    cutoff = now - abandoned_after
    # campaign, k, stage, level (of the finished), in the browser
    started: Counter[tuple[int, int, str, str | None, bool]] = Counter()
    weeks: Counter[tuple[int, date, str]] = Counter()  # campaign, week of the first result, level
    for user_id, k in within.items():
        status = owners.status(user_id, cutoff)
        if status is None:  # never started
            continue
        campaign_id = owners.campaign_of[user_id]
        level = None
        if status == FINISHED:
            level = owners.level(user_id)
            if mondays is not None and always:
                weeks[campaign_id, mondays(owners.first_result[user_id]), level] += 1
        started[campaign_id, k, status, level, user_id in owners.in_browser] += 1
    for (campaign_id, k, stage, level, in_browser), count in started.items():
        for days in reach[k]:
            figures = views[days][campaign_id]
            figures.started += count
            if stage == FINISHED:
                figures.finished += count
                figures.levels[level or "none"] += count
            elif stage == ABANDONED:
                figures.abandoned += count
            else:
                figures.in_progress += count
            if in_browser:  # the same figures, of the owners in the browser
                figures.web["started"] += count
                figures.web[stage] += count
    for (campaign_id, monday, level), count in weeks.items():
        for days in always:
            row = views[days][campaign_id].weeks.setdefault(monday, dict.fromkeys(LEVELS, 0))
            row[level] += count

    for user_id in owners.opted_in:
        if user_id in within:
            for days in reach[within[user_id]]:
                views[days][owners.campaign_of[user_id]].opted_in += 1
    for user_id, sent in owners.reminders_sent:
        if user_id in within:
            for days in reach[within[user_id]]:
                views[days][owners.campaign_of[user_id]].reminders_sent += sent
    for campaign_id, given in owners.consents:
        for days, start in starts.items():
            if start is None or (given is not None and as_utc(given) >= start):
                views[days][campaign_id].consented += 1
    return views


async def campaigns_views(
    session: Session,
    *,
    campaigns: Sequence[Campaign],
    periods: Sequence[int],
    abandoned_after: timedelta,
    now: datetime | None = None,
    tz: ZoneInfo | None = None,
    starts: Mapping[int, datetime | None] | None = None,
) -> dict[int, dict[int, CampaignStats]]:
    """`count_views` of these campaigns, read with `read_owners`."""
    ids = [c.id or 0 for c in campaigns]
    return count_views(
        await read_owners(session, campaign_ids=ids),
        campaign_ids=ids,
        periods=periods,
        abandoned_after=abandoned_after,
        now=now or utcnow(),
        tz=tz,
        starts=starts,
    )


async def campaigns_stats(
    session: Session,
    *,
    campaigns: Sequence[Campaign],
    since: datetime | None,
    abandoned_after: timedelta,
    now: datetime | None = None,
    tz: ZoneInfo | None = None,
) -> dict[int, CampaignStats]:
    """The figures of each campaign (by id) of the owners who arrived since `since` (None:
    since the start); see `campaigns_views`."""
    now = now or utcnow()
    days = 0 if since is None else -1  # -1: a period of its own, from `since`
    views = await campaigns_views(
        session,
        campaigns=campaigns,
        periods=[days],
        abandoned_after=abandoned_after,
        now=now,
        tz=tz,
        starts={days: since},
    )
    return views[days]


def period_start(days: int, *, now: datetime | None = None) -> datetime | None:
    """0 days is "since the start"."""
    return None if days <= 0 else (now or utcnow()) - timedelta(days=days)
