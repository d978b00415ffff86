"""One-time means once, on SQLite and PostgreSQL: an invite, a sign-in link and a due reminder
each redeemed by 10 tasks at once (each on its own session, so its own connection) have exactly
one winner."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import select

from bot.config import Settings, load_settings
from bot.db import Sessionmaker, transactions
from bot.db.engine import create_sessionmaker
from bot.db.models import JobRole, Organisation, StaffMember, User, WebSession, utcnow
from bot.db.repositories import reminders
from bot.services import dashboard
from bot.services.campaigns.roles import InviteOutcome, Role, Staff, accept_invite, create_invite

ADMIN, STAFF = 1, 2
RACERS = 10


@pytest.fixture
def sessions(engine: AsyncEngine) -> Sessionmaker:
    return create_sessionmaker(engine)


def settings_for(url: str) -> Settings:
    return load_settings(DATABASE_URL=url, ADMIN_IDS=str(ADMIN))


async def organisation(sessions: Sessionmaker) -> int:
    async with sessions() as db, db.begin():
        made = Organisation(name="Gemeente Almelo")
        db.add(made)
        await db.flush()
        assert made.id is not None
        return made.id


async def test_one_invite_sent_by_ten_people_at_once_makes_one_staff_member(
    database_url: str, sessions: Sessionmaker
) -> None:
    settings = settings_for(database_url)
    organisation_id = await organisation(sessions)
    async with sessions() as db, db.begin():
        token = await create_invite(
            db,
            created_by=ADMIN,
            organisation_id=organisation_id,
            job_role=JobRole.JOB_COACH,
            valid_for=timedelta(days=7),
        )

    async def send(user_id: int) -> InviteOutcome:
        async with sessions() as db, transactions.write(db):
            return await accept_invite(
                db, settings, token=token, user_id=user_id, display_name=str(user_id)
            )

    outcomes = await asyncio.gather(*(send(100 + n) for n in range(RACERS)))
    assert outcomes.count(InviteOutcome.JOINED) == 1
    assert outcomes.count(InviteOutcome.INVALID) == RACERS - 1
    async with sessions() as db, db.begin():
        staff = (await db.exec(select(func.count()).select_from(StaffMember))).one()
    assert staff == 1


async def test_one_sign_in_link_opened_ten_times_at_once_makes_one_session(
    database_url: str, sessions: Sessionmaker
) -> None:
    settings = settings_for(database_url)
    organisation_id = await organisation(sessions)
    async with sessions() as db, db.begin():
        db.add(
            StaffMember(
                user_id=STAFF,
                display_name="Jeroen",
                organisation_id=organisation_id,
                job_role="job_coach",
            )
        )
    async with sessions() as db:
        link = await dashboard.issue_sign_in(db, settings, Staff(STAFF, Role.STAFF))
    assert link is not None

    async def redeem() -> str | None:
        async with sessions() as db:
            return await dashboard.redeem_sign_in(db, settings, link)

    won = [token for token in await asyncio.gather(*(redeem() for _ in range(RACERS))) if token]
    assert len(won) == 1
    async with sessions() as db, db.begin():
        stored = (await db.exec(select(func.count()).select_from(WebSession))).one()
    assert stored == 1


async def test_one_due_reminder_claimed_by_ten_dispatchers_at_once_goes_to_one(
    engine: AsyncEngine, sessions: Sessionmaker
) -> None:
    now = utcnow()
    async with sessions() as db, db.begin():
        db.add(User(id=500))
        await db.flush()
        await reminders.plan(
            db,
            user_id=500,
            kind="abandoned",
            step="1",
            key="k",
            due=now - timedelta(days=1),
            now=now,
        )
    claims = await asyncio.gather(
        *(
            reminders.claim_due(engine, now=now, limit=1, token=f"dispatcher-{n}")
            for n in range(RACERS)
        )
    )
    assert sorted(len(claimed) for claimed in claims) == [0] * (RACERS - 1) + [1]
