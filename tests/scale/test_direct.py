"""The statements of every answer run on SQLite's connection directly (`bot.db.direct`), yet
behave as the session's own: its objects, its transaction, its write queue, its errors."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from bot.db import repo
from bot.db.engine import create_engine, create_sessionmaker
from bot.db.models import Answer, IntakeSession, ProcessedUpdate, SessionStatus, User
from bot.factory import Storage
from tests.e2e.harness import migrated_sqlite
from tests.scale.test_sqlite_inline import other_writer


async def started(storage: Storage, user_id: int = 1) -> int:
    """A user with a scan in progress and one answer; returns the scan's id."""
    async with storage.sessionmaker() as session:
        await repo.touch_user(session, user_id=user_id, telegram_language="nl")
        await session.flush()
        intake = await repo.start_intake(session, user_id=user_id, position="a", context={})
        await repo.save_answers(session, intake_id=intake.id or 0, before={}, after={"a": 1})
        await session.commit()
        return intake.id or 0


async def step(session: Any, *, user_id: int = 1, answer: int = 2) -> bool:
    """What an answer does: load the scan, move it on, store the answer."""
    intake, answers = await repo.current_intake_and_answers(session, user_id=user_id)
    assert intake is not None
    moved = await repo.advance_intake(
        session,
        intake=intake,
        expected_revision=intake.revision,
        position="b",
        return_to_review=False,
    )
    after = {**answers, "b": answer}
    await repo.save_answers(session, intake_id=intake.id or 0, before=answers, after=after)
    return moved


async def answer_and_commit(storage: Storage) -> None:
    async with storage.sessionmaker() as session:
        assert await step(session)
        await session.commit()


async def stored_answers(storage: Storage, intake_id: int) -> dict[str, str]:
    async with storage.sessionmaker() as session:
        rows = await session.exec(select(Answer).where(Answer.session_id == intake_id))
        return {answer.key: answer.value_json for answer in rows}


# --- on both databases ------------------------------------------------------------------------
async def test_a_loaded_row_is_the_sessions_own_object(storage: Storage) -> None:
    await started(storage)
    async with storage.sessionmaker() as session:
        user, handled = await repo.load_account(session, user_id=1, update_id=5)
        assert user is not None and not handled
        assert await session.get(User, 1) is user  # the same object a query would give
        intake, answers = await repo.current_intake_and_answers(session, user_id=1)
        assert intake is not None and answers == {"a": 1}
        assert (intake.position, intake.revision, intake.return_to_review) == ("a", 0, False)
        assert not session.dirty and not session.new  # loaded, not changed
        user.language = "en"  # as a handler does; the session stores it at commit
        await session.commit()
    async with storage.sessionmaker() as session:
        stored = await session.get(User, 1)
        assert stored is not None and stored.language == "en"
        count = (await session.exec(select(User))).all()
        assert len(count) == 1


async def test_an_update_already_handled_is_recognised(storage: Storage) -> None:
    await started(storage)
    async with storage.sessionmaker() as session:
        repo.mark_update_on_commit(session, update_id=77)
        assert await step(session)
        await session.commit()
    async with storage.sessionmaker() as session:
        assert (await repo.load_account(session, user_id=1, update_id=77))[1] is True
        assert (await repo.load_account(session, user_id=1, update_id=78))[1] is False


async def test_an_answer_and_its_update_are_kept_or_dropped_together(storage: Storage) -> None:
    intake_id = await started(storage)
    async with storage.sessionmaker() as session:
        repo.mark_update_on_commit(session, update_id=10)
        assert await step(session, answer=2)
        await session.rollback()
    assert await stored_answers(storage, intake_id) == {"a": "1"}
    async with storage.sessionmaker() as session:
        assert not await repo.update_seen(session, update_id=10)
        repo.mark_update_on_commit(session, update_id=10)
        assert await step(session, answer=3)
        await session.commit()
    assert await stored_answers(storage, intake_id) == {"a": "1", "b": "3"}
    async with storage.sessionmaker() as session:
        assert await repo.update_seen(session, update_id=10)
        intake = await session.get(IntakeSession, intake_id)
        assert intake is not None and (intake.position, intake.revision) == ("b", 1)


