"""Small-cell suppression in figures, chart and CSV; CSV columns and escaping."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import PIL.Image

from bot.db.engine import create_engine, create_sessionmaker
from bot.db.models import Campaign, ContactConsent, IntakeSession, Result, SessionStatus, User
from bot.services.campaigns import store
from bot.services.campaigns.chart import stats_chart_png
from bot.services.campaigns.export import (
    CONTACT_COLUMNS,
    STATS_COLUMNS,
    contacts_csv,
    safe,
    stats_csv,
)
from bot.services.campaigns.stats import campaign_stats, cell
from tests.e2e.harness import migrated_sqlite

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


def test_cells_below_five_are_hidden() -> None:
    assert [cell(n) for n in (0, 1, 4, 5, 17)] == ["<5", "<5", "<5", "5", "17"]


async def test_campaign_figures_suppress_small_cells(tmp_path: Path) -> None:
    engine = create_engine(await migrated_sqlite(tmp_path))
    try:
        async with create_sessionmaker(engine)() as session:
            await session.begin()
            campaign = await store.create_campaign(
                session, owner_id=1, name="Avond", municipality="Twenterand"
            )
            for user_id in range(100, 109):  # 9 arrived
                user = User(id=user_id)
                session.add(user)
                await session.flush()
                await store.record_arrival(session, user=user, campaign=campaign, now=NOW)
                if user_id < 106:  # 6 finished with no step yet
                    intake = IntakeSession(
                        user_id=user_id,
                        position="review",
                        status=SessionStatus.COMPLETED,
                        updated_at=NOW,
                    )
                    session.add(intake)
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
                elif user_id < 108:  # 2 abandoned long ago
                    session.add(
                        IntakeSession(
                            user_id=user_id, position="sector", updated_at=NOW - timedelta(days=30)
                        )
                    )
            await session.flush()
            stats = await campaign_stats(
                session, campaign=campaign, since=None, abandoned_after=timedelta(days=14), now=NOW
            )
    finally:
        await engine.dispose()
    assert (stats.arrived, stats.started, stats.finished, stats.abandoned) == (9, 8, 6, 2)
    cells = stats.cells()
    assert cells["arrived"] == "9" and cells["started"] == "8" and cells["finished"] == "6"
    assert cells["abandoned"] == "<5" and cells["in_progress"] == "<5"
    assert cells["level_none"] == "6" and cells["level_trede_1"] == "<5"
    rows = list(
        csv.DictReader(
            io.StringIO(stats_csv([(campaign, stats)], since=None, until=NOW).decode("utf-8-sig"))
        )
    )
    assert list(rows[0]) == list(STATS_COLUMNS)
    assert rows[0]["abandoned"] == "<5" and rows[0]["arrived"] == "9"
    assert all(not value.isdigit() or int(value) >= 5 for value in rows[0].values())
    png = stats_chart_png(
        title="Avond",
        subtitle="Twenterand",
        funnel_heading="Funnel",
        funnel=[("Arrived", 9), ("Abandoned", 2)],
        levels_heading="Levels",
        levels=[("None", 6)],
        footnote="<5",
    )
    assert PIL.Image.open(io.BytesIO(png)).size == (1080, 1350)


def test_contacts_csv_columns_and_escaping() -> None:
    campaign = Campaign(id=1, code="avond-abcd", name='Avond, "Twente"', owner_id=1)
    nasty = [
        'Bakker, "De Korst"\nVriezenveen',
        '=HYPERLINK("http://x")',
        "+31612345678",
        "@SUM(A1)",
        "-2+3",
    ]
    consent = ContactConsent(
        user_id=1,
        campaign_id=1,
        status="given",
        consent_text="I agree, really",
        org_name=nasty[0],
        contact_name=nasty[1],
        phone=nasty[2],
        level="trede_1",
        given_at=NOW,
    )
    data = contacts_csv([(campaign, consent)]).decode("utf-8-sig")
    [row] = list(csv.DictReader(io.StringIO(data)))
    assert tuple(row) == CONTACT_COLUMNS
    assert row["campaign_name"] == 'Avond, "Twente"'
    assert row["organisation"] == nasty[0]  # commas, quotes and newlines survive quoting
    assert row["contact_name"] == "'" + nasty[1]  # never a formula
    assert row["phone"] == "'" + nasty[2]
    assert [safe(v)[0] for v in nasty[3:]] == ["'", "'"]
    assert row["consented_at"].startswith("2026-06-01T12:00:00")
