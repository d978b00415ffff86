"""An answer's read and write (bot.db.prepared) on SQLite and PostgreSQL: the rows are the ones
the ORM loads, the objects are the session's own, the move records the update it handled, and
on SQLite each is one hand-off to aiosqlite's thread."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

from sqlmodel import select

from bench.answer_cost import measure
from bot.db import transactions
from bot.db.engine import create_engine, create_sessionmaker
from bot.db.models import Conversation, ProcessedUpdate, User, utcnow
from bot.db.repositories import conversations, users
from bot.factory import Storage
from tests.e2e.harness import migrated_sqlite


async def owner_with_scan(storage: Storage, *, user_id: int = 5) -> None:
    async with storage.sessionmaker() as session, transactions.write(session):
        await users.touch_user(session, user_id=user_id, telegram_language="nl")
        await session.flush()
        await conversations.open_conversation(
            session, user_id=user_id, flow="scan", position="sector", answers={"name": "Ilse"}
        )


async def test_the_read_gives_what_the_orm_loads(storage: Storage) -> None:
    await owner_with_scan(storage)
    async with storage.sessionmaker() as session, session.begin():
        orm_user = (await session.exec(select(User).where(User.id == 5))).one()
        orm_scan = (await session.exec(select(Conversation))).one()
        expected = (orm_user.model_dump(), orm_scan.model_dump())
    async with storage.sessionmaker() as session:
        user, scan, handled = await conversations.load_account(session, user_id=5, update_id=1)
        assert user is not None and scan is not None and handled is False
        assert (user.model_dump(), scan.model_dump()) == expected
        assert type(user.is_active) is bool and type(scan.return_to_review) is bool
        assert user in session and scan in session  # the session's own, loaded and unchanged
        assert not session.dirty and not session.new
        # A change to them is an UPDATE of the stored row (never an INSERT of a copy).
        async with transactions.write(session):
            await users.set_language(session, user=user, language="en")
            scan.position = "fte"
            session.add(scan)
    async with storage.sessionmaker() as session, session.begin():
        assert (await session.exec(select(User.language))).all() == ["en"]
        assert (await session.exec(select(Conversation.position))).all() == ["fte"]


async def test_a_move_records_its_update_in_the_same_statement(storage: Storage) -> None:
    await owner_with_scan(storage)
    async with storage.sessionmaker() as session:
        users.mark_update_on_commit(session, update_id=801)
        _, scan, handled = await conversations.load_account(session, user_id=5, update_id=801)
        assert scan is not None and not handled
        moved = await conversations.move(
            session,
            conversation=scan,
            expected_revision=scan.revision,
            position="fte",
            return_to_review=False,
            answers={"name": "Ilse", "sector": "bakery"},
        )
        assert moved
        assert not users.update_unmarked(session)  # nothing left for another write
        assert (scan.revision, scan.position, scan.moved_by_update) == (1, "fte", 801)
    async with storage.sessionmaker() as session:
        # A redelivery of that update is skipped; the conversation is as the move left it.
        _, scan, handled = await conversations.load_account(session, user_id=5, update_id=801)
        assert handled and scan is not None
        assert (scan.revision, scan.position) == (1, "fte")
        assert conversations.answers_of(scan) == {"name": "Ilse", "sector": "bakery"}
        # A doubled tap, drawn for the revision before: nothing moves, nothing is recorded by
        # the move; the update stays to be recorded by the handler's next write.
        users.mark_update_on_commit(session, update_id=802)
        stale = await conversations.move(
            session,
            conversation=scan,
            expected_revision=0,
            position="town",
            return_to_review=False,
        )
        assert not stale and users.update_unmarked(session)
    async with storage.sessionmaker() as session, session.begin():
        recorded = (await session.exec(select(ProcessedUpdate.update_id))).all()
        assert recorded == [801]
        stored = (await session.exec(select(Conversation))).one()
        assert (stored.revision, stored.position) == (1, "fte")
        # Recorded at the time of the move, and forgotten with the others after a while.
        day = timedelta(days=1)
        assert await users.forget_updates_before(session, before=utcnow() - day) == 0
        assert await users.forget_updates_before(session, before=utcnow() + day) == 1


async def test_activity_due_is_noted_with_the_move(storage: Storage) -> None:
    await owner_with_scan(storage)
    long_ago = utcnow() - timedelta(hours=3)
    async with storage.sessionmaker() as session, transactions.write(session):
        user = await users.get_user(session, user_id=5)
        assert user is not None
        user.last_active, user.is_active = long_ago, False
        session.add(user)
    async with storage.sessionmaker() as session:
        user, scan, _ = await conversations.load_account(session, user_id=5, update_id=901)
        assert user is not None and scan is not None
        assert users.activity_to_note(user, telegram_language="en")
        users.note_activity_on_commit(session, user=user, telegram_language="en")
        users.mark_update_on_commit(session, update_id=901)
        assert await conversations.move(
            session,
            conversation=scan,
            expected_revision=scan.revision,
            position="fte",
            return_to_review=False,
        )
    async with storage.sessionmaker() as session, session.begin():
        stored = await users.get_user(session, user_id=5)
        assert stored is not None and stored.is_active and stored.telegram_language == "en"
        assert not users.activity_to_note(stored, telegram_language="en")
        assert await users.update_seen(session, update_id=901)


async def test_an_answer_is_one_read_and_one_write_of_one_hand_off_each(tmp_path: Path) -> None:
    """The bakery owner of `make demo` on SQLite, counted as bench.answer_cost counts."""
    url = await migrated_sqlite(tmp_path)
    costs = await measure(url)
    # The answers between "Start the scan" and "Show my result"; the first one opens the
    # write connection.
    answers = costs[3:-1]
    assert len(answers) > 15
    for label, cost in answers:
        assert (cost.statements, cost.reads, cost.writes, cost.hand_offs) == (2, 1, 1, 2), label


async def test_disposing_the_engine_closes_its_kept_connections(tmp_path: Path) -> None:
    url = await migrated_sqlite(tmp_path)
    engine = create_engine(url)
    storage = Storage(engine=engine, sessionmaker=create_sessionmaker(engine))
    before = set(threading.enumerate())
    await owner_with_scan(storage)
    async with storage.sessionmaker() as session:
        _, scan, _ = await conversations.load_account(session, user_id=5, update_id=None)
        assert scan is not None
        await conversations.move(
            session, conversation=scan, expected_revision=0, position="fte", return_to_review=False
        )
    started = [t for t in set(threading.enumerate()) - before if "connection_worker" in t.name]
    assert len(started) == 2  # the reader and the writer, taken from the pool
    await engine.dispose()
    for thread in started:
        thread.join(timeout=10)
    assert not [t for t in started if t.is_alive()]
