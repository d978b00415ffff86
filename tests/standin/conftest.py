"""Fixtures: a started StandIn, a real aiogram Bot pointed at it, and a raw HTTP client."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from aiogram.client.telegram import TelegramAPIServer
from aiohttp import ClientSession

from standin import StandIn
from tests.standin.standin_support import TOKEN, USER, LoopbackSession, RawApi


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
