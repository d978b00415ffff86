"""Two webhook replicas (real `python -m bot run` processes) on one PostgreSQL database, behind a
round-robin load balancer that sends each update to the next replica, store the same results as
one replica fed the same owners."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bench.owners import SCRIPT, LoadStandIn, play_owner
from bench.replicas import webhook_replicas
from tests.postgres import fresh_postgres, require_postgres
from tests.waiting import eventually

pytestmark = pytest.mark.slow  # bot processes as webhook replicas

OWNERS = 8


async def committed_updates(database_url: str, expected: int) -> bool:
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as connection:
            count = await connection.scalar(text("SELECT count(*) FROM processed_updates"))
    finally:
        await engine.dispose()
    return bool(count == expected)


async def stored_outcome(database_url: str) -> dict[str, Any]:
    """What the owners left in the database, without ids and times."""
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as connection:
            results = (
                await connection.execute(
                    text(
                        "SELECT user_id, level, contribution_pct, answers_json, assessment_json "
                        "FROM results ORDER BY user_id"
                    )
                )
            ).all()
            answers = (
                await connection.execute(
                    text(
                        "SELECT user_id, status, answers_json FROM conversations "
                        "ORDER BY user_id, id"
                    )
                )
            ).all()
            sessions = (
                await connection.execute(
                    text(
                        "SELECT user_id, status, revision, position FROM conversations "
                        "ORDER BY user_id, id"
                    )
                )
            ).all()
            processed = await connection.execute(text("SELECT count(*) FROM processed_updates"))
    finally:
        await engine.dispose()
    return {
        "results": [tuple(row) for row in results],
        "answers": [tuple(row) for row in answers],
        "sessions": [tuple(row) for row in sessions],
        "processed": processed,
    }


async def play_all(standin: LoadStandIn) -> None:
    await asyncio.gather(*(play_owner(standin, 1000 + n, timeout=30) for n in range(OWNERS)))


async def run_cluster(count: int, tmp_path: Path) -> tuple[dict[str, Any], LoadStandIn, list[int]]:
    standin = LoadStandIn()
    await standin.start()
    try:
        # An empty database: the replicas migrate it at start, at the same time.
        async with fresh_postgres(migrated=False) as url:
            async with webhook_replicas(
                count,
                standin=standin,
                database_url=url,
                folder=tmp_path,
                token="42:REPLICA-TEST",
                policy="round-robin",
                name=f"replica-{count}",
            ) as cluster:
                await play_all(standin)
                # Each update's id is stored in the transaction of its handler, so all are
                # committed once all ids are there.
                await eventually(
                    lambda: committed_updates(url, OWNERS * len(SCRIPT)),
                    what="every update's transaction committed",
                )
            outcome = await stored_outcome(url)
            outcome["processed"] = outcome["processed"].scalar_one()
            return outcome, standin, cluster.balancer.counts
    finally:
        await standin.stop()


def photos_per_chat(standin: LoadStandIn) -> dict[int, int]:
    counts: dict[int, int] = {}
    for item in standin.outgoing():
        if item.method == "sendPhoto" and item.chat_id is not None:
            counts[item.chat_id] = counts.get(item.chat_id, 0) + 1
    return counts


async def test_two_webhook_replicas_store_what_one_stores(tmp_path: Path) -> None:
    require_postgres()
    single, single_standin, _ = await run_cluster(1, tmp_path)
    double, double_standin, counts = await run_cluster(2, tmp_path)

    updates = OWNERS * len(SCRIPT)
    assert counts[0] + counts[1] == updates
    assert abs(counts[0] - counts[1]) <= 1, counts  # per update, so every owner used both
    for name, standin in (("one replica", single_standin), ("two replicas", double_standin)):
        # A tap on the new question can reach the other replica before the first one committed
        # which message carries the buttons; it then clears the buttons of the previous one
        # again, harmlessly (the bot ignores "not modified"). Anything else is a failure.
        refused = [
            (e["method"], e["chat_id"], e["description"])
            for e in standin.errors
            if "message is not modified" not in e["description"]
        ]
        assert refused == [], name
        assert standin.webhook_failures == []
        assert photos_per_chat(standin) == {1000 + n: 1 for n in range(OWNERS)}
    assert double["processed"] == single["processed"] == updates
    assert len(double["results"]) == OWNERS
    assert double["results"] == single["results"]
    assert double["answers"] == single["answers"]
    assert double["sessions"] == single["sessions"]
    assert {json.loads(row[3])["sector"] for row in double["results"]} == {"bakery"}
