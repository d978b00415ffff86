"""What tests/faults/child.py reads from a bot process: aiogram's log line per handled update.

aiogram logs it when `Dispatcher.feed_update` returns, whether a handler took the update or not;
the crash tests wait for it. If an upgrade words it differently, this fails first (and says
so), not the crash tests by a timeout.
"""

from __future__ import annotations

import logging
import time

import pytest
from aiogram import Bot, Dispatcher, F, Router
from aiogram.types import Message, Update

from standin import StandIn
from standin.inprocess import InProcessSession
from tests.faults.child import HANDLED


async def test_aiogram_logs_each_update_it_has_handled(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="aiogram.event")
    router = Router()

    @router.message(F.text == "hallo")
    async def hello(message: Message) -> None:
        return None

    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    bot = Bot("42:X", session=InProcessSession(StandIn()))
    user = {"id": 7, "is_bot": False, "first_name": "Ilse"}
    for update_id, text in ((5001, "hallo"), (5002, "iets anders")):
        message = {
            "message_id": update_id,
            "date": int(time.time()),
            "chat": {"id": 7, "type": "private", "first_name": "Ilse"},
            "from": user,
            "text": text,
        }
        update = Update.model_validate({"update_id": update_id, "message": message})
        await dispatcher.feed_update(bot, update)
    await bot.session.close()
    logged = [HANDLED.search(r.getMessage()) for r in caplog.records if r.name == "aiogram.event"]
    assert [int(m.group(1)) for m in logged if m] == [5001, 5002], caplog.text
