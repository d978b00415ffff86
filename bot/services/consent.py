"""Consent to be contacted by the organisation of the campaign an owner came through.

An explicit, separate choice on the result screen. The owner picks what to share (organisation
name, contact name, phone, the indicative level: the consent flow, dialogs/flows/consent.py)
and confirms; only then is the exact text stored with the time and the campaign. The text
names who will contact them: the campaign's organisation (a municipality or service point, set
when its staff were invited) and the job role of the staff member who made the campaign; the
consent is that organisation's, and only its staff (and the bot's admins) see it. Withdrawal
deletes the rows.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import logging
from dataclasses import dataclass

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError

from bot.catalogues import LOCALES
from bot.config import Settings
from bot.db import Session, transactions
from bot.db.models import TELEGRAM, WEB, Campaign, User
from bot.db.repositories import campaigns, consents, organisations, results, users
from bot.i18n import N_, translate
from bot.logging_policy import who
from bot.services import accounts, conversation
from bot.services.conversation import Busy, Incomplete, Started, Talk
from bot.ui import job_roles
from bot.ui.consent import STAFF_NOTICE, Contacting
from dialogs.flows.common import YES
from dialogs.flows.consent import ID
from dialogs.model import Problem

log = logging.getLogger(__name__)

# Stored with each consent in the owner's language, so these go through translate().
CONSENT_TEXT = N_(
    "I agree that {organisation} may contact me through {person} about the next steps "
    "towards the PSO ladder (campaign “{campaign}”), using only the details I confirm here. "
    "I can withdraw this at any time with /privacy."
)
# The same for an owner in a browser, who withdraws it on their data page, not with a command.
CONSENT_TEXT_WEB = N_(
    "I agree that {organisation} may contact me through {person} about the next steps "
    "towards the PSO ladder (campaign “{campaign}”), using only the details I confirm here. "
    "I can withdraw this at any time on the page “Your data”."
)


def consent_text(contacting: Contacting, locale: str, *, channel: str = TELEGRAM) -> str:
    """The exact text the owner agrees to (stored with the consent, in their language)."""
    wording = CONSENT_TEXT_WEB if channel == WEB else CONSENT_TEXT
    return translate(wording, locale).format(
        organisation=contacting.organisation,
        person=translate(job_roles.phrase(contacting.job_role), locale),
        campaign=contacting.campaign_name,
    )


def consent_language(text: str) -> str | None:
    """The language a stored consent text was given in (None: a wording of another version),
    so the dashboard can mark it (`lang`) where it differs from the page's. Both wordings
    open alike."""
    for locale in LOCALES:
        opening = translate(CONSENT_TEXT, locale).split("{", 1)[0]
        if opening and text.startswith(opening):
            return locale
    return None


async def contacting(session: Session, campaign: Campaign) -> Contacting | None:
    """Who would contact an owner of this campaign (None: it has no organisation)."""
    if campaign.organisation_id is None:
        return None
    organisation = await organisations.by_id(session, organisation_id=campaign.organisation_id)
    if organisation is None:
        return None
    return Contacting(campaign.id or 0, campaign.name, organisation.name, campaign.contact_role)


async def offer_for(session: Session, *, user_id: int) -> Contacting | None:
    """The organisation the result screen offers, in the caller's transaction: only for owners
    who came through a campaign and have not consented to it yet."""
    campaign = await campaigns.attributed_campaign(session, user_id=user_id)
    if campaign is None:
        return None
    if await consents.given_for(session, user_id=user_id, campaign_id=campaign.id or 0):
        return None
    return await contacting(session, campaign)


async def _attributed(session: Session, user: User, campaign_id: int) -> Campaign | None:
    campaign = await campaigns.attributed_campaign(session, user_id=user.id)
    return campaign if campaign is not None and campaign.id == campaign_id else None


async def campaign_to_offer(session: Session, user: User, campaign_id: int) -> Contacting | None:
    """Who an offer button is about, if its campaign is the one this owner is attributed to."""
    async with transactions.read(session):
        campaign = await _attributed(session, user, campaign_id)
        return await contacting(session, campaign) if campaign is not None else None


async def begin(
    session: Session,
    user: User,
    campaign_id: int,
    *,
    locale: str,
    telegram_name: str,
    today: dt.date,
    leave_others: bool = False,
) -> Started | Busy | None:
    """Start choosing what to share with the campaign's organisation; None when the button is
    not for the campaign this owner is attributed to (or they consented to it already)."""
    async with transactions.write(session):
        campaign = await _attributed(session, user, campaign_id)
        who = await contacting(session, campaign) if campaign is not None else None
        if who is None:
            return None
        result = await results.latest_result(session, user_id=user.id)
        answers = json.loads(result.answers_json) if result else {}
        context = {
            "campaign_id": who.campaign_id,
            "organisation": who.organisation,
            "consent_text": consent_text(who, locale, channel=user.channel),
            "org_name": str(answers.get("org_name") or ""),
            "telegram_name": telegram_name,
            "level": result.level if result else "",
        }
        return await conversation.open_flow(
            session,
            user,
            ID,
            today=today,
            context=context,
            subject_id=who.campaign_id,
            leave_others=leave_others,
        )


@dataclass(frozen=True)
class Given:
    contacting: Contacting | None
    notify: list[tuple[int, str]]  # (staff user id, their language) to tell


CAMPAIGN_GONE = Problem(N_("This campaign is no longer available, so nothing was shared."))


async def complete(session: Session, user: User, talk: Talk, *, settings: Settings) -> Given | None:
    """The owner confirmed the summary: the consent is stored, with exactly what they chose to
    share and the text they agreed to. The organisation's staff are told (or, when it has none
    any more, the admins), without the business's name. None: they said no, nothing stored."""
    context, answers = talk.context, talk.state.answers
    if answers.get("wants") != YES:
        return None
    campaign = await _attributed(session, user, int(context.get("campaign_id") or 0))
    who = await contacting(session, campaign) if campaign is not None else None
    if campaign is None or who is None:
        raise Incomplete(CAMPAIGN_GONE)
    level = str(context.get("level") or "") if answers.get("share_level") == "yes" else None
    await consents.give(
        session,
        user_id=user.id,
        campaign_id=who.campaign_id,
        consent_text=str(context.get("consent_text") or ""),
        org_name=answers.get("org_name") or None,
        contact_name=answers.get("contact_name") or None,
        phone=answers.get("phone") or None,
        level=level or None,
    )
    notify: list[tuple[int, str]] = []
    recipients = await _organisation_staff(session, campaign.organisation_id)
    for staff_id in recipients or sorted(settings.admin_ids):
        staff = await users.get_user(session, user_id=staff_id)
        if not accounts.reachable_by_telegram(staff):
            continue  # staff are never web owners; guard all the same
        notify.append((staff_id, staff.language if staff and staff.language else "nl"))
    return Given(who, notify)


async def tell_staff(bot: Bot, given: Given) -> None:
    """After the consent is committed: its organisation's staff (or the admins) are told, each
    in their language; the message names no business (the details are in the contacts list)."""
    contacting = given.contacting
    if contacting is None:
        return
    for staff_id, staff_locale in given.notify:
        text = translate(STAFF_NOTICE, staff_locale).format(
            name=html.escape(contacting.campaign_name)
        )
        try:
            await bot.send_message(staff_id, text)
        except TelegramAPIError as error:  # blocked the bot, never started it, ...
            log.warning("could not notify staff %s: %s", who(staff_id), error)


async def _organisation_staff(session: Session, organisation_id: int | None) -> list[int]:
    if organisation_id is None:
        return []
    return await organisations.member_ids_of(session, organisation_id=organisation_id)


async def has_given(session: Session, user: User) -> bool:
    async with transactions.read(session):
        return await consents.count_given(session, user_id=user.id) > 0


async def withdraw(session: Session, user: User) -> int:
    """Every consent of this owner is deleted (and choosing one, if under way, ends); returns
    how many were given."""
    async with transactions.write(session):
        count = await consents.withdraw_consents(session, user_id=user.id)
        await conversation.end_flows(session, user_id=user.id, flow=ID)
        return count
