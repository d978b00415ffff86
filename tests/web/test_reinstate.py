"""Undoing a revoke, without a browser, on SQLite and PostgreSQL: a revoke ends the role at
once and keeps who it was for REINSTATE_DAYS; reinstating puts them back as they were; after
that the row is forgotten by housekeeping; erasing a person takes their revoke and (for an
admin) their noted Telegram name with it."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update
from sqlmodel import select

from bot.config import load_settings
from bot.db import transactions
from bot.db.engine import create_engine, create_sessionmaker
from bot.db.models import AdminName, Organisation, RevokedStaff, StaffMember, utcnow
from bot.jobs.housekeeping import Housekeeper
from bot.services import dashboard, outreach
from bot.services.campaigns.roles import Role, Staff, staff_of
from bot.services.privacy import erase_user

ADMIN, STAFF = 1, 2


async def test_revoke_reinstate_forget_and_erase(database_url: str) -> None:
    settings = load_settings(DATABASE_URL=database_url, ADMIN_IDS=str(ADMIN))
    admin = Staff(ADMIN, Role.ADMIN)
    engine = create_engine(database_url)
    sessions = create_sessionmaker(engine)
    try:
        async with sessions() as db:
            async with db.begin():
                organisation = Organisation(name="Gemeente Almelo")
                db.add(organisation)
                await db.flush()
                joined = utcnow() - timedelta(days=100)
                db.add(
                    StaffMember(
                        user_id=STAFF,
                        display_name="Jeroen",
                        organisation_id=organisation.id or 0,
                        job_role="job_coach",
                        invited_by=ADMIN,
                        added_at=joined,
                    )
                )

            # Revoked: no role at once; who it was is listed to be reinstated.
            gone = await dashboard.revoke(db, admin, user_id=STAFF)
            assert gone is not None and gone.display_name == "Jeroen"
            async with transactions.read(db):
                assert await staff_of(db, settings, STAFF) is None
            assert [r.user_id for r in await dashboard.revoked(db)] == [STAFF]
            assert await dashboard.revoke(db, admin, user_id=STAFF) is None  # not staff now

            # Reinstated: the same organisation, role, name and start date.
            assert await dashboard.reinstate(db, admin, user_id=STAFF) is not None
            async with transactions.read(db):
                back = await db.get(StaffMember, STAFF)
                assert back is not None
                assert (back.organisation_id, back.job_role, back.display_name) == (
                    organisation.id,
                    "job_coach",
                    "Jeroen",
                )
                assert abs(back.added_at.replace(tzinfo=None) - joined.replace(tzinfo=None)) < (
                    timedelta(seconds=1)
                )
            assert await dashboard.revoked(db) == []
            assert await dashboard.reinstate(db, admin, user_id=STAFF) is None  # staff already

            # A revoke older than REINSTATE_DAYS cannot be undone, and housekeeping forgets it.
            await dashboard.revoke(db, admin, user_id=STAFF)
            long_ago = utcnow() - timedelta(days=outreach.REINSTATE_DAYS, minutes=1)
            async with transactions.write(db):
                await db.exec(update(RevokedStaff).values(revoked_at=long_ago))
            assert await dashboard.revoked(db) == []
            assert await dashboard.reinstate(db, admin, user_id=STAFF) is None
        await Housekeeper(sessions, settings).run_once()
        async with sessions() as db, db.begin():
            assert list(await db.exec(select(RevokedStaff))) == []

        # An admin's Telegram name is noted at /dashboard, and goes when they are erased; so
        # does a revoke that can still be undone.
        async with sessions() as db:
            assert await dashboard.issue_sign_in(db, settings, admin, telegram_name="Anna Admin")
            assert await dashboard.admins(db, settings) == {ADMIN: "Anna Admin"}
            async with db.begin():
                db.add(
                    StaffMember(
                        user_id=STAFF,
                        display_name="Jeroen",
                        organisation_id=organisation.id or 0,
                        job_role="job_coach",
                    )
                )
            await dashboard.revoke(db, admin, user_id=STAFF)
            for user_id in (ADMIN, STAFF):
                async with transactions.write(db):
                    await erase_user(db, user_id=user_id, admin_ids=settings.admin_ids)
            async with db.begin():
                assert list(await db.exec(select(AdminName))) == []
                assert list(await db.exec(select(RevokedStaff))) == []
            assert await dashboard.admins(db, settings) == {ADMIN: ""}
    finally:
        await engine.dispose()
