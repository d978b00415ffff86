"""Which question Telegram accepted (bot/services/conversation.py PromptNotes): kept in memory
in polling mode (an answer then costs one write) and written when left unanswered or at
shutdown; written at once, in one write for every handler waiting, in webhook mode."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

from sqlalchemy import event

from bench.answer_cost import Cost, Counter, HandOffs
from bot.config import load_settings
from bot.db import transactions
from bot.db.models import Conversation
from bot.db.repositories import conversations, users
from bot.factory import Storage, create_storage
from bot.services.conversation import PromptNotes, seen, talk_of
from tests.e2e.harness import migrated_sqlite

TODAY = dt.date(2026, 12, 6)


async def storage_with_scans(folder: Path, users_count: int) -> tuple[Storage, list[int]]:
    settings = load_settings(DATABASE_URL=await migrated_sqlite(folder), BOT_TOKEN="42:T")
    storage = create_storage(settings)
    ids = []
    async with storage.sessionmaker() as session, transactions.write(session):
        for user_id in range(1, users_count + 1):
            await users.touch_user(session, user_id=user_id, telegram_language="nl")
            await session.flush()
            row = await conversations.open_conversation(
                session, user_id=user_id, flow="scan", position="org_name", answers={}
            )
            ids.append(row.id or 0)
    return storage, ids


async def read(storage: Storage, user_id: int) -> Conversation:
    async with storage.sessionmaker() as session, transactions.read(session):
        row = await conversations.open_of(session, user_id=user_id)
    assert row is not None
    return row


async def test_kept_notes_count_for_this_process_and_are_written_when_flushed(
    tmp_path: Path,
) -> None:
    storage, _ = await storage_with_scans(tmp_path, 1)
    notes = PromptNotes(eager=False)
    try:
        async with storage.sessionmaker() as session:
            talk = talk_of(await read(storage, 1), TODAY)
            await notes.delivered(session, talk, 77)
        stored = await read(storage, 1)
        assert stored.prompt_revision is None  # not written: no transaction for it
        notes.overlay(stored)
        assert seen(talk_of(stored, TODAY)) and stored.prompt_message_id == 77
        async with storage.sessionmaker() as session:
            assert await notes.flush(session, older_than=60) == 0  # not yet that old
            assert await notes.flush(session) == 1
        stored = await read(storage, 1)
        assert (stored.prompt_revision, stored.prompt_message_id) == (0, 77)
        assert notes.pending == {}
    finally:
        await storage.engine.dispose()


async def test_eager_notes_of_handlers_at_once_share_one_write(tmp_path: Path) -> None:
    counter = Counter()
    # Counted as bench.answer_cost counts: a write transaction through SQLAlchemy, or on SQLite
    # a prepared statement run by aiosqlite's thread (profiled from the storage's start on).
    with HandOffs(counter):
        storage, _ = await storage_with_scans(tmp_path, 20)
        notes = PromptNotes(eager=True)
        sync = storage.engine.sync_engine
        event.listen(sync, "begin", counter.begin)
        event.listen(sync, "commit", counter.end)
        event.listen(
            sync,
            "before_cursor_execute",
            lambda conn, cursor, text, params, context, many: counter.statement(conn, text),
        )
        try:
            talks = [talk_of(await read(storage, user_id), TODAY) for user_id in range(1, 21)]

            async def deliver(index: int) -> None:
                async with storage.sessionmaker() as session:
                    await notes.delivered(session, talks[index], 1000 + index)

            counter.current = Cost()
            await asyncio.gather(*(deliver(index) for index in range(20)))
            # The first writes alone, the nineteen that waited together.
            assert counter.current.writes == 2
            for user_id in range(1, 21):
                stored = await read(storage, user_id)
                assert (stored.prompt_revision, stored.prompt_message_id) == (0, 999 + user_id)
        finally:
            await storage.engine.dispose()
