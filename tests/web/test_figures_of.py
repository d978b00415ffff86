"""The figures of many campaigns read together (the download of all of them) are each
campaign's own figures, as its page shows them, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import col, select

from bot.config import load_settings
from bot.db.engine import create_sessionmaker
from bot.db.models import SCAN, Conversation, ConversationStatus, utcnow
from bot.services import dashboard, outreach
from tests.web.seeding import Owners, almelo_campaigns


async def test_many_campaigns_read_together_are_each_their_own(
    database_url: str, engine: AsyncEngine
) -> None:
    settings = load_settings(DATABASE_URL=database_url)
    sessionmaker = create_sessionmaker(engine)
    made = await almelo_campaigns(
        sessionmaker,
        *(
            Owners(
                arrived=8 + 3 * n,
                stopped={"sector": n, "people_count": 2},
                levels=["trede_1"] * (5 + n) + ["none"] * n,
            )
            for n in range(3)
        ),
    )
    now = utcnow()
    async with sessionmaker() as session:
        together = await dashboard.figures_of(session, settings, made, now=now)
        alone = [await dashboard.figures(session, settings, c, now=now) for c in made]
    assert [f.campaign.id for f in together] == [c.id for c in made]
    for one, other in zip(together, alone, strict=True):
        assert one.cells == other.cells
        assert [(w.start, w.values, w.cells) for w in one.weeks] == [
            (w.start, w.values, w.cells) for w in other.weeks
        ]
        assert [(s.question, s.busy, s.stopped, s.cells) for s in one.stops] == [
            (s.question, s.busy, s.stopped, s.cells) for s in other.stops
        ]
    # Each campaign's own owners: the weeks add up to its starters, the stops to its
    # unfinished ones.
    for n, figures in enumerate(together):
        assert sum(w.values["started"] for w in figures.weeks) == figures.stats.started
        assert figures.stats.started == 7 + 3 * n  # one of each never started
        assert sum(s.busy + s.stopped for s in figures.stops) == n + 2
        assert sum(s.busy for s in figures.stops) == figures.stats.in_progress
        assert sum(s.stopped for s in figures.stops) == figures.stats.abandoned


async def test_when_an_owner_last_moved_is_read_alike_for_the_downloads_and_the_list(
    database_url: str, engine: AsyncEngine
) -> None:
    """The workbook reads every scan row and works out when each owner last moved one; the
    list and the CSV ask the database for it (grouped). Both say the same: the latest of an
    owner's scans counts, and a conversation of another flow (a what-if) does not."""
    settings = load_settings(DATABASE_URL=database_url)
    sessionmaker = create_sessionmaker(engine)
    [made] = await almelo_campaigns(
        sessionmaker, Owners(arrived=9, stopped={"sector": 3, "people_count": 6})
    )
    now = utcnow()
    old = now - timedelta(days=settings.abandoned_after_days + 5)
    async with sessionmaker() as session, session.begin():
        scans = list(await session.exec(select(Conversation).order_by(col(Conversation.id))))
        for scan in scans[:6]:  # these stopped long ago
            scan.updated_at = old
            scan.started_at = old - timedelta(days=1)
        for scan in scans[:2]:  # and two of them started again since: busy
            session.add(
                Conversation(
                    user_id=scan.user_id,
                    flow=SCAN,
                    status=ConversationStatus.PAUSED,
                    position="people_count",
                    started_at=now - timedelta(days=2),
                    updated_at=now - timedelta(days=1),
                )
            )
        for scan in scans[2:4]:  # two others only tried a what-if lately: still stopped
            session.add(
                Conversation(
                    user_id=scan.user_id,
                    flow="what_if",
                    status=ConversationStatus.PAUSED,
                    position="hires",
                    started_at=now - timedelta(days=1),
                    updated_at=now - timedelta(days=1),
                )
            )
    async with sessionmaker() as session:
        (workbook,) = await dashboard.figures_of(session, settings, [made], now=now)
        ((_campaign, listed),) = await outreach.figures(session, settings, [made], days=0, now=now)
    assert (workbook.stats.in_progress, workbook.stats.abandoned) == (5, 4)
    assert workbook.cells == listed.cells()
    # The stops are at each owner's latest scan: the two who came back are busy at
    # people_count now, not stopped at the sector.
    at = {s.question: (s.busy, s.stopped) for s in workbook.stops if s.busy or s.stopped}
    assert at == {"sector": (0, 1), "people_count": (5, 3)}
