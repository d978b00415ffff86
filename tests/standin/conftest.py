"""Fixtures: a started StandIn, a real aiogram Bot pointed at it, and a raw HTTP client."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiogram import Bot
from aiogram.client.telegram import TelegramAPIServer
from aiohttp import ClientSession

# make the project and the helper module importable however pytest is started
for _path in (Path(__file__).resolve().parents[2], Path(__file__).resolve().parent):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from standin_support import TOKEN, USER, LoopbackSession, RawApi  # noqa: E402

from bot.standin import StandIn  # noqa: E402


@pytest.fixture
async def standin() -> AsyncIterator[StandIn]:
    s = StandIn(quiet_seconds=0.05)
    await s.start()
    s.add_user(USER, first_name="Ilse", language_code="nl")
    try:
        yield s
    finally:
        await s.stop()


@pytest.fixture
async def bot(standin: StandIn) -> AsyncIterator[Bot]:
    session = LoopbackSession(api=TelegramAPIServer.from_base(standin.base_url))
    b = Bot(token=TOKEN, session=session)
    try:
        yield b
    finally:
        await b.session.close()


@pytest.fixture
async def raw(standin: StandIn) -> AsyncIterator[RawApi]:
    async with ClientSession() as session:
        yield RawApi(standin.base_url, session)
