"""The storage functions behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlmodel import select

from bot.db import repo
from bot.db.models import IntakeSession, ProcessedUpdate, SessionStatus, User, as_utc, utcnow
from bot.factory import Storage

BIG_ID = 9_007_199_254_740_993  # beyond 32 bits and beyond a double's exact integers


async def test_big_ids_and_aware_times_round_trip(storage: Storage) -> None:
    moment = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    async with storage.sessionmaker() as session:
        await repo.touch_user(session, user_id=BIG_ID, telegram_language="nl", now=moment)
        repo.mark_update(session, update_id=BIG_ID)
        await session.commit()
    async with storage.sessionmaker() as session:
        user = await repo.get_user(session, user_id=BIG_ID)
        assert user is not None and user.id == BIG_ID
        assert as_utc(user.first_seen) == moment
        assert await repo.update_seen(session, update_id=BIG_ID)
        assert await repo.forget_updates_before(session, before=moment) == 0
        later = utcnow() + timedelta(days=1)
        assert await repo.forget_updates_before(session, before=later) == 1
        await session.commit()
        assert (await session.exec(select(ProcessedUpdate))).all() == []


async def test_answers_are_written_changed_and_removed(storage: Storage) -> None:
    async with storage.sessionmaker() as session:
        await repo.touch_user(session, user_id=1, telegram_language="nl")
        await session.flush()
        intake = await repo.start_intake(session, user_id=1, position="a", context={"c": "é"})
        first = {"sector": "bakkerij", "persons": [{"hours": 24.5, "note": "ë ✓"}], "n": 3}
        await repo.save_answers(session, intake_id=intake.id, before={}, after=first)
        await session.commit()
        second = {"sector": "bakkerij", "persons": [{"hours": 30}], "extra": None}
        await repo.save_answers(session, intake_id=intake.id, before=first, after=second)
        await session.commit()
    async with storage.sessionmaker() as session:
        assert await repo.load_answers(session, intake_id=intake.id) == second


async def test_advance_intake_moves_once_per_revision(storage: Storage) -> None:
    async with storage.sessionmaker() as session:
        await repo.touch_user(session, user_id=2, telegram_language="en")
        await session.flush()
        intake = await repo.start_intake(session, user_id=2, position="q1", context={})
        await session.commit()
        intake_id = intake.id

    async def advance(position: str) -> bool:
        async with storage.sessionmaker() as session:
            mine = await session.get(IntakeSession, intake_id)
            assert mine is not None
            moved = await repo.advance_intake(
                session,
                intake=mine,
                expected_revision=0,
                position=position,
                return_to_review=False,
            )
            await asyncio.sleep(0.05)  # hold the row (PostgreSQL) or the write lock (SQLite)
            await session.commit()
            return moved

    # Two processes' worth of sessions race on the same revision: exactly one wins.
    results = await asyncio.gather(advance("q2-a"), advance("q2-b"))
    assert sorted(results) == [False, True]
    async with storage.sessionmaker() as session:
        stored = await session.get(IntakeSession, intake_id)
        assert stored is not None and stored.revision == 1
        assert stored.position == ("q2-a" if results[0] else "q2-b")
        done = await repo.advance_intake(
            session,
            intake=stored,
            expected_revision=1,
            position="review",
            return_to_review=False,
            status=SessionStatus.COMPLETED,
        )
        await session.commit()
        assert done and stored.completed_at is not None
        assert (await repo.latest_completed_intake(session, user_id=2)) is not None
        assert await repo.current_intake(session, user_id=2) is None


async def test_user_activity_written_only_when_stale(storage: Storage) -> None:
    start = datetime(2026, 1, 1, 12, tzinfo=UTC)
    async with storage.sessionmaker() as session:
        await repo.touch_user(session, user_id=3, telegram_language="nl", now=start)
        await session.commit()
    async with storage.sessionmaker() as session:
        user = await repo.touch_user(
            session, user_id=3, telegram_language="nl", now=start + timedelta(hours=2)
        )
        await session.commit()
        assert as_utc(user.last_active) == start + timedelta(hours=2)
        assert (await session.exec(select(User))).one().id == 3


async def test_the_scan_in_progress_comes_with_its_answers_in_one_query(storage: Storage) -> None:
    async with storage.sessionmaker() as session:
        assert await repo.current_intake_and_answers(session, user_id=3) == (None, {})
        await repo.touch_user(session, user_id=3, telegram_language="nl")
        await session.flush()
        old = await repo.start_intake(session, user_id=3, position="q9", context={})
        await repo.save_answers(session, intake_id=old.id, before={}, after={"sector": "garage"})
        old.status = SessionStatus.RESTARTED
        new = await repo.start_intake(session, user_id=3, position="q1", context={})
        await session.commit()
        intake, answers = await repo.current_intake_and_answers(session, user_id=3)
        assert intake is not None and intake.id == new.id and answers == {}
        await repo.save_answers(
            session, intake_id=new.id, before={}, after={"sector": "bakkerij", "fte": 7.5}
        )
        await session.commit()
        intake, answers = await repo.current_intake_and_answers(session, user_id=3)
        assert intake is not None and intake.id == new.id
        assert answers == {"sector": "bakkerij", "fte": 7.5}
        user, handled = await repo.load_account(session, user_id=3, update_id=55)
        assert user is not None and user.id == 3 and handled is False
        repo.mark_update_on_commit(session, update_id=55)
        await session.commit()
        assert (await repo.load_account(session, user_id=3, update_id=55))[1] is True
        assert await repo.load_account(session, user_id=404, update_id=55) == (None, True)
