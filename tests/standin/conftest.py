"""Fixtures: a started StandIn, a real aiogram Bot pointed at it, and a raw HTTP client."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiohttp import ClientSession

# tests/standin has no __init__.py, so make the project importable however pytest is started
ROOT = str(Path(__file__).resolve().parents[2])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from bot.standin import StandIn  # noqa: E402

TOKEN = "42:TEST"
USER = 1001


@pytest.fixture
async def standin() -> AsyncIterator[StandIn]:
    s = StandIn(quiet_seconds=0.05)
    await s.start()
    s.add_user(USER, first_name="Ilse", language_code="nl")
    try:
        yield s
    finally:
        await s.stop()


class LoopbackSession(AiohttpSession):
    """aiogram's session minus the 0.25 s sleep on close meant for TLS, pointless on loopback."""

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()


@pytest.fixture
async def bot(standin: StandIn) -> AsyncIterator[Bot]:
    session = LoopbackSession(api=TelegramAPIServer.from_base(standin.base_url))
    b = Bot(token=TOKEN, session=session)
    try:
        yield b
    finally:
        await b.session.close()


class RawApi:
    """Posts arbitrary requests, for things aiogram itself would never send."""

    def __init__(self, base_url: str, session: ClientSession) -> None:
        self.base_url, self.session = base_url, session

    async def __call__(
        self, method: str, token: str = TOKEN, **params: Any
    ) -> tuple[int, dict[str, Any]]:
        url = f"{self.base_url}/bot{token}/{method}"
        async with self.session.post(url, data={k: str(v) for k, v in params.items()}) as resp:
            return resp.status, await resp.json()

    async def json(self, method: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        async with self.session.post(f"{self.base_url}/bot{TOKEN}/{method}", json=body) as resp:
            return resp.status, await resp.json()


@pytest.fixture
async def raw(standin: StandIn) -> AsyncIterator[RawApi]:
    async with ClientSession() as session:
        yield RawApi(standin.base_url, session)
