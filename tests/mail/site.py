"""The owners' pages and the reminder job with e-mail: the real bot (in process, its reminder
job on a fake clock when given one), the web application of bot/web/app.py on a free port of
127.0.0.1 (so WEB_BASE_URL, and every link in a mail, is its real address), and aiohttp's test
client as the browser (tests/web_owners/conftest.py)."""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncIterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.web.app import setup_dashboard
from tests.e2e.harness import migrated_sqlite, running_bot, started_standin
from tests.mail.smtp import body, free_port
from tests.web_owners.conftest import Browser, WebScan

LINK = re.compile(r"https?://\S+/scan/r/[A-Za-z0-9_-]+")


@contextlib.asynccontextmanager
async def mail_site(tmp_path: Path, **overrides: Any) -> AsyncIterator[WebScan]:
    """`overrides` by environment name (SMTP_URL=..., or none for a site without e-mail);
    `clock` goes to the bot (its reminder job)."""
    port = free_port()
    async with started_standin() as standin:
        url = await migrated_sqlite(tmp_path)
        async with running_bot(
            standin,
            url,
            WEB_BASE_URL=f"http://127.0.0.1:{port}",
            WEB_COOKIE_SECURE="false",
            REMINDER_POLL_SECONDS=0.05,
            MAIL_FROM="Tredebot <scan@example.nl>",
            **overrides,
        ) as running:
            application = web.Application()
            setup_dashboard(
                application, running.settings, running.storage.sessionmaker, running.bot
            )
            server = TestServer(application, host="127.0.0.1", port=port)
            await server.start_server()
            site = WebScan(running, server, standin, [])
            try:
                yield site
            finally:
                for client in site.browsers:
                    await client.close()
                await server.close()


def link_in(message: EmailMessage, site: WebScan) -> str:
    """The mail's resume link (the same in its plain text and its HTML), as a path to GET."""
    [link] = set(LINK.findall(body(message)))
    assert f'href="{link}"' in body(message, "html")
    parts = urlsplit(link)
    assert f"{parts.scheme}://{parts.netloc}" == site.app.settings.dashboard_url
    return str(parts.path)


async def new_owner(site: WebScan, language: str) -> Browser:
    """A visitor who starts the scan in their browser (without a campaign)."""
    browser = await site.browser(**{"Accept-Language": language})
    await browser.get("/scan")
    await browser.press(start_label(language))
    assert browser.cookie, "the owner has their resume link as a cookie"
    return browser


def start_label(language: str) -> str:
    from bot.i18n import translate

    return translate("Start the scan", language)
