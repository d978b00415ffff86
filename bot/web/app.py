"""The staff dashboard's aiohttp plumbing: routes under /dashboard, templates, static files,
the language of a request, the session cookie, CSRF, and serving in polling mode.

In webhook mode `setup_dashboard` adds the routes to the webhook's own application; in polling
mode `start_web` serves them on WEB_HOST:WEB_PORT. Handlers are in bot/web/views.py; what they
do is in bot/services/dashboard.py.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
from aiogram import Bot
from aiogram.utils.i18n import gettext
from aiohttp import web
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.catalogues import LOCALES
from bot.config import Settings
from bot.i18n import DEFAULT_LOCALE, LANGUAGE_NAMES, get_i18n
from bot.services import dashboard
from bot.services.dashboard import Visitor

log = logging.getLogger(__name__)

PREFIX = "/dashboard"
HERE = Path(__file__).resolve().parent
SESSION_COOKIE = "tredebot_session"
LANGUAGE_COOKIE = "tredebot_lang"
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    # The sign-in link carries its token in the path: never in a Referer.
    "Referrer-Policy": "no-referrer",
}


@dataclass(frozen=True)
class Deps:
    settings: Settings
    sessionmaker: async_sessionmaker[AsyncSession]
    bot: Bot


DEPS = web.AppKey("tredebot_dashboard", Deps)


@dataclass
class Page:
    """What a dashboard handler gets: the request, a database session, who is asking (None on
    the public pages), the language."""

    request: web.Request
    db: AsyncSession
    deps: Deps
    locale: str
    visitor: Visitor | None
    session_token: str

    @property
    def settings(self) -> Settings:
        return self.deps.settings

    def render(self, template: str, status: int = 200, **values: Any) -> web.Response:
        values.update(
            visitor=self.visitor,
            locale=self.locale,
            languages=LANGUAGE_NAMES,
            here=self.request.path_qs,
            prefix=PREFIX,
        )
        response = aiohttp_jinja2.render_template(template, self.request, values, status=status)
        response.headers["Cache-Control"] = "no-store"
        return response


def language_of(request: web.Request) -> str:
    """The chosen language (cookie), else the browser's (Accept-Language), else Dutch."""
    chosen = request.cookies.get(LANGUAGE_COOKIE, "")
    if chosen in LOCALES:
        return chosen
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(request.headers.get("Accept-Language", "").split(",")):
        tag, _sep, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        language = tag.strip().lower().split("-")[0]
        if language in LOCALES and quality > 0:
            ranked.append((-quality, index, language))
    return min(ranked)[2] if ranked else DEFAULT_LOCALE


Handler = Callable[[Page], Awaitable[web.StreamResponse]]


def page(*, signed_in: bool = True, admin: bool = False) -> Callable[[Handler], Any]:
    """Wrap a handler: a database session, the language, and (unless `signed_in` is False) the
    role checked on this very request, and the CSRF token on every POST."""

    def wrap(handler: Handler) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
        @functools.wraps(handler)
        async def run(request: web.Request) -> web.StreamResponse:
            deps = request.app[DEPS]
            locale = language_of(request)
            i18n = get_i18n()
            with i18n.context(), i18n.use_locale(locale):
                async with deps.sessionmaker() as db:
                    token = request.cookies.get(SESSION_COOKIE, "")
                    who = await dashboard.visitor(db, deps.settings, token) if token else None
                    current = Page(request, db, deps, locale, who, token)
                    if signed_in:
                        if who is None:
                            response = current.render("signed_out.html", status=401)
                            if token:
                                forget_session(response, deps.settings)
                            return response
                        if admin and not who.staff.is_admin:
                            return current.render("refused.html", status=403)
                        if request.method == "POST":
                            form = await request.post()
                            given = form.get("csrf")
                            if not isinstance(given, str) or not dashboard.csrf_ok(token, given):
                                return current.render("refused.html", status=403)
                    return await handler(current)

        return run

    return wrap


def remember_session(response: web.StreamResponse, settings: Settings, token: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        path=PREFIX,
        httponly=True,
        secure=settings.web_cookie_secure,
        samesite="Lax",
    )


def forget_session(response: web.StreamResponse, settings: Settings) -> None:
    response.del_cookie(
        SESSION_COOKIE, path=PREFIX, secure=settings.web_cookie_secure, samesite="Lax"
    )


async def _security_headers(request: web.Request, response: web.StreamResponse) -> None:
    if request.path.startswith(PREFIX):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)


def _gettext(message: str) -> str:
    return gettext(message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return gettext(singular, plural, n)


def setup_dashboard(
    app: web.Application,
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    bot: Bot,
) -> None:
    """Add the dashboard to an aiohttp application (the webhook's, or its own)."""
    from bot.web import views

    app[DEPS] = Deps(settings, sessionmaker, bot)
    env = aiohttp_jinja2.setup(
        app,
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(_gettext, _ngettext, newstyle=False)  # type: ignore[attr-defined]
    app.on_response_prepare.append(_security_headers)
    app.router.add_static(PREFIX + "/static/", HERE / "static", append_version=True)
    views.add_routes(app.router)


async def start_web(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession], bot: Bot
) -> web.AppRunner:
    """Polling mode: the dashboard on its own server (WEB_HOST:WEB_PORT); returns the runner
    to clean up."""
    app = web.Application()
    setup_dashboard(app, settings, sessionmaker, bot)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host=settings.web_host, port=settings.web_port)
    await site.start()
    log.info("dashboard on %s%s/", settings.dashboard_url, PREFIX)
    return runner
