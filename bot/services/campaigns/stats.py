"""Funnel statistics per campaign and period; aggregate only, small cells suppressed.

Counted are the owners attributed to the campaign (their first campaign) who arrived in the
period. started = finished + in progress + abandoned; abandoned means no activity for
`abandoned_after` and no result.

Suppression is complementary: a figure under five is shown as "<5", and where a total is shown
beside its parts (finished = the levels, started = in progress + finished + abandoned, arrived =
started + those who never started), more cells are hidden as "x" until no small figure can be
worked out by subtraction: "finished 6" beside "no step yet 6" would say every other level is 0.

Across periods (`protect_periods`): staff can open every period of a campaign (all, 90, 30 and 7
days) and subtract one from another, so a figure of a shorter period is hidden ("x") too when it
lies 1 to 4 below the same figure of a longer period; see `period_leaks` for the rule.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence, Set
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timedelta

from bot.db import Session
from bot.db.models import Campaign, as_utc, utcnow
from bot.db.repositories import statistics

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


def protect(values: Mapping[str, int], *, withheld: Set[str] = frozenset()) -> dict[str, str]:
    """Every figure as shown: "<5" for small ones, "x" for those hidden so that no small
    figure follows by subtraction from a total; `values` has every key of the equations.
    `withheld` figures are hidden whatever their size (the rule across periods).

    The fewest extra cells are hidden (then levels before the funnel, then the smallest
    figures). With nine figures at most, trying every choice is cheap, and one is always
    found, since hiding all of them is safe.
    """
    small = {key for key, value in values.items() if value < SMALL_CELL} | {NOT_STARTED}
    small |= set(withheld)
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
    # Figures hidden so that they cannot be worked out against a longer period's (`period_leaks`).
    withheld: frozenset[str] = frozenset()

    def values(self) -> dict[str, int]:
        """Every figure by its key (level keys are "level_<level>"), with "not started"."""
        raw = asdict(self)
        raw.pop("withheld")
        levels = raw.pop("levels")
        raw.update({f"level_{key}": value for key, value in levels.items()})
        raw[NOT_STARTED] = self.arrived - self.started
        return raw

    def cells(self) -> dict[str, str]:
        """Every figure as shown to staff (suppressed, complementarily); level keys are
        "level_<level>"."""
        return protect(self.values(), withheld=self.withheld)


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
    """THE RULE ACROSS PERIODS. A figure known exactly in a shorter period (shown, or following
    from shown ones) that lies 1 to 4 below the same figure known exactly in a longer period
    would count the few owners who arrived between the two starts ("all 7, 30 days 6": one
    owner arrived more than 30 days ago). Those figures of the shorter period are returned, to
    be hidden; a difference of 0 or of five and more is shown. Every figure only grows with
    the period (the owners who arrived in it), so shorter <= longer."""
    return {
        key
        for key, value in shorter.items()
        if key in longer and 0 < longer[key] - value < SMALL_CELL
    }


def protect_periods(by_period: Mapping[int, CampaignStats]) -> dict[int, CampaignStats]:
    """Each period's figures with `withheld` set so that no small figure follows from
    comparing periods (`period_leaks`); `by_period` maps days (0 = since the start) to the
    figures of one campaign. The longest period is shown as it is; each shorter one, from long
    to short, hides what differs by 1 to 4 from a longer one, where a hidden figure follows
    from an equation, hides one of that equation's shown figures instead, and repeats until
    nothing leaks."""
    order = sorted(by_period, key=lambda days: days if days > 0 else 10**9, reverse=True)
    protected: dict[int, CampaignStats] = {}
    known_longer: list[dict[str, int]] = []
    for days in order:
        stats = by_period[days]
        values = stats.values()
        withheld: set[str] = set()
        while True:
            cells = protect(values, withheld=withheld)
            known = known_figures(values, cells)
            leaks = set().union(*(period_leaks(known, longer) for longer in known_longer))
            if not leaks:
                break
            more = {_shown_cause(leak, values, cells) for leak in leaks} - withheld
            # Hiding every figure always ends it (never needed in practice: safety first).
            withheld |= more or {key for key, shown in cells.items() if shown.isdigit()}
        protected[days] = replace(stats, withheld=frozenset(withheld))
        known_longer.append(known)
    return protected


def _shown_cause(key: str, values: Mapping[str, int], cells: Mapping[str, str]) -> str:
    """The figure to hide so that `key` is no longer known: itself when shown, else the
    smallest shown figure of an equation it follows from."""
    if cells.get(key, "").isdigit():
        return key
    for total, parts in EQUATIONS:
        members = (total, *parts)
        if key in members:
            shown = [m for m in members if m != key and cells.get(m, "").isdigit()]
            if shown:
                return min(shown, key=lambda m: (values[m], m))
    return key  # not reached: a known hidden figure follows from some equation


async def campaigns_stats(
    session: Session,
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
    campaign_of = await statistics.campaign_of_owner(session, campaign_ids=ids, since=since)
    for campaign_id in campaign_of.values():
        stats[campaign_id].arrived += 1

    activity = await statistics.last_activity(session, campaign_ids=ids, since=since)
    last_activity = {user_id: as_utc(moment) for user_id, moment in activity.items()}
    latest_level: dict[int, tuple[int, str]] = {}
    for result_id, user_id, level in await statistics.result_levels(
        session, campaign_ids=ids, since=since
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

    for user_id in await statistics.opted_in(session, campaign_ids=ids, since=since):
        stats[campaign_of[user_id]].opted_in += 1
    for user_id, count in await statistics.reminders_sent(session, campaign_ids=ids, since=since):
        stats[campaign_of[user_id]].reminders_sent += count
    for campaign_id, count in await statistics.consents_given(
        session, campaign_ids=ids, since=since
    ):
        stats[campaign_id].consented = count
    return stats


def period_start(days: int, *, now: datetime | None = None) -> datetime | None:
    """0 days is "since the start"."""
    return None if days <= 0 else (now or utcnow()) - timedelta(days=days)