async def test_a_step_on_an_old_revision_moves_nothing(storage: Storage) -> None:
    await started(storage)
    async with storage.sessionmaker() as first, storage.sessionmaker() as second:
        intake, _ = await repo.current_intake_and_answers(first, user_id=1)
        assert intake is not None
        assert await step(second)  # another device moves on first
        await second.commit()
        moved = await repo.advance_intake(
            first, intake=intake, expected_revision=0, position="z", return_to_review=False
        )
        assert moved is False


async def test_a_direct_statement_sees_the_sessions_unflushed_changes(storage: Storage) -> None:
    """As the session's own queries do (autoflush): a new object and a changed one count."""
    await started(storage)
    async with storage.sessionmaker() as session:
        session.add(User(id=2, telegram_language="en"))  # new, not flushed
        account, _ = await repo.load_account(session, user_id=2, update_id=8)
        assert account is not None and account.telegram_language == "en"

        intake, _ = await repo.current_intake_and_answers(session, user_id=1)
        assert intake is not None
        intake.status = SessionStatus.COMPLETED  # changed, not flushed
        assert await repo.current_intake_and_answers(session, user_id=1) == (None, {})


async def test_a_second_record_of_one_update_is_an_integrity_error(storage: Storage) -> None:
    async with storage.sessionmaker() as session:
        repo.mark_update(session, update_id=3)
        await session.commit()
    async with storage.sessionmaker() as session:
        repo.mark_update_on_commit(session, update_id=3)
        with pytest.raises(IntegrityError):
            await session.commit()
        await session.rollback()
        assert len((await session.exec(select(ProcessedUpdate))).all()) == 1


async def prompt_message_of(storage: Storage, intake_id: int) -> int | None:
    async with storage.sessionmaker() as session:
        intake = await session.get(IntakeSession, intake_id)
        assert intake is not None
        return intake.prompt_message_id


async def test_the_prompt_message_is_committed_with_what_the_session_holds(
    storage: Storage,
) -> None:
    intake_id = await started(storage)
    async with storage.sessionmaker() as session:
        repo.mark_update_on_commit(session, update_id=8)
        intake, _ = await repo.current_intake_and_answers(session, user_id=1)
        assert intake is not None
        await repo.set_prompt_message(session, intake=intake, message_id=42)
        assert not session.in_transaction()
    assert await prompt_message_of(storage, intake_id) == 42
    async with storage.sessionmaker() as session:
        assert await repo.update_seen(session, update_id=8)  # the pending mark went with it


# --- SQLite: how they run -------------------------------------------------------------------
@pytest.fixture
async def sqlite_storage(tmp_path: Path) -> AsyncIterator[tuple[Storage, str]]:
    url = await migrated_sqlite(tmp_path)
    engine = create_engine(url)
    try:
        yield Storage(engine=engine, sessionmaker=create_sessionmaker(engine)), url
    finally:
        await engine.dispose()


