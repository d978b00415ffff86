"""What every owners' page shares: the owner (from the "tredebot_owner" cookie), the request's
database session, the language, the rate limits, the CSRF check, rendering, and the cookie.
See the package's docstring for how other modules use it."""

from __future__ import annotations

import datetime as dt
import functools
import ipaddress
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp_jinja2
from aiohttp import web

from bot.catalogues import LOCALES
from bot.config import Settings
from bot.db import Session
from bot.db.codes import SCAN_PREFIX, form_token, form_token_ok, token_digest
from bot.db.models import User
from bot.i18n import LANGUAGE_NAMES, get_i18n
from bot.runtime.rate_limits import Buckets
from bot.services import web_owners
from bot.web.pages import DEPS, PREFIX, Deps, language_of, same_origin

OWNER_COOKIE = "tredebot_owner"
# The language chosen by a visitor who is not an owner (yet); an owner's is stored with them.
LANGUAGE_COOKIE = "tredebot_owner_lang"
LIMITS = web.AppKey("tredebot_owner_limits", Buckets)


@dataclass
class OwnerPage:
    """What an owners' page handler gets."""

    request: web.Request
    db: Session
    deps: Deps
    locale: str
    owner: User | None
    token: str  # the resume token (the cookie's value), "" without an owner

    @property
    def settings(self) -> Settings:
        return self.deps.settings

    @property
    def csrf(self) -> str:
        return csrf_for(self.token) if self.token else ""

    @property
    def resume_link(self) -> str:
        return resume_link(self.settings, self.token) if self.token else ""

    @property
    def today(self) -> dt.date:
        return dt.datetime.now(self.settings.tz).date()

    def render(self, template: str, status: int = 200, **values: Any) -> web.Response:
        values.setdefault("notice", None)
        values.update(
            owner=self.owner,
            csrf=self.csrf,
            resume_link=self.resume_link,
            locale=self.locale,
            languages=LANGUAGE_NAMES,
            # Where the language switch returns: a page drawn by a POST (a refused answer, a
            # flow's outcome) is reached again through /scan, never by a GET of the form's URL.
            here=self.request.path_qs if self.request.method == "GET" else SCAN_PREFIX,
            static=PREFIX + "/static",
            scan=SCAN_PREFIX,
        )
        response = aiohttp_jinja2.render_template(template, self.request, values, status=status)
        response.headers["Cache-Control"] = "no-store"
        # Forms carry this page's origin (an anonymous POST is checked by it); no page's own
        # address holds a token (the resume link only redirects).
        response.headers["Referrer-Policy"] = "same-origin"
        return response

    def redirect(self, path: str) -> web.HTTPSeeOther:
        return web.HTTPSeeOther(path, headers={"Cache-Control": "no-store"})


def csrf_for(token: str) -> str:
    return form_token(token, "owner-csrf")


def csrf_ok(token: str, given: object) -> bool:
    return form_token_ok(token, "owner-csrf", given)


def resume_link(settings: Settings, token: str) -> str:
    return f"{settings.dashboard_url.rstrip('/')}{SCAN_PREFIX}/r/{token}"


def remember_owner(response: web.StreamResponse, settings: Settings, token: str) -> None:
    response.set_cookie(
        OWNER_COOKIE,
        token,
        path="/",
        max_age=400 * 86400,  # browsers cap a cookie's life at 400 days
        httponly=True,
        secure=settings.web_cookie_secure,
        samesite="Lax",
    )


def forget_owner(response: web.StreamResponse, settings: Settings) -> None:
    response.del_cookie(OWNER_COOKIE, path="/", secure=settings.web_cookie_secure, samesite="Lax")


def client_address(request: web.Request) -> str:
    """Who is asking, for the per-address limits. The server listens on loopback behind the
    HTTPS reverse proxy (README): a request from loopback is the proxy's, and the address it
    appended last to X-Forwarded-For is the client's (one a client sent itself comes before)."""
    remote = request.remote or "?"
    forwarded = request.headers.get("X-Forwarded-For", "")
    if forwarded and _loopback(remote):
        return forwarded.rsplit(",", 1)[-1].strip() or remote
    return remote


def _loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def allowed(request: web.Request, token: str) -> bool:
    """The rate limits: every request per client address, and per resume link."""
    buckets = request.app[LIMITS]
    if not buckets.take("web_address", client_address(request)):
        return False
    return not token or buckets.take("web_link", token_digest(token))


def owner_language(owner: User | None, request: web.Request) -> str:
    """The owner's stored language, else the switch's cookie, else the browser's."""
    if owner is not None and owner.language in LOCALES:
        return owner.language
    chosen = request.cookies.get(LANGUAGE_COOKIE, "")
    return chosen if chosen in LOCALES else language_of(request)


Handler = Callable[[OwnerPage], Awaitable[web.StreamResponse]]


def owner_page(*, owner_required: bool = True) -> Callable[[Handler], Any]:
    """Wrap a handler: a database session, the owner of the cookie, the language, the rate
    limits, and the CSRF token on every POST (the owner's; without one, the request's Origin)."""

    def wrap(handler: Handler) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
        @functools.wraps(handler)
        async def run(request: web.Request) -> web.StreamResponse:
            deps = request.app[DEPS]
            token = request.cookies.get(OWNER_COOKIE, "")
            i18n = get_i18n()
            async with deps.sessionmaker() as db:
                owner = await web_owners.by_token(db, token) if token else None
                locale = owner_language(owner, request)
                current = OwnerPage(request, db, deps, locale, owner, token if owner else "")
                with i18n.context(), i18n.use_locale(locale):
                    if not allowed(request, current.token):
                        response = current.render("owners/slow_down.html", status=429)
                        response.headers["Retry-After"] = "60"
                        return response
                    if request.method == "POST":
                        form = await request.post()
                        if owner is not None:
                            ok = csrf_ok(current.token, form.get("csrf"))
                        else:
                            ok = same_origin(request, deps.settings)
                        if not ok:
                            return current.render("owners/refused.html", status=403)
                    if owner_required and owner is None:
                        if token:  # a cookie of a link revoked (started over elsewhere)
                            response = current.render("owners/link_invalid.html", status=404)
                            forget_owner(response, deps.settings)
                            return response
                        raise current.redirect(SCAN_PREFIX)
                    return await handler(current)

        return run

    return wrap
