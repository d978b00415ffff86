"""The questions Telegram accepted that no answer has made moot yet, written to the database
now and then and at shutdown (bot/services/conversation.py `PromptNotes`): in polling mode an
answer then costs one write, and a question left unanswered is still known as seen after a
restart. In webhook mode every note is written at once and there is nothing to do here."""

from __future__ import annotations

import asyncio
import logging

from aiogram import Dispatcher

from bot.config import Settings
from bot.db import Engine, Sessionmaker
from bot.db.failures import cause
from bot.jobs.background import run_while_dispatching
from bot.services.conversation import PromptNotes, keep_notes

log = logging.getLogger(__name__)
FLUSH_EVERY = 30.0  # seconds between writes of the notes kept that long


async def flush(notes: PromptNotes, sessionmaker: Sessionmaker, *, older_than: float) -> None:
    try:
        async with sessionmaker() as session:
            await notes.flush(session, older_than=older_than)
    except Exception as error:  # the next round tries again; the notes stay kept
        log.warning("could not write delivered questions: %s", cause(error))


def setup_prompt_notes(dispatcher: Dispatcher, engine: Engine, settings: Settings) -> None:
    notes = keep_notes(engine, eager=settings.webhook_url is not None)
    if notes.eager:
        return
    sessionmaker: Sessionmaker = dispatcher["sessionmaker"]

    async def every_while() -> None:
        while True:
            await asyncio.sleep(FLUSH_EVERY)
            await flush(notes, sessionmaker, older_than=FLUSH_EVERY)

    async def at_shutdown() -> None:
        await flush(notes, sessionmaker, older_than=0.0)

    run_while_dispatching(dispatcher, "prompt notes", every_while, afterwards=at_shutdown)