async def test_an_answer_runs_no_statement_through_sqlalchemy(
    sqlite_storage: tuple[Storage, str],
) -> None:
    storage, _ = sqlite_storage
    await started(storage)
    through_sqlalchemy: list[str] = []

    @event.listens_for(storage.engine.sync_engine, "before_cursor_execute")
    def note(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        through_sqlalchemy.append(statement)

    async with storage.sessionmaker() as session:
        user, _ = await repo.load_account(session, user_id=1, update_id=5)
        assert user is not None
        repo.mark_update_on_commit(session, update_id=5)
        assert await step(session)
        await session.commit()
        intake, _ = await repo.current_intake_and_answers(session, user_id=1)
        assert intake is not None
        await repo.set_prompt_message(session, intake=intake, message_id=42)
        await session.commit()
    assert through_sqlalchemy == []
    async with storage.sessionmaker() as session:
        intake = await session.get(IntakeSession, intake.id)
        assert intake is not None and intake.prompt_message_id == 42
        assert await repo.update_seen(session, update_id=5)


async def test_a_direct_write_waits_its_turn_behind_this_processs_writer(
    sqlite_storage: tuple[Storage, str],
) -> None:
    storage, _ = sqlite_storage
    intake_id = await started(storage)
    busy_waits = spy_on_busy_waits(storage)
    async with storage.sessionmaker() as holder:
        await holder.exec(update(User).where(User.id == 1).values(language="en"))  # type: ignore[call-overload]
        answering = asyncio.create_task(answer_and_commit(storage))
        await asyncio.sleep(0.1)
        assert not answering.done()  # queued, not failed with "database is locked"
        await holder.commit()
    await asyncio.wait_for(answering, 5)
    assert await stored_answers(storage, intake_id) == {"a": "1", "b": "2"}
    assert busy_waits == []  # it never met SQLite's lock: the queue let it in after the commit


async def test_a_direct_write_waits_for_another_processs_lock_off_the_loop(
    sqlite_storage: tuple[Storage, str],
) -> None:
    storage, url = sqlite_storage
    intake_id = await started(storage)
    busy_waits = spy_on_busy_waits(storage)
    blocker: sqlite3.Connection = other_writer(url)
    answering = asyncio.create_task(answer_and_commit(storage))
    ticks = 0
    for _ in range(20):  # 0.2 s in which the loop must keep turning
        await asyncio.sleep(0.01)
        ticks += 1
    assert ticks == 20 and not answering.done()
    blocker.execute("COMMIT")
    blocker.close()
    await asyncio.wait_for(answering, 5)
    assert await stored_answers(storage, intake_id) == {"a": "1", "b": "2"}
    assert len(busy_waits) == 1  # the write that met the lock, waited for in a worker thread


def spy_on_busy_waits(storage: Storage) -> list[object]:
    """Notes each statement that met SQLite's lock and was run again in a worker thread."""
    dialect: Any = storage.engine.sync_engine.dialect
    calls: list[object] = []
    original = dialect._off_the_loop

    def off_the_loop(call: object, args: tuple[object, ...]) -> None:
        calls.append(call)
        original(call, args)

    dialect._off_the_loop = off_the_loop
    return calls


async def test_a_prompt_message_alone_is_written_without_a_session_transaction(
    sqlite_storage: tuple[Storage, str],
) -> None:
    storage, _ = sqlite_storage
    intake_id = await started(storage)
    async with storage.sessionmaker() as session:
        assert await step(session)
        await session.commit()
        intake, _ = await repo.current_intake_and_answers(session, user_id=1)
        assert intake is not None
        await session.commit()
        begun: list[object] = []
        event.listen(session.sync_session, "after_begin", lambda *args: begun.append(args))
        await repo.set_prompt_message(session, intake=intake, message_id=43)
        assert begun == [] and not session.in_transaction()
        assert intake.prompt_message_id == 43
    assert await prompt_message_of(storage, intake_id) == 43
    queue: Any = storage.engine.sync_engine.dialect.write_queue  # type: ignore[attr-defined]
    assert not queue._lock.locked()  # handed on at its commit


async def test_a_prompt_message_alone_waits_for_another_processs_lock_off_the_loop(
    sqlite_storage: tuple[Storage, str],
) -> None:
    storage, url = sqlite_storage
    intake_id = await started(storage)
    busy_waits = spy_on_busy_waits(storage)
    async with storage.sessionmaker() as session:
        intake, _ = await repo.current_intake_and_answers(session, user_id=1)
        assert intake is not None
        await session.commit()
        blocker: sqlite3.Connection = other_writer(url)
        writing = asyncio.create_task(
            repo.set_prompt_message(session, intake=intake, message_id=44)
        )
        await asyncio.sleep(0.2)
        assert not writing.done()
        blocker.execute("COMMIT")
        blocker.close()
        await asyncio.wait_for(writing, 5)
    assert await prompt_message_of(storage, intake_id) == 44
    assert len(busy_waits) == 1
