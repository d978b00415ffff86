"""Two webhook replicas (real `python -m bot run` processes) on one PostgreSQL database, behind a
round-robin load balancer that sends each update to the next replica, store the same results as
one replica fed the same owners."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import ClientSession, web
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bench.owners import SCRIPT, LoadStandIn, play_owner
from tests.postgres import fresh_postgres, require_postgres
from tests.waiting import eventually

pytestmark = pytest.mark.slow  # bot processes as webhook replicas

ROOT = Path(__file__).resolve().parents[2]
SECRET = "replica-test-secret"
OWNERS = 8


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.asynccontextmanager
async def load_balancer(ports: list[int]) -> AsyncIterator[tuple[str, list[int]]]:
    """Forward each POST to the next replica in turn (per update, not per user)."""
    turn = itertools.cycle(range(len(ports)))
    counts = [0] * len(ports)
    client = ClientSession()

    async def forward(request: web.Request) -> web.Response:
        index = next(turn)
        counts[index] += 1
        body = await request.read()
        headers = {
            k: v for k, v in request.headers.items() if k.lower().startswith(("x-", "content-"))
        }
        url = f"http://127.0.0.1:{ports[index]}{request.path}"
        async with client.post(url, data=body, headers=headers) as response:
            return web.Response(
                body=await response.read(),
                status=response.status,
                content_type=response.content_type,
            )

    app = web.Application()
    app.router.add_post("/{tail:.*}", forward)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield f"http://127.0.0.1:{port}/webhook", counts
    finally:
        await runner.cleanup()
        await client.close()


@contextlib.asynccontextmanager
async def replicas(
    count: int, standin: LoadStandIn, database_url: str, tmp_path: Path
) -> AsyncIterator[list[int]]:
    ports = [free_port() for _ in range(count)]
    async with load_balancer(ports) as (public_url, counts):
        processes = []
        for index, port in enumerate(ports):
            env = {
                **os.environ,
                "BOT_TOKEN": "42:REPLICA-TEST",
                "TELEGRAM_API_URL": standin.base_url,
                "DATABASE_URL": database_url,
                "WEBHOOK_URL": public_url,
                "WEBHOOK_SECRET": SECRET,
                "WEBHOOK_HOST": "127.0.0.1",
                "WEBHOOK_PORT": str(port),
                "WEB_PORT": str(free_port()),  # each replica's dashboard on a port of its own
                "LOG_LEVEL": "INFO",
            }
            log = (tmp_path / f"replica-{count}-{index}.log").open("wb")
            processes.append(
                subprocess.Popen(  # noqa: ASYNC220 - starting is quick; waits are async
                    [sys.executable, "-m", "bot", "run"],
                    cwd=tmp_path,  # no .env of the developer's; the code comes from the venv
                    env={**env, "PYTHONPATH": str(ROOT)},
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
        try:
            await wait_until_listening(ports, processes, tmp_path, count)
            yield counts
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()


async def wait_until_listening(
    ports: list[int], processes: list[subprocess.Popen[bytes]], tmp_path: Path, count: int
) -> None:
    for _ in range(600):
        for index, process in enumerate(processes):
            if process.poll() is not None:
                log = (tmp_path / f"replica-{count}-{index}.log").read_text(errors="replace")
                pytest.fail(f"replica {index} exited with {process.returncode}:\n{log[-3000:]}")
        ready = 0
        for port in ports:
            try:
                _, writer = await asyncio.open_connection("127.0.0.1", port)
                writer.close()
                ready += 1
            except OSError:
                pass
        if ready == len(ports):
            return
        await asyncio.sleep(0.1)
    pytest.fail("replicas did not start listening within 60 s")


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
            async with replicas(count, standin, url, tmp_path) as counts:
                await play_all(standin)
                # The webhook answers before the handler is done; each update's id is stored in
                # the transaction of its handler, so all are committed once all ids are there.
                await eventually(
                    lambda: committed_updates(url, OWNERS * len(SCRIPT)),
                    what="every update's transaction committed",
                )
            outcome = await stored_outcome(url)
            outcome["processed"] = outcome["processed"].scalar_one()
            return outcome, standin, counts
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
