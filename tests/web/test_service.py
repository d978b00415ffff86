"""The dashboard's service without a browser: sign-in links and sessions on SQLite and
PostgreSQL, and the small-cell rule for tables."""

from __future__ import annotations

from datetime import timedelta

from bot.config import load_settings
from bot.db.engine import create_engine, create_sessionmaker
from bot.db.models import Organisation, StaffMember, WebSession, utcnow
from bot.services import dashboard
from bot.services.campaigns import disclosure
from bot.services.campaigns.roles import Role, Staff

ADMIN, STAFF = 1, 2


async def test_links_and_sessions(database_url: str) -> None:
    settings = load_settings(DATABASE_URL=database_url, ADMIN_IDS=str(ADMIN))
    engine = create_engine(database_url)
    try:
        async with create_sessionmaker(engine)() as db:
            async with db.begin():
                organisation = Organisation(name="Gemeente Almelo")
                db.add(organisation)
                await db.flush()
                assert organisation.id is not None
                db.add(
                    StaffMember(
                        user_id=STAFF,
                        display_name="Jeroen",
                        organisation_id=organisation.id,
                        job_role="job_coach",
                    )
                )
            member = Staff(STAFF, Role.STAFF, organisation.id, "job_coach")
            now = utcnow()
            link = await dashboard.issue_sign_in(db, settings, Staff(STAFF, Role.STAFF), now=now)
            assert link is not None
            # Expired after ten minutes; used once.
            late = now + timedelta(minutes=10, seconds=1)
            assert await dashboard.redeem_sign_in(db, settings, link, now=late) is None
            link = await dashboard.issue_sign_in(db, settings, Staff(STAFF, Role.STAFF), now=now)
            assert link is not None
            token = await dashboard.redeem_sign_in(db, settings, link, now=now)
            assert token is not None
            assert await dashboard.redeem_sign_in(db, settings, link, now=now) is None
            async with db.begin():  # only hashes are stored
                stored = await db.get(WebSession, dashboard.digest(token))
                assert stored is not None and await db.get(WebSession, token) is None
            who = await dashboard.visitor(db, settings, token, now=now)
            assert who is not None and who.staff == member
            assert dashboard.csrf_ok(token, who.csrf) and not dashboard.csrf_ok(token, "x")
            # Idle for more than eight hours: over.
            idle = now + timedelta(hours=8, minutes=1)
            assert await dashboard.visitor(db, settings, token, now=idle) is None
            # Revoked: refused at once, and every session of theirs ends.
            link = await dashboard.issue_sign_in(db, settings, Staff(STAFF, Role.STAFF))
            assert link is not None
            token = await dashboard.redeem_sign_in(db, settings, link)
            assert token is not None
            assert await dashboard.revoke(db, Staff(ADMIN, Role.ADMIN), user_id=STAFF)
            assert await dashboard.visitor(db, settings, token) is None
    finally:
        await engine.dispose()


def test_a_lone_small_figure_is_protected_by_a_second_hidden_one() -> None:
    """The rule for tables (the property tests are in tests/campaigns/test_disclosure.py)."""
    shown = disclosure.table([{"n": 3}, {"n": 12}, {"n": 20}], columns=("n",))
    assert [row["n"] for row in shown] == ["<5", "x", "20"]


def test_a_total_beside_shown_parts_is_protected() -> None:
    tables = disclosure.Tables()
    tables.add("finished", disclosure.Figure(9, fixed=True))
    tables.add("a", disclosure.Figure(2))
    tables.add("b", disclosure.Figure(7))
    tables.tie("finished", ["a", "b"])
    assert disclosure.protect(tables) == {"finished": "9", "a": "<5", "b": "x"}
