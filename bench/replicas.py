"""Webhook replicas of the real bot (`python -m bot run` processes) on one database, behind a load
balancer, fed by a stand-in that posts updates to the balancer as Telegram posts them to a
webhook (one update per chat at a time, up to max_connections; standin/server.py).

Used by `make bench REPLICAS=2` (bench/run.py) and tests/scale/test_replicas.py.

The balancer is the operator's reverse proxy in miniature: it forwards each POST to one replica
and hands back the replica's answer (which may carry a Bot API method for the stand-in to run).
`round-robin` sends each update to the next replica in turn (so one owner's conversation
alternates between them); `least-busy` to the replica with the fewest updates in flight (ties
go round), as nginx's `least_conn`. It runs in the caller's process and event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import signal
import socket
import subprocess
import sys
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import ClientSession, ClientTimeout, TCPConnector, web

from standin import StandIn

ROOT = Path(__file__).resolve().parents[1]
POLICIES = ("round-robin", "least-busy")
SECRET = "replica-secret"
# Forwarded to the replica: the secret token and the body's type.
_FORWARDED = ("x-", "content-type")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LoadBalancer:
    """Forwards every POST to one of `ports` on 127.0.0.1, by `policy`."""

    def __init__(self, ports: list[int], policy: str = "round-robin") -> None:
        if policy not in POLICIES:
            raise ValueError(f"policy must be one of {POLICIES}, not {policy!r}")
        self.ports, self.policy = ports, policy
        self.counts = [0] * len(ports)  # updates sent to each replica
        self.in_flight = [0] * len(ports)
        self._turn = itertools.cycle(range(len(ports)))
        self._runner: web.AppRunner | None = None
        self._client: ClientSession | None = None
        self.url = ""

    def choose(self) -> int:
        if self.policy == "round-robin":
            return next(self._turn)
        fewest = min(self.in_flight)
        # Among the least busy, the next in turn: idle replicas share the updates.
        return next(i for i in self._turn if self.in_flight[i] == fewest)

    async def _forward(self, request: web.Request) -> web.Response:
        assert self._client is not None
        index = self.choose()
        self.counts[index] += 1
        self.in_flight[index] += 1
        try:
            body = await request.read()
            headers = {k: v for k, v in request.headers.items() if k.lower().startswith(_FORWARDED)}
            url = f"http://127.0.0.1:{self.ports[index]}{request.path}"
            async with self._client.post(url, data=body, headers=headers) as response:
                return web.Response(
                    body=await response.read(),
                    status=response.status,
                    content_type=response.content_type,
                )
        finally:
            self.in_flight[index] -= 1

    async def start(self, path: str = "/webhook") -> str:
        # No bound on connections to the replicas: the stand-in's max_connections is the bound.
        self._client = ClientSession(
            connector=TCPConnector(limit=0), timeout=ClientTimeout(total=None)
        )
        app = web.Application()
        app.router.add_post("/{tail:.*}", self._forward)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}{path}"
        return self.url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        if self._client is not None:
            await self._client.close()
        self._runner = self._client = None


@dataclass
class Replica:
    index: int
    port: int
    log: Path
    process: subprocess.Popen[bytes]


@dataclass
class Cluster:
    balancer: LoadBalancer
    replicas: list[Replica] = field(default_factory=list)

    @property
    def pids(self) -> list[int]:
        return [replica.process.pid for replica in self.replicas]


class ReplicaFailed(RuntimeError):
    pass


def _start_replica(
    index: int, port: int, env: Mapping[str, str], folder: Path, name: str
) -> Replica:
    log = folder / f"{name}-{index}.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        cwd=folder,  # no .env of the developer's; the code comes from PYTHONPATH
        env={**env, "WEBHOOK_PORT": str(port), "WEB_PORT": str(free_port())},
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    return Replica(index, port, log, process)


async def _wait_until_listening(replicas: list[Replica], seconds: float = 60.0) -> None:
    for _ in range(int(seconds * 10)):
        ready = 0
        for replica in replicas:
            if replica.process.poll() is not None:
                output = replica.log.read_text(errors="replace")
                raise ReplicaFailed(
                    f"replica {replica.index} exited with {replica.process.returncode}:\n"
                    f"{output[-3000:]}"
                )
            try:
                _, writer = await asyncio.open_connection("127.0.0.1", replica.port)
                writer.close()
                ready += 1
            except OSError:
                pass
        if ready == len(replicas):
            return
        await asyncio.sleep(0.1)
    raise ReplicaFailed(f"replicas did not start listening within {seconds:.0f} s")


async def _stop(replica: Replica, seconds: float = 15.0) -> None:
    if replica.process.poll() is None:
        replica.process.send_signal(signal.SIGTERM)
    try:
        await asyncio.to_thread(replica.process.wait, seconds)
    except subprocess.TimeoutExpired:
        replica.process.kill()
        await asyncio.to_thread(replica.process.wait)


@contextlib.asynccontextmanager
async def webhook_replicas(
    count: int,
    *,
    standin: StandIn,
    database_url: str,
    folder: Path,
    token: str,
    policy: str = "round-robin",
    log_level: str = "INFO",
    name: str = "replica",
) -> AsyncIterator[Cluster]:
    """`count` bot processes in webhook mode on `database_url`, behind a balancer whose URL each
    registers with the stand-in at start; stopped (SIGTERM) when the block ends. Each writes its
    output to FOLDER/NAME-INDEX.log."""
    ports = [free_port() for _ in range(count)]
    balancer = LoadBalancer(ports, policy)
    public_url = await balancer.start()
    env = {
        **os.environ,
        "BOT_TOKEN": token,
        "TELEGRAM_API_URL": standin.base_url,
        "DATABASE_URL": database_url,
        "WEBHOOK_URL": public_url,
        "WEBHOOK_SECRET": SECRET,
        "WEBHOOK_HOST": "127.0.0.1",
        "LOG_LEVEL": log_level,
        "PYTHONPATH": str(ROOT),
    }
    cluster = Cluster(balancer)
    try:
        for index, port in enumerate(ports):
            cluster.replicas.append(_start_replica(index, port, env, folder, name))
        await _wait_until_listening(cluster.replicas)
        yield cluster
    finally:
        await asyncio.gather(*(_stop(replica) for replica in cluster.replicas))
        await balancer.stop()
