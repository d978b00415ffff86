"""The audit trail cannot be flooded or written in someone else's name: viewing contacts and
exporting are POSTs with the CSRF token (a link from elsewhere writes nothing), a view repeated
within a minute is one event, and the dashboard's trail is paged and filtered by kind of event
and by person, so an export stays findable under any number of views. Over HTTP, no browser."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import timedelta

import aiohttp
import pytest
from sqlmodel import select

from bot.db.models import AuditAction, AuditEvent, Organisation, StaffMember, utcnow
from bot.db.repositories import campaigns
from tests.campaigns.support import ADMIN
from tests.e2e.harness import texts
from tests.web.conftest import Dashboard

STAFF = 960
SIGN_IN = re.compile(r"http://127\.0\.0\.1:\d+/dashboard/signin/([A-Za-z0-9_-]+)")
CSRF = re.compile(r'name="csrf" value="([0-9a-f]+)"')


@pytest.fixture
async def client(dashboard: Dashboard) -> AsyncIterator[aiohttp.ClientSession]:
    jar = aiohttp.CookieJar(unsafe=True)  # cookies of 127.0.0.1
    async with aiohttp.ClientSession(cookie_jar=jar, headers={"Accept-Language": "en"}) as session:
        yield session


async def sign_in(dashboard: Dashboard, client: aiohttp.ClientSession, user_id: int) -> str:
    """Signed in as `user_id` through the link the bot sends; returns the CSRF token."""
    match = SIGN_IN.search(texts(await dashboard.standin.say(user_id, "/dashboard")))
    assert match
    origin = dashboard.base.removesuffix("/dashboard")
    async with client.post(
        dashboard.base + "/signin", data={"token": match.group(1)}, headers={"Origin": origin}
    ) as response:
        page = await response.text()
        assert response.status == 200, page
    found = CSRF.search(page)
    assert found
    return found.group(1)


async def actions(dashboard: Dashboard, action: AuditAction) -> list[AuditEvent]:
    async with dashboard.app.storage.sessionmaker() as session, session.begin():
        rows = await session.exec(select(AuditEvent).where(AuditEvent.action == action.value))
        return list(rows)


async def campaign_of_staff(dashboard: Dashboard) -> int:
    async with dashboard.app.storage.sessionmaker() as session, session.begin():
        organisation = Organisation(name="Gemeente Almelo")
        session.add(organisation)
        await session.flush()
        session.add(
            StaffMember(user_id=STAFF, display_name="Jeroen", organisation_id=organisation.id or 0)
        )
        made = await campaigns.create_campaign(
            session,
            owner_id=STAFF,
            organisation_id=organisation.id or 0,
            name="Avond",
            municipality="Almelo",
        )
        return made.id or 0


async def test_views_and_exports_need_the_csrf_token_and_repeats_are_one_event(
    dashboard: Dashboard, client: aiohttp.ClientSession
) -> None:
    campaign_id = await campaign_of_staff(dashboard)
    dashboard.standin.add_user(STAFF, first_name="Jeroen", language_code="en")
    csrf = await sign_in(dashboard, client, STAFF)
    contacts = f"{dashboard.base}/campaigns/{campaign_id}/contacts"

    # A link from elsewhere (a GET, or a POST without the token) writes nothing in their name.
    for url in (contacts, contacts + ".csv"):
        async with client.get(url, allow_redirects=False) as response:
            assert response.status == 303
            assert response.headers["Location"].endswith(f"/campaigns/{campaign_id}")
    for url in (contacts, contacts + ".csv", dashboard.base + "/figures.csv"):
        async with client.post(url, data={}, allow_redirects=False) as response:
            assert response.status == 403
    assert await actions(dashboard, AuditAction.CONTACTS_VIEWED) == []
    assert await actions(dashboard, AuditAction.CSV_EXPORTED) == []

    # Reloaded ten times within a minute: one event. Every export is one.
    for _ in range(10):
        async with client.post(contacts, data={"csrf": csrf}) as response:
            assert response.status == 200
    for _ in range(2):
        async with client.post(contacts + ".csv", data={"csrf": csrf}) as response:
            assert response.status == 200
            assert response.headers["Content-Disposition"].startswith("attachment")
    assert len(await actions(dashboard, AuditAction.CONTACTS_VIEWED)) == 1
    assert len(await actions(dashboard, AuditAction.CSV_EXPORTED)) == 2


async def test_an_export_stays_findable_under_many_views(
    dashboard: Dashboard, client: aiohttp.ClientSession
) -> None:
    campaign_id = await campaign_of_staff(dashboard)
    now = utcnow()
    async with dashboard.app.storage.sessionmaker() as session, session.begin():
        session.add(
            AuditEvent(
                at=now - timedelta(hours=5),
                action=AuditAction.CSV_EXPORTED.value,
                actor_id=STAFF,
                campaign_id=campaign_id,
            )
        )
        for n in range(130):  # a view a minute for over two hours, after the export
            session.add(
                AuditEvent(
                    at=now - timedelta(minutes=n),
                    action=AuditAction.CONTACTS_VIEWED.value,
                    actor_id=STAFF,
                    campaign_id=campaign_id,
                )
            )
        session.add(AuditEvent(at=now, action=AuditAction.STAFF_ERASED.value, actor_id=None))
    await sign_in(dashboard, client, ADMIN)
    exported = f"Jeroen ({STAFF}) exported a CSV of Avond"

    async def audit(query: str) -> str:
        async with client.get(dashboard.base + "/audit" + query) as response:
            assert response.status == 200
            return await response.text()

    newest = await audit("")
    assert exported not in newest  # buried under the views on the first page ...
    assert 'rel="next"' in newest and "Page 1 of 3 (133 events)" in newest
    assert exported in await audit("?page=3")  # ... but on the last,
    assert exported in await audit("?page=99999")  # (a page past the end: the last)
    only_exports = await audit("?kind=csv_exported")  # and alone when filtered by kind
    assert exported in only_exports and "viewed the contacts" not in only_exports
    assert "Page 1 of 1 (1 events)" in only_exports
    by_person = await audit(f"?person={STAFF}")
    assert "A staff member deleted their data" not in by_person and "(131 events)" in by_person
    assert f'<option value="{STAFF}" selected>Jeroen ({STAFF})</option>' in by_person
    assert "(133 events)" in await audit("?kind=nonsense&person=x")  # no filter
