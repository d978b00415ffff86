"""The staff dashboard's aiohttp application (and the owners' scan pages, bot/web/owners: a
campaign's landing page under /c, the scan under /scan): routes under /dashboard, templates,
static files, security headers (HSTS when served as https, no versions in `Server`), and its
own server.

`start_web` serves it on WEB_HOST:WEB_PORT, in both modes; in webhook mode with the webhook's
own host and port, `setup_dashboard` adds it to the webhook's application instead. Handlers
are in bot/web/views.py, what every page shares (session, language, CSRF, cookies) in
bot/web/pages.py; what they do is in bot/services/dashboard.py.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiogram import Bot
from aiogram.utils.i18n import gettext
from aiohttp import web

from bot.config import Settings
from bot.db import Sessionmaker
from bot.db.codes import LANDING_PREFIX, SCAN_PREFIX
from bot.runtime.rate_limits import WEB_LIMITS, Buckets
from bot.runtime.servers import CLOSE_SECONDS, CannotListen, listen, plain_server_header
from bot.web import views
from bot.web.owners import email as owner_email
from bot.web.owners import pages as owner_pages
from bot.web.owners import views as owner_views
from bot.web.pages import DEPS, PREFIX, Deps

log = logging.getLogger(__name__)
Signal = Callable[[web.Request, web.StreamResponse], Awaitable[None]]

HERE = Path(__file__).resolve().parent
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    # The sign-in link carries its token in the path: never in a Referer.
    "Referrer-Policy": "no-referrer",
}


# Browsers that once reached the dashboard over HTTPS never try plain HTTP there for a year.
HSTS = "max-age=31536000"


def security_headers(settings: Settings) -> dict[str, str]:
    """The dashboard's headers; HSTS when it is served as https (WEB_BASE_URL, or the
    webhook's origin)."""
    headers = dict(SECURITY_HEADERS)
    if settings.dashboard_url.startswith("https://"):
        headers["Strict-Transport-Security"] = HSTS
    return headers


def ours(path: str) -> bool:
    """The dashboard's pages and the owners' (a campaign's landing page, the scan)."""
    return any(
        path == prefix or path.startswith(prefix + "/")
        for prefix in (PREFIX, LANDING_PREFIX, SCAN_PREFIX)
    )


def _security_headers(headers: dict[str, str]) -> Signal:
    async def add(request: web.Request, response: web.StreamResponse) -> None:
        if ours(request.path):
            for name, value in headers.items():
                response.headers.setdefault(name, value)

    return add


def _gettext(message: str) -> str:
    return gettext(message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return gettext(singular, plural, n)


def setup_dashboard(
    app: web.Application,
    settings: Settings,
    sessionmaker: Sessionmaker,
    bot: Bot,
) -> None:
    """Add the dashboard to an aiohttp application (the webhook's, or its own)."""
    app[DEPS] = Deps(settings, sessionmaker, bot)
    env = aiohttp_jinja2.setup(
        app,
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(_gettext, _ngettext, newstyle=False)  # type: ignore[attr-defined]
    app.on_response_prepare.append(_security_headers(security_headers(settings)))
    app.on_response_prepare.append(plain_server_header)
    app.router.add_static(PREFIX + "/static/", HERE / "static", append_version=True)
    views.add_routes(app.router)
    app[owner_pages.LIMITS] = Buckets(WEB_LIMITS)
    owner_views.add_routes(app.router)
    owner_email.setup(app, settings)


async def start_web(settings: Settings, sessionmaker: Sessionmaker, bot: Bot) -> web.AppRunner:
    """The dashboard on its own server (WEB_HOST:WEB_PORT); returns the runner to clean up.
    Raises CannotListen (one line) when that address is taken."""
    app = web.Application()
    setup_dashboard(app, settings, sessionmaker, bot)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=CLOSE_SECONDS)
    await runner.setup()
    try:
        await listen(
            runner, host=settings.web_host, port=settings.web_port, settings="WEB_HOST, WEB_PORT"
        )
    except CannotListen:
        await runner.cleanup()
        raise
    log.info("dashboard on %s%s/", settings.dashboard_url, PREFIX)
    return runner
