"""Small counts by comparing periods: staff open a campaign's figures for every period (all, 90,
30 and 7 days); subtracting one view from another must not single out a few owners' levels.
The funnel is shown exactly in every view (issue 28: it says nothing about anyone's business)."""

from __future__ import annotations

import itertools
from datetime import timedelta
from pathlib import Path

from bot.config import load_settings
from bot.db.engine import create_engine, create_sessionmaker
from bot.db.models import Conversation, ConversationStatus, Organisation, Result, User, utcnow
from bot.db.repositories import campaigns
from bot.services import outreach
from bot.services.campaigns.stats import (
    LEVEL_KEYS,
    SMALL_CELL,
    CampaignStats,
    known_figures,
    protect_periods,
)
from bot.ui.staff import PERIODS
from tests.e2e.harness import migrated_sqlite


def assert_no_small_difference(shown: dict[int, dict[str, int]]) -> None:
    """`shown`: per period, every figure a reader knows exactly (shown or derived); the levels
    of two views never differ by one to four."""
    for (short, a), (long, b) in itertools.permutations(shown.items(), 2):
        for key in a.keys() & b.keys() & set(LEVEL_KEYS):
            assert not 0 < abs(a[key] - b[key]) < SMALL_CELL, (key, short, a[key], long, b[key])


async def test_the_periods_together_single_nobody_out(tmp_path: Path) -> None:
    """The finding: "All 7/6, 30 days 6/5, 90 days 7/6" showed one owner who arrived and
    finished 30–90 days ago."""
    url = await migrated_sqlite(tmp_path)
    settings = load_settings(DATABASE_URL=url)
    now = utcnow()
    engine = create_engine(url)
    try:
        async with create_sessionmaker(engine)() as session:
            async with session.begin():
                organisation = Organisation(name="Gemeente Twenterand")
                session.add(organisation)
                await session.flush()
                campaign = await campaigns.create_campaign(
                    session,
                    owner_id=1,
                    organisation_id=organisation.id or 0,
                    name="Avond",
                    municipality="Twenterand",
                )
                # Six arrived ten days ago (five finished), one sixty days ago (finished).
                for user_id, ago, finished in [
                    *((300 + n, 10, n < 5) for n in range(6)),
                    (310, 60, True),
                ]:
                    user = User(id=user_id)
                    session.add(user)
                    await session.flush()
                    arrived = now - timedelta(days=ago)
                    await campaigns.record_arrival(
                        session, user=user, campaign=campaign, now=arrived
                    )
                    status = ConversationStatus.COMPLETED if finished else ConversationStatus.OPEN
                    session.add(
                        Conversation(
                            user_id=user_id,
                            position="review" if finished else "sector",
                            status=status,
                            updated_at=now,
                        )
                    )
                    if finished:
                        session.add(
                            Result(
                                user_id=user_id,
                                rules_version="x",
                                level="none",
                                contribution_pct=0,
                                answers_json="{}",
                                assessment_json="{}",
                            )
                        )
            views = {}
            for days in PERIODS:
                [(_campaign, stats)] = await outreach.figures(
                    session, settings, [campaign], days=days
                )
                views[days] = stats
    finally:
        await engine.dispose()
    raw = {days: (stats.arrived, stats.finished) for days, stats in views.items()}
    assert raw == {0: (7, 6), 90: (7, 6), 30: (6, 5), 7: (0, 0)}  # the attack's figures
    shown = {days: known_figures(s.values(), s.cells()) for days, s in views.items()}
    # The funnel is exact in every view, 0 as 0.
    assert [views[d].cells()["finished"] for d in PERIODS] == ["0", "5", "6", "6"]
    assert views[7].cells()["arrived"] == "0"
    # The levels: "all 6, 30 days 5" at "no step yet" would say the one owner who arrived
    # 30-90 days ago has no step yet; so no view shows a figure that pins it down.
    levels = {d: views[d].cells()["level_none"] for d in PERIODS}
    assert levels[7] == "0" and "6" not in levels.values() and "5" not in levels.values()
    assert_no_small_difference(shown)


def test_a_difference_that_follows_from_an_equation_is_hidden_too() -> None:
    """Not only the figures shown: "arrived - started" (those who never started) of two
    periods may differ by one while arrived and started each differ by five or more."""
    longer = CampaignStats(arrived=20, started=14, in_progress=5, finished=9, abandoned=0)
    longer.levels["none"] = 9
    shorter = CampaignStats(arrived=10, started=5, in_progress=0, finished=5, abandoned=0)
    shorter.levels["none"] = 5
    alone = {0: longer.values(), 30: shorter.values()}
    assert alone[0]["not_started"] - alone[30]["not_started"] == 1  # 6 and 5
    protected = protect_periods({0: longer, 30: shorter})
    shown = {d: known_figures(s.values(), s.cells()) for d, s in protected.items()}
    assert_no_small_difference(shown)
    assert shown[0]["not_started"] == 6  # the longer period is shown as it is
