"""Campaigns with owners written straight into the dashboard's database, and a staff member
signed in over HTTP (no browser): for the tests of the list and the downloads."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import aiohttp

from bot.db import Sessionmaker
from bot.db.models import (
    SCAN,
    WEB,
    Campaign,
    ContactConsent,
    Conversation,
    ConversationStatus,
    Organisation,
    Result,
    StaffMember,
    User,
    UserCampaign,
    utcnow,
)
from bot.db.repositories import campaigns
from tests.e2e.harness import texts
from tests.web.conftest import Dashboard

SIGN_IN = re.compile(r"http://127\.0\.0\.1:\d+/dashboard/signin/([A-Za-z0-9_-]+)")
CSRF = re.compile(r'name="csrf" value="([0-9a-f]+)"')
# 1 July 2026, 08:30 UTC: 10:30 in Amsterdam (summer time).
CONSENT_AT = datetime(2026, 7, 1, 8, 30, tzinfo=UTC)


@dataclass
class Owners:
    """Who came through a campaign: `arrived` in all, `stopped` of them at a question (by its
    position), `finished` with these levels (in order). `in_browser`: the owners (numbered
    from 0: the finished first, then the stopped, then those who never started) who do the
    scan in a browser: a negative id and channel "web", as the owners' web pages make them."""

    arrived: int = 0
    stopped: dict[str, int] = field(default_factory=dict)
    levels: list[str] = field(default_factory=list)
    consents: list[dict[str, str]] = field(default_factory=list)
    in_browser: set[int] = field(default_factory=set)


_next_user = [700_000]


def _maker(target: Dashboard | Sessionmaker) -> Sessionmaker:
    return target.app.storage.sessionmaker if isinstance(target, Dashboard) else target


async def organisation(dashboard: Dashboard | Sessionmaker, name: str) -> int:
    async with _maker(dashboard)() as session, session.begin():
        made = Organisation(name=name)
        session.add(made)
        await session.flush()
        return made.id or 0


async def staff_member(
    dashboard: Dashboard | Sessionmaker, user_id: int, organisation_id: int
) -> None:
    async with _maker(dashboard)() as session, session.begin():
        session.add(
            StaffMember(
                user_id=user_id,
                display_name="Jeroen",
                organisation_id=organisation_id,
                job_role="account_manager",
            )
        )


async def almelo_campaigns(sessionmaker: Sessionmaker, *owners: Owners) -> list[Campaign]:
    """One campaign per `owners`, of one new organisation (Gemeente Almelo): "Avond" when
    there is one, else "Avond 0", "Avond 1", ..."""
    ours = await organisation(sessionmaker, "Gemeente Almelo")
    return [
        await campaign(
            sessionmaker,
            organisation_id=ours,
            owner_id=1,
            name="Avond" if len(owners) == 1 else f"Avond {n}",
            municipality="Almelo",
            owners=each,
        )
        for n, each in enumerate(owners)
    ]


async def campaign(
    dashboard: Dashboard | Sessionmaker,
    *,
    organisation_id: int,
    owner_id: int,
    name: str,
    municipality: str,
    owners: Owners | None = None,
    created: datetime | None = None,
) -> Campaign:
    """A campaign and its owners: arrived over the last weeks, stopped or finished."""
    owners = owners or Owners()
    now = utcnow()
    async with _maker(dashboard)() as session, session.begin():
        made = await campaigns.create_campaign(
            session,
            owner_id=owner_id,
            organisation_id=organisation_id,
            name=name,
            municipality=municipality,
        )
        if created is not None:
            made.created_at = created
        plan: list[tuple[str | None, str]] = [(level, "review") for level in owners.levels]
        plan += [(None, p) for p, count in owners.stopped.items() for _ in range(count)]
        for n in range(owners.arrived):
            _next_user[0] += 1
            user_id = _next_user[0]
            came = now - timedelta(days=3 + 5 * (n % 4))
            if n in owners.in_browser:
                user_id = -user_id
                session.add(User(id=user_id, language="nl", channel=WEB, campaign_code=made.code))
            else:
                session.add(User(id=user_id, telegram_language="nl"))
            await session.flush()
            session.add(
                UserCampaign(user_id=user_id, campaign_id=made.id or 0, first=True, joined_at=came)
            )
            if n >= len(plan):
                continue  # arrived, never started
            level, position = plan[n]
            scan = Conversation(
                user_id=user_id,
                flow=SCAN,
                status=ConversationStatus.COMPLETED if level else ConversationStatus.PAUSED,
                position=position,
                started_at=came,
                updated_at=now - timedelta(days=1),
            )
            session.add(scan)
            await session.flush()
            if level is not None:
                session.add(
                    Result(
                        user_id=user_id,
                        session_id=scan.id,
                        rules_version="2026.3",
                        level=level,
                        contribution_pct=0.0,
                        answers_json="{}",
                        assessment_json="{}",
                        created_at=came + timedelta(hours=1),
                    )
                )
            if n < len(owners.consents):
                shared = owners.consents[n]
                session.add(
                    ContactConsent(
                        user_id=user_id,
                        campaign_id=made.id or 0,
                        consent_text="De gemeente mag contact opnemen.",
                        org_name=shared.get("org_name"),
                        contact_name=shared.get("contact_name"),
                        phone=shared.get("phone"),
                        level=level,
                        given_at=CONSENT_AT,
                    )
                )
        return made


async def sign_in(dashboard: Dashboard, client: aiohttp.ClientSession, user_id: int) -> str:
    """Signed in as `user_id` through the link the bot sends; returns the CSRF token."""
    dashboard.standin.add_user(user_id, first_name="Jeroen", language_code="en")
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
