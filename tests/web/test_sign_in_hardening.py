"""Signing in to the dashboard as an attacker would try it: no token in the webhook server's
access log or in any URL the sign-in page makes, no sign-in from another site's form, no
session older than WEB_SESSION_DAYS, no flood of links, and invite tokens that a copy of the
database or an /export cannot use."""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlmodel import select

from bot.config import Settings, load_settings
from bot.db.codes import token_digest
from bot.db.models import StaffInvite, utcnow
from bot.factory import Storage, create_bot, create_dispatcher, create_storage
from bot.services import dashboard
from bot.services.campaigns.roles import Role, Staff
from bot.telegram.webhook import serve_webhook
from bot.web.app import setup_dashboard
from standin import StandIn
from tests.campaigns.support import ADMIN, invite_link
from tests.e2e.harness import TOKEN, RunningBot, migrated_sqlite, running_bot, texts
from tests.waiting import eventually
from tests.web.conftest import free_port

SIGN_IN = re.compile(r"/dashboard/signin/[A-Za-z0-9_-]+")


@dataclass
class Webhook:
    settings: Settings
    storage: Storage
    base: str  # http://127.0.0.1:<port>


@pytest.fixture
async def webhook(standin: StandIn, tmp_path: Path) -> AsyncIterator[Webhook]:
    """The bot in webhook mode as `tredebot run` serves it: the webhook server with the
    dashboard on it, on a free port of 127.0.0.1."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    settings = load_settings(
        TELEGRAM_API_URL=standin.base_url,
        DATABASE_URL=await migrated_sqlite(tmp_path),
        BOT_TOKEN=TOKEN,
        ADMIN_IDS=str(ADMIN),
        WEBHOOK_URL=base + "/webhook",
        WEBHOOK_SECRET="s3cret-Token_1",
        WEBHOOK_HOST="127.0.0.1",
        WEBHOOK_PORT=str(port),
        WEB_COOKIE_SECURE="false",  # plain http on loopback
    )
    storage = create_storage(settings)
    bot = create_bot(settings)
    extend = functools.partial(
        setup_dashboard, settings=settings, sessionmaker=storage.sessionmaker, bot=bot
    )
    serving = asyncio.create_task(
        serve_webhook(settings, bot, create_dispatcher(settings, storage), extend)
    )

    async def answers() -> bool:
        try:
            async with aiohttp.ClientSession() as client, client.get(base + "/dashboard/"):
                return True
        except aiohttp.ClientConnectionError:
            return False

    try:
        await eventually(answers)
        yield Webhook(settings, storage, base)
    finally:
        serving.cancel()
        await asyncio.gather(serving, return_exceptions=True)
        await bot.session.close()
        await storage.engine.dispose()


async def admin_link(webhook: Webhook) -> str:
    async with webhook.storage.sessionmaker() as db:
        token = await dashboard.issue_sign_in(db, webhook.settings, Staff(ADMIN, Role.ADMIN))
    assert token is not None
    return token


def browser() -> aiohttp.ClientSession:
    return aiohttp.ClientSession(
        cookie_jar=aiohttp.CookieJar(unsafe=True), headers={"Accept-Language": "en"}
    )


async def test_no_token_in_the_webhook_access_log_or_in_urls(
    webhook: Webhook, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="aiohttp.access")
    token = await admin_link(webhook)
    async with browser() as client:
        async with client.get(f"{webhook.base}/dashboard/signin/{token}") as page:
            assert page.status == 200
            html = await page.text()
        signed_in = await client.post(
            webhook.base + "/dashboard/signin",
            data={"token": token},
            headers={"Origin": webhook.base},
            allow_redirects=False,
        )
        assert signed_in.status == 303
        async with client.get(webhook.base + "/dashboard/") as campaigns:
            assert campaigns.status == 200
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name == "aiohttp.access")
    assert "GET /dashboard/signin/… 200" in logged  # the log is on, and says what happened
    assert token not in logged
    # The page's links (the language switch) hold no token: it is posted, not put in a query.
    links = re.findall(r'(?:href|action)="([^"]*)"', html)
    assert links and not [link for link in links if token in link], links

    token = await admin_link(webhook)
    async with browser() as client:
        switched = await client.post(webhook.base + "/dashboard/language/nl", data={"token": token})
        html = await switched.text()
    assert switched.status == 200 and "Inloggen" in html and token in html  # in the form
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name == "aiohttp.access")
    assert "POST /dashboard/language/nl 200" in logged and token not in logged


async def test_a_sign_in_posted_from_another_site_is_refused(webhook: Webhook) -> None:
    token = await admin_link(webhook)
    async with browser() as client:
        for headers in (
            {"Origin": "https://evil.example"},
            {"Origin": "null"},
            {"Sec-Fetch-Site": "cross-site"},
        ):
            forged = await client.post(
                webhook.base + "/dashboard/signin",
                data={"token": token},
                headers=headers,
                allow_redirects=False,
            )
            assert forged.status == 403, headers
            assert "Not allowed" in await forged.text()
            assert "tredebot_session" not in forged.cookies
        # The link is not spent by the refused attempts: its owner still signs in with it.
        own = await client.post(
            webhook.base + "/dashboard/signin",
            data={"token": token},
            headers={"Origin": webhook.base},
            allow_redirects=False,
        )
        assert own.status == 303 and "tredebot_session" in own.cookies


async def test_a_session_ends_after_seven_days_however_often_it_is_used(
    webhook: Webhook,
) -> None:
    settings, now = webhook.settings, utcnow()
    async with webhook.storage.sessionmaker() as db:
        link = await dashboard.issue_sign_in(db, settings, Staff(ADMIN, Role.ADMIN), now=now)
        assert link is not None
        session_token = await dashboard.redeem_sign_in(db, settings, link, now=now)
        assert session_token is not None
        at = now
        while at < now + timedelta(days=7) - timedelta(hours=6):  # used every six hours
            at += timedelta(hours=6)
            assert await dashboard.visitor(db, settings, session_token, now=at) is not None
        late = now + timedelta(days=7, minutes=1)
        assert await dashboard.visitor(db, settings, session_token, now=late) is None


@pytest.fixture
async def app(standin: StandIn, tmp_path: Path) -> AsyncIterator[RunningBot]:
    standin.add_user(ADMIN, first_name="Admin", language_code="en")
    async with running_bot(
        standin, await migrated_sqlite(tmp_path), ADMIN_IDS=str(ADMIN)
    ) as running:
        yield running


async def test_dashboard_links_are_rate_limited(standin: StandIn, app: RunningBot) -> None:
    for _ in range(5):
        assert SIGN_IN.search(texts(await standin.say(ADMIN, "/dashboard")))
    reply = texts(await standin.say(ADMIN, "/dashboard"))
    assert not SIGN_IN.search(reply)
    assert "You asked for several sign-in links just now" in reply


async def test_invite_tokens_are_stored_hashed_and_not_exported(
    standin: StandIn, app: RunningBot
) -> None:
    token = (await invite_link(standin)).rsplit("=", 1)[1].removeprefix("staff-")
    async with app.storage.sessionmaker() as session, session.begin():
        stored: list[Any] = [
            json.dumps(invite.model_dump(), default=str)
            for invite in await session.exec(select(StaffInvite))
        ]
    assert len(stored) == 1 and token not in stored[0]
    reply = await standin.say(ADMIN, "/export")
    document = next(o for o in reply if o.method == "sendDocument")
    exported = (document.file_bytes or b"").decode()
    assert "staff_invites" in exported and token not in exported
    assert token_digest(token) not in exported  # nor its hash
    # Hashed, the link still works.
    standin.add_user(700, first_name="Jeroen", language_code="en")
    assert "You are now outreach staff" in texts(await standin.say(700, "/start staff-" + token))
