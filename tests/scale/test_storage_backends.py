"""The storage functions behave the same on SQLite and PostgreSQL, each in explicit, short
transactions as the bot runs them."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from bot.db import transactions
from bot.db.models import Conversation, ConversationStatus, ProcessedUpdate, User, as_utc, utcnow
from bot.db.repositories import conversations, users
from bot.factory import Storage

BIG_ID = 9_007_199_254_740_993  # beyond 32 bits and beyond a double's exact integers


async def test_big_ids_and_aware_times_round_trip(storage: Storage) -> None:
    moment = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    async with storage.sessionmaker() as session:
        users.mark_update_on_commit(session, update_id=BIG_ID)
        async with transactions.write(session):
            await users.touch_user(session, user_id=BIG_ID, telegram_language="nl", now=moment)
    async with storage.sessionmaker() as session, session.begin():
        user = await users.get_user(session, user_id=BIG_ID)
        assert user is not None and user.id == BIG_ID
        assert as_utc(user.first_seen) == moment
        assert await users.update_seen(session, update_id=BIG_ID)
        assert await users.forget_updates_before(session, before=moment) == 0
        later = utcnow() + timedelta(days=1)
        assert await users.forget_updates_before(session, before=later) == 1
    async with storage.sessionmaker() as session, session.begin():
        assert (await session.exec(select(ProcessedUpdate))).all() == []


async def test_an_update_is_recorded_with_the_first_write_only(storage: Storage) -> None:
    async with storage.sessionmaker() as session:
        async with transactions.write(session):
            await users.touch_user(session, user_id=7, telegram_language="nl")
        users.mark_update_on_commit(session, update_id=70)
        async with transactions.read(session):
            assert not await users.update_seen(session, update_id=70)
        async with transactions.read(session):  # a read records nothing
            assert not await users.update_seen(session, update_id=70)
        async with transactions.write(session):
            assert not await users.update_seen(session, update_id=70)  # not before the commit
        async with transactions.read(session):
            assert await users.update_seen(session, update_id=70)
    # A transaction that fails takes the record with it: a redelivery is handled again.
    async with storage.sessionmaker() as session:
        users.mark_update_on_commit(session, update_id=71)
        try:
            async with transactions.write(session):
                await users.touch_user(session, user_id=7, telegram_language="nl")
                raise RuntimeError("the handler failed")
        except RuntimeError:
            pass
    async with storage.sessionmaker() as session, transactions.read(session):
        assert not await users.update_seen(session, update_id=71)


async def test_answers_move_with_the_scan_or_not_at_all(storage: Storage) -> None:
    first = {"sector": "bakkerij", "persons": [{"hours": 24.5, "note": "ë ✓"}], "n": 3}
    second = {"sector": "bakkerij", "persons": [{"hours": 30}], "extra": None}
    async with storage.sessionmaker() as session:
        async with transactions.write(session):
            await users.touch_user(session, user_id=1, telegram_language="nl")
            await session.flush()
            intake = await conversations.open_conversation(
                session, user_id=1, flow="scan", position="a", context={"c": "é"}, answers=first
            )
        async with transactions.write(session):
            moved = await conversations.advance(
                session,
                conversation=intake,
                expected_revision=0,
                position="b",
                return_to_review=False,
                answers=second,
            )
            assert moved
        async with transactions.write(session):  # an old revision: neither moves
            stale = await conversations.advance(
                session,
                conversation=intake,
                expected_revision=0,
                position="c",
                return_to_review=False,
                answers={"sector": "garage"},
            )
            assert not stale
    async with storage.sessionmaker() as session, transactions.read(session):
        stored = await conversations.open_of(session, user_id=1)
        assert stored is not None and stored.position == "b"
        assert conversations.answers_of(stored) == second


async def test_advance_intake_moves_once_per_revision(storage: Storage) -> None:
    async with storage.sessionmaker() as session, session.begin():
        await users.touch_user(session, user_id=2, telegram_language="en")
        await session.flush()
        intake = await conversations.open_conversation(
            session, user_id=2, flow="scan", position="q1", answers={}
        )
    scan_id = intake.id

    async def advance(position: str) -> bool:
        async with storage.sessionmaker() as session, session.begin():
            mine = await session.get(Conversation, scan_id)
            assert mine is not None
            moved = await conversations.advance(
                session,
                conversation=mine,
                expected_revision=0,
                position=position,
                return_to_review=False,
            )
            await asyncio.sleep(0.05)  # hold the row (PostgreSQL) or the write lock (SQLite)
            return moved

    # Two processes' worth of sessions race on the same revision: exactly one wins.
    results = await asyncio.gather(advance("q2-a"), advance("q2-b"))
    assert sorted(results) == [False, True]
    async with storage.sessionmaker() as session:
        async with session.begin():
            stored = await session.get(Conversation, scan_id)
            assert stored is not None and stored.revision == 1
            assert stored.position == ("q2-a" if results[0] else "q2-b")
            done = await conversations.advance(
                session,
                conversation=stored,
                expected_revision=1,
                position="review",
                return_to_review=False,
                status=ConversationStatus.COMPLETED,
            )
        assert done and stored.completed_at is not None
        async with session.begin():
            assert (await conversations.latest_completed_scan(session, user_id=2)) is not None
            assert await conversations.open_of(session, user_id=2) is None


async def test_user_activity_written_only_when_stale(storage: Storage) -> None:
    start = datetime(2026, 1, 1, 12, tzinfo=UTC)
    async with storage.sessionmaker() as session, session.begin():
        await users.touch_user(session, user_id=3, telegram_language="nl", now=start)
    async with storage.sessionmaker() as session:
        async with session.begin():
            user = await users.touch_user(
                session, user_id=3, telegram_language="nl", now=start + timedelta(seconds=30)
            )
            assert not session.dirty  # within a minute: nothing to write
            user = await users.touch_user(
                session, user_id=3, telegram_language="nl", now=start + timedelta(hours=2)
            )
        assert as_utc(user.last_active) == start + timedelta(hours=2)
        async with session.begin():
            assert (await session.exec(select(User))).one().id == 3


async def test_the_open_conversation_comes_with_the_user_in_one_read(storage: Storage) -> None:
    async with storage.sessionmaker() as session:
        async with session.begin():
            assert await conversations.load_account(session, user_id=3, update_id=55) == (
                None,
                None,
                False,
            )
            await users.touch_user(session, user_id=3, telegram_language="nl")
            await session.flush()
            old = await conversations.open_conversation(
                session, user_id=3, flow="scan", position="q9", answers={"sector": "garage"}
            )
            old.status = ConversationStatus.RESTARTED
            await session.flush()
            new = await conversations.open_conversation(
                session, user_id=3, flow="scan", position="q1", answers={}, context={}
            )
        async with session.begin():
            await conversations.save_answers(
                session, conversation_id=new.id or 0, answers={"sector": "bakkerij", "fte": 7.5}
            )
        async with session.begin():
            user, found, handled = await conversations.load_account(
                session, user_id=3, update_id=55
            )
            assert user is not None and user.id == 3 and handled is False
            assert found is not None and found.id == new.id
            assert conversations.answers_of(found) == {"sector": "bakkerij", "fte": 7.5}
        users.mark_update_on_commit(session, update_id=55)
        async with transactions.write(session):
            pass
        async with session.begin():
            assert (await conversations.load_account(session, user_id=3, update_id=55))[2] is True
            assert await conversations.load_account(session, user_id=404, update_id=55) == (
                None,
                None,
                True,
            )


async def test_one_open_conversation_per_user(storage: Storage) -> None:
    """Two processes opening a flow for one user at once: the database keeps one open."""
    async with storage.sessionmaker() as session, session.begin():
        await users.touch_user(session, user_id=4, telegram_language="nl")
        await session.flush()
        await conversations.open_conversation(
            session, user_id=4, flow="scan", position="q1", answers={}
        )
    with pytest.raises(IntegrityError):
        async with storage.sessionmaker() as session, session.begin():
            await conversations.open_conversation(
                session, user_id=4, flow="what_if", position="hires.1.target_group", answers={}
            )
