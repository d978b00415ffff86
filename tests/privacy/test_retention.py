"""Retention: inactive users are erased by the periodic task, through the same code as /delete."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func
from sqlmodel import SQLModel, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config import load_settings
from bot.db.models import (
    AuditEvent,
    Campaign,
    Conversation,
    Organisation,
    ProcessedUpdate,
    Result,
    StaffInvite,
    StaffMember,
    User,
)
from bot.factory import Storage, create_storage
from bot.jobs.housekeeping import Housekeeper, months_before
from bot.services.privacy import export_user
from standin import StandIn
from tests.e2e.harness import migrated_sqlite, running_bot, texts
from tests.privacy.walk import answer_step, begin
from tests.waiting import eventually

NOW = datetime(2027, 6, 15, 12, 0, tzinfo=UTC)


def test_months_before_clamps_to_month_end() -> None:
    assert months_before(NOW, 24) == datetime(2025, 6, 15, 12, 0, tzinfo=UTC)
    assert months_before(datetime(2027, 3, 31, tzinfo=UTC), 1) == datetime(2027, 2, 28, tzinfo=UTC)
    assert months_before(datetime(2027, 1, 10, tzinfo=UTC), 13) == datetime(
        2025, 12, 10, tzinfo=UTC
    )


async def seed_user(session, user_id: int, last_active: datetime) -> None:  # type: ignore[no-untyped-def]
    session.add(User(id=user_id, first_seen=last_active, last_active=last_active))
    await session.flush()
    intake = Conversation(user_id=user_id, position="q1", answers_json='{"name": "Bakkerij X"}')
    session.add(intake)
    await session.flush()
    session.add(
        Result(
            user_id=user_id,
            session_id=intake.id,
            rules_version="t",
            level="none",
            contribution_pct=0.0,
            answers_json="{}",
            assessment_json="{}",
        )
    )


async def count(session: AsyncSession, model: type[SQLModel]) -> int:
    return int((await session.exec(select(func.count()).select_from(model))).one())


async def test_inactive_users_are_erased_with_everything(tmp_path: Path) -> None:
    url = await migrated_sqlite(tmp_path)
    settings = load_settings(DATABASE_URL=url, RETENTION_MONTHS=24)
    storage = create_storage(settings)
    try:
        async with storage.sessionmaker() as session, session.begin():
            await seed_user(session, 1, NOW - timedelta(days=31 * 25))  # 25 months: gone
            await seed_user(session, 2, NOW - timedelta(days=30 * 23))  # 23 months: kept
            session.add(ProcessedUpdate(update_id=10, processed_at=NOW - timedelta(days=8)))
            session.add(ProcessedUpdate(update_id=11, processed_at=NOW - timedelta(hours=1)))
            # The audit trail is kept for the retention period too.
            for age in (timedelta(days=31 * 25), timedelta(days=30)):
                session.add(AuditEvent(at=NOW - age, action="contacts_viewed", actor_id=2))

        keeper = Housekeeper(storage.sessionmaker, settings, clock=lambda: NOW)
        done = await keeper.run_once()
        assert (done.erased_users, done.forgotten_updates) == (1, 1)
        assert done.forgotten_audit_events == 1

        async with storage.sessionmaker() as session, session.begin():
            users = (await session.exec(select(User.id))).all()
            assert list(users) == [2]
            assert await count(session, Conversation) == 1
            assert await count(session, Result) == 1
            assert (await session.exec(select(ProcessedUpdate.update_id))).all() == [11]

        # A year later the other one has gone quiet too.
        later = Housekeeper(storage.sessionmaker, settings, clock=lambda: NOW + timedelta(days=365))
        assert (await later.run_once()).erased_users == 1
    finally:
        await storage.engine.dispose()


async def test_retention_erases_a_staff_member_everywhere(tmp_path: Path) -> None:
    """Retention takes the same declared path as /delete: a quiet staff member stops being
    staff, their invites go, their campaign stays without their id."""
    url = await migrated_sqlite(tmp_path)
    settings = load_settings(DATABASE_URL=url, RETENTION_MONTHS=24)
    storage = create_storage(settings)
    old = NOW - timedelta(days=31 * 25)
    try:
        async with storage.sessionmaker() as session, session.begin():
            session.add(User(id=21, first_seen=old, last_active=old))
            session.add(User(id=22, first_seen=NOW, last_active=NOW))
            session.add(Organisation(id=1, name="Gemeente X"))
            await session.flush()
            session.add(
                StaffMember(
                    user_id=21, display_name="Jeroen (@jeroen)", invited_by=22, organisation_id=1
                )
            )
            for token, made_by, expires, used_by in (("t1", 22, old, 21), ("t2", 21, NOW, None)):
                session.add(
                    StaffInvite(
                        token_hash=token,
                        created_by=made_by,
                        expires_at=expires,
                        used_by=used_by,
                        organisation_id=1,
                    )
                )
            session.add(
                Campaign(
                    code="avond-x",
                    name="Avond",
                    municipality="X",
                    owner_id=21,
                    organisation_id=1,
                )
            )
            # A campaign half made: a conversation, never a campaign.
            session.add(
                Conversation(
                    user_id=21,
                    flow="campaign",
                    position="municipality",
                    answers_json='{"name": "Half"}',
                )
            )
            await session.flush()
            data = await export_user(session, user_id=21, now=NOW)
            assert {name for name, rows in data["tables"].items() if rows} == {
                "users",
                "conversations",
                "staff_members",
                "staff_invites",
                "campaigns",
            }
            assert data["tables"]["staff_members"][0]["invited_by"] is None  # not theirs
            assert data["tables"]["staff_invites"][0]["created_by"] in (None, 21)

        keeper = Housekeeper(storage.sessionmaker, settings, clock=lambda: NOW)
        assert (await keeper.run_once()).erased_users == 1

        async with storage.sessionmaker() as session, session.begin():
            assert (await session.exec(select(StaffMember))).all() == []
            assert (await session.exec(select(StaffInvite))).all() == []
            campaigns = (await session.exec(select(Campaign))).all()
            assert [(c.code, c.owner_id) for c in campaigns] == [("avond-x", None)]
            assert (await session.exec(select(Conversation))).all() == []
    finally:
        await storage.engine.dispose()


async def test_retention_runs_from_the_dispatcher_startup(tmp_path: Path) -> None:
    """The periodic task starts with the bot; the clock says two years passed since the scan."""
    url = await migrated_sqlite(tmp_path)
    standin = StandIn()
    async with running_bot(standin, url):
        await begin(standin, 1)
        await answer_step(standin, 1, name="Oude Bakkerij")

    def two_years_on() -> datetime:
        return datetime.now(UTC) + timedelta(days=750)

    async with running_bot(standin, url, clock=two_years_on) as restarted:
        # the housekeeper runs right after start-up
        await eventually(lambda: user_gone(restarted.storage, 1), what="the old user erased")
        reply = texts(await standin.say(1, "/start"))
        assert "Welcome back" not in reply and "Hello" in reply


async def user_gone(storage: Storage, user_id: int) -> bool:
    async with storage.sessionmaker() as session, session.begin():
        return await session.get(User, user_id) is None


async def test_retention_of_a_staff_member_asks_a_colleague_for_a_new_contact(
    tmp_path: Path,
) -> None:
    """Retention takes a contact its author typed with them, and a colleague is asked (in
    their language) for a new one, as after /delete."""
    url = await migrated_sqlite(tmp_path)
    long_ago, today = datetime.now(UTC) - timedelta(days=800), datetime.now(UTC)
    storage = create_storage(load_settings(DATABASE_URL=url))
    try:
        async with storage.sessionmaker() as session, session.begin():
            session.add(User(id=31, first_seen=long_ago, last_active=long_ago))
            session.add(User(id=32, first_seen=today, last_active=today, language="en"))
            session.add(Organisation(id=1, name="Gemeente X"))
            await session.flush()
            for user_id in (31, 32):
                session.add(StaffMember(user_id=user_id, organisation_id=1))
            session.add(
                Campaign(
                    code="avond-x",
                    name="Avond X",
                    municipality="X",
                    contact="Jeroen 06-55501234",
                    contact_by=31,
                    owner_id=32,  # made by the colleague; the contact was Jeroen's
                    organisation_id=1,
                )
            )
    finally:
        await storage.engine.dispose()
    standin = StandIn()
    standin.add_user(32, language_code="en")
    async with running_bot(standin, url) as running:  # the housekeeper runs right after start
        await eventually(lambda: user_gone(running.storage, 31), what="the quiet one erased")
        told = await eventually(lambda: texts(standin.outgoing(32)), what="the colleague told")
        assert "Avond X" in told and "contact for owners was removed" in told
        async with running.storage.sessionmaker() as session, session.begin():
            campaign = (await session.exec(select(Campaign))).one()
            assert (campaign.contact, campaign.contact_by, campaign.owner_id) == (None, None, 32)
