"""The campaign figures' statements (stats.read_owners, with and without the scans) read the
owners' arrivals, scans and results from indexes alone on SQLite: the large JSON columns of
`conversations` and `results` sit between the columns they need, so a read of the table
itself costs every row's overflow pages (migration 0020; `make bench-dashboard`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event

from bot.db import transactions
from bot.db.engine import create_engine, create_sessionmaker
from bot.services.campaigns.stats import read_owners
from tests.e2e.harness import migrated_sqlite

COVERED = ("conversations", "results", "user_campaigns")


async def test_the_figures_read_scans_results_and_arrivals_from_covering_indexes(
    tmp_path: Path,
) -> None:
    engine = create_engine(await migrated_sqlite(tmp_path))
    statements: list[tuple[str, Any]] = []

    @event.listens_for(engine.sync_engine, "before_cursor_execute")
    def noted(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    try:
        sessionmaker = create_sessionmaker(engine)
        async with sessionmaker() as session:
            async with transactions.read(session):
                await read_owners(session, campaign_ids=[1, 2], scans=True)
                await read_owners(session, campaign_ids=[1, 2])
            read = list(statements)
            steps: list[str] = []
            async with transactions.read(session):
                connection = await session.connection()
                for statement, parameters in read:
                    plan = await connection.exec_driver_sql(
                        f"EXPLAIN QUERY PLAN {statement}", parameters
                    )
                    steps += [str(row[-1]) for row in plan]
    finally:
        await engine.dispose()
    reads = [s for s in steps if s.startswith(("SEARCH", "SCAN")) and s.split()[1] in COVERED]
    # Each table read by both ways of reading: arrivals and the attributed owners' subquery
    # (user_campaigns), the scans or when each owner last moved one, the results.
    assert {s.split()[1] for s in reads} == set(COVERED)
    assert all("USING COVERING INDEX" in s for s in reads), reads
