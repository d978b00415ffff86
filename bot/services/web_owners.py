"""Owners without Telegram: who a browser is (bot/web/owners).

A web owner is a `User` with a random negative id and channel WEB, with a `WebOwner` row. They
are known by a resume link's token: the link shown on every page ("bewaar deze link…"), which is
also the browser's cookie; only its SHA-256 is stored (`web_links`). Opening a campaign's
landing page and choosing the browser attributes them to the campaign exactly as the chat's
/start with that code does (`outreach.arrive`: a closed campaign greets but counts no one new,
an unknown code is no campaign). Starting over deletes their links and makes a new one (the old
link opens nothing any more) and sets the scan aside as the chat's "start again" does.

Each function is one or two short transactions; the pages call them.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from bot.db import Session, transactions
from bot.db.codes import is_payload, token_digest
from bot.db.models import Campaign, User, as_utc, utcnow
from bot.db.repositories import campaigns as stored_campaigns
from bot.db.repositories import web_owners as stored
from bot.services import outreach
from bot.services import scan as scan_service
from bot.services.conversation import Busy, Started

# A visit is noted (retention counts from it) at most once a minute.
SEEN_EVERY_SECONDS = 60.0


@dataclass(frozen=True)
class Landing:
    """What a campaign's landing page shows."""

    campaign: Campaign
    organisation: str  # its organisation's name ("" for none)

    @property
    def closed(self) -> bool:
        return self.campaign.closed_at is not None


@dataclass(frozen=True)
class NewOwner:
    """A web owner just made: the user, their resume token (the link and the cookie), and the
    campaign they came through (None: none, or an unknown code)."""

    user: User
    token: str
    campaign: Campaign | None


def new_token() -> str:
    """32 URL-safe characters (192 bits): the resume link's last part and the cookie."""
    return secrets.token_urlsafe(24)


async def landing(session: Session, code: str) -> Landing | None:
    """The campaign of a landing page (None: no such campaign). Reads only: viewing the page
    counts nobody."""
    if not is_payload(code):
        return None
    async with transactions.read(session):
        campaign = await stored_campaigns.by_code(session, code=code)
    if campaign is None:
        return None
    return Landing(campaign, await outreach.organisation_name(session, campaign))


async def make(
    session: Session, *, code: str | None, language: str | None, today: dt.date
) -> NewOwner:
    """A new web owner (attributed to the campaign of `code`, as the chat's /start with it
    would), with a resume link, and their scan opened at its first question."""
    token = new_token()
    now = utcnow()
    async with transactions.write(session):
        user, _owner = await stored.add_owner(session, language=language, at=now)
        await stored.add_link(session, token_hash=token_digest(token), user_id=user.id, at=now)
    campaign = None
    if code and is_payload(code):
        campaign = await outreach.arrive(session, user, code=code)
    await scan_service.begin_or_resume(session, user, today=today)
    return NewOwner(user, token, campaign)


async def came_again(session: Session, user: User, *, code: str) -> None:
    """An owner who is doing the scan in this browser opened a campaign's link: noted as the
    chat notes a /start with it (`outreach.arrive`: not their first campaign unless they have
    none, nothing for a closed or unknown one); their scan goes on where it was."""
    if is_payload(code):
        await outreach.arrive(session, user, code=code)


async def by_token(session: Session, token: str, *, note_visit: bool = True) -> User | None:
    """The web owner of a resume token (None: unknown or revoked). Notes the visit (at most
    once a minute) so retention counts from the last one."""
    if not token or len(token) > 128:
        return None
    digest = token_digest(token)
    async with transactions.read(session):
        user = await stored.owner_by_link(session, token_hash=digest)
    if user is None or not note_visit:
        return user
    now = utcnow()
    if (now - as_utc(user.last_active)).total_seconds() >= SEEN_EVERY_SECONDS:
        async with transactions.write(session):
            await stored.note_seen(session, user=user, at=now, every=SEEN_EVERY_SECONDS)
    return user


async def issue_link(session: Session, user: User) -> str:
    """One more resume link for this owner (e.g. one per e-mail sent); returns its token."""
    token = new_token()
    async with transactions.write(session):
        await stored.add_link(session, token_hash=token_digest(token), user_id=user.id, at=utcnow())
    return token


async def start_over(session: Session, user: User, *, today: dt.date) -> str:
    """Start again: every resume link of theirs stops working, a new one is made (returned),
    the scan under way is set aside (kept for the figures, never shown again) and a new scan
    opens at its first question."""
    token = new_token()
    await scan_service.set_aside(session, user)
    async with transactions.write(session):
        await stored.delete_links(session, user_id=user.id)
        await stored.add_link(session, token_hash=token_digest(token), user_id=user.id, at=utcnow())
    started: Started | Busy = await scan_service.begin_or_resume(session, user, today=today)
    if isinstance(started, Busy):  # set_aside ended every other flow; guard all the same
        await scan_service.begin_leaving_others(session, user, today=today)
    return token
