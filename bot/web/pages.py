"""What every dashboard page shares: the request's database session, language and visitor
(`Page`, made by the `page` decorator, which checks the role and the CSRF token), rendering, and
the session and language cookies. The routes are in bot/web/views.py, the application in
bot/web/app.py.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import aiohttp_jinja2
from aiogram import Bot
from aiohttp import web

from bot.catalogues import LOCALES
from bot.config import Settings
from bot.db import Session, Sessionmaker
from bot.i18n import DEFAULT_LOCALE, LANGUAGE_NAMES, get_i18n
from bot.services import dashboard
from bot.services.dashboard import Visitor

PREFIX = "/dashboard"
SESSION_COOKIE = "tredebot_session"
LANGUAGE_COOKIE = "tredebot_lang"


@dataclass(frozen=True)
class Deps:
    settings: Settings
    sessionmaker: Sessionmaker
    bot: Bot


DEPS = web.AppKey("tredebot_dashboard", Deps)


@dataclass
class Page:
    """What a dashboard handler gets: the request, a database session, who is asking (None on
    the public pages), the language."""

    request: web.Request
    db: Session
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


def same_origin(request: web.Request, settings: Settings) -> bool:
    """Whether a POST comes from the dashboard's own pages: its Origin is the configured
    address's (WEB_BASE_URL) or the Host it was sent to. A browser sends Origin with every POST;
    without one, Sec-Fetch-Site (when sent) must say the same."""
    origin = request.headers.get("Origin")
    if origin is None:
        return request.headers.get("Sec-Fetch-Site", "same-origin") in {"same-origin", "none"}
    base = urlsplit(settings.dashboard_url)
    ours = {f"{base.scheme}://{base.netloc}", f"{request.scheme}://{request.host}"}
    return origin.lower() in {address.lower() for address in ours}


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
