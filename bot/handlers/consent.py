"""Consent to be contacted by the municipality of the campaign an owner came through.

An explicit, separate choice on the result screen. The owner picks what to share (organisation
name, contact name, phone, the indicative level) and confirms; the exact text is stored with the
time and the campaign, and the campaign's staff get a notification. The draft lives in the
database (its `step`), so a restart loses nothing. Withdrawal: `withdraw_consents` (for /privacy)
or the button `withdraw_button()` (callback "ct:w").
"""

from __future__ import annotations

import html
import json
import logging
import re

from aiogram import Bot, F, Router
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramAPIError
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config import Settings
from bot.db import repo
from bot.db.models import Campaign, ContactConsent, User
from bot.i18n import N_, translate
from bot.services.campaigns import consents, store
from bot.services.campaigns.consents import withdraw_consents
from bot.services.campaigns.roles import role_of
from bot.telegram.errors import quietly
from dialogs.texts import clean_text

__all__ = ["WITHDRAW_DATA", "offer_button", "router", "withdraw_button", "withdraw_consents"]

router = Router(name=__name__)
router.message.filter(F.chat.type == ChatType.PRIVATE)
log = logging.getLogger(__name__)

WITHDRAW_DATA = "ct:w"
PHONE = re.compile(r"^\+?[0-9][0-9 ()./-]{5,24}$")
TEXT_MAX = 120
# Stored with each consent in the owner's language, so these go through translate().
CONSENT_TEXT = N_(
    "I agree that the municipality of {municipality} may contact me about the next steps "
    "towards the PSO ladder (campaign “{campaign}”), using only the details I confirm here. "
    "I can withdraw this at any time with /privacy."
)
STAFF_NOTICE = N_(
    "📞 A business that came through “{name}” agreed to be contacted. See /campaigns → Contacts."
)


# --- the offer on the result screen -----------------------------------------------------------
async def offer_button(session: AsyncSession, *, user_id: int) -> InlineKeyboardButton | None:
    """The result screen's consent button, only for owners who came through a campaign (and
    have not consented to it yet)."""
    campaign = await store.attributed_campaign(session, user_id=user_id)
    if campaign is None or not campaign.municipality:
        return None
    if await consents.given_for(session, user_id=user_id, campaign_id=campaign.id or 0):
        return None
    return InlineKeyboardButton(
        text=_("📞 Let {municipality} contact me").format(municipality=campaign.municipality),
        callback_data=f"ct:o:{campaign.id}",
    )


def withdraw_button() -> InlineKeyboardButton:
    """For the privacy screen: withdraws every consent to be contacted."""
    return InlineKeyboardButton(
        text=_("Withdraw consent to be contacted"), callback_data=WITHDRAW_DATA
    )


def consent_text(campaign: Campaign, locale: str) -> str:
    """The exact text the owner agrees to (stored with the consent, in their language)."""
    return translate(CONSENT_TEXT, locale).format(
        municipality=campaign.municipality, campaign=campaign.name
    )


async def _campaign_of(session: AsyncSession, user_id: int, data: str) -> Campaign | None:
    """The campaign in the button, if it is the one this owner is attributed to."""
    campaign = await store.attributed_campaign(session, user_id=user_id)
    if campaign is None or data != str(campaign.id):
        return None
    return campaign


def _markup(*buttons: tuple[str, str]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for text, data in buttons:
        builder.button(text=text, callback_data=data)
    builder.adjust(1)
    return builder.as_markup()


@router.callback_query(F.data.startswith("ct:o:"))
async def offer(query: CallbackQuery, session: AsyncSession, account: User, locale: str) -> None:
    campaign = await _campaign_of(session, account.id, (query.data or "")[5:])
    if campaign is None:
        await quietly(query.answer(_("This button no longer works. Type /start to go on.")))
        return
    await quietly(query.answer())
    await query.bot.send_message(  # type: ignore[union-attr]
        account.id,
        _(
            "<b>May {municipality} contact you?</b>\n"
            "This is a separate choice; your result stays the same either way. "
            "You choose what to share, and you see it all before anything is sent.\n\n"
            "<i>{text}</i>"
        ).format(
            municipality=html.escape(campaign.municipality),
            text=html.escape(consent_text(campaign, locale)),
        ),
        reply_markup=_markup(
            (_("Yes, choose what to share"), f"ct:y:{campaign.id}"),
            (_("No, thank you"), "ct:n"),
        ),
    )


@router.callback_query(F.data == "ct:n")
async def decline(query: CallbackQuery) -> None:
    await quietly(query.answer(_("Fine: nothing is shared.")))
    if isinstance(query.message, Message):
        await quietly(query.message.edit_reply_markup(reply_markup=None))


@router.callback_query(F.data.startswith("ct:y:"))
async def begin(query: CallbackQuery, session: AsyncSession, account: User, locale: str) -> None:
    campaign = await _campaign_of(session, account.id, (query.data or "")[5:])
    if campaign is None:
        await quietly(query.answer(_("This button no longer works. Type /start to go on.")))
        return
    await quietly(query.answer())
    if isinstance(query.message, Message):
        await quietly(query.message.edit_reply_markup(reply_markup=None))
    draft = await consents.start_draft(
        session,
        user_id=account.id,
        campaign_id=campaign.id or 0,
        consent_text=consent_text(campaign, locale),
    )
    await session.commit()
    await ask(query.bot, session, draft, account)  # type: ignore[arg-type]


# --- the questions ----------------------------------------------------------------------------
async def _answers(session: AsyncSession, user_id: int) -> tuple[dict[str, object], str | None]:
    result = await repo.latest_result(session, user_id=user_id)
    if result is None:
        return {}, None
    return json.loads(result.answers_json), result.level


async def ask(bot: Bot, session: AsyncSession, draft: ContactConsent, account: User) -> None:
    chat_id = account.id
    if draft.step == "org":
        answers, _level = await _answers(session, account.id)
        known = str(answers.get("org_name") or "")
        buttons = [(_("Use “{name}”").format(name=known[:40]), "ct:org")] if known else []
        await bot.send_message(
            chat_id,
            _("Which organisation name may I share? Type it, or tap a button."),
            reply_markup=_markup(*buttons, (_("Don't share"), "ct:skip")),
        )
    elif draft.step == "name":
        await bot.send_message(
            chat_id,
            _("Who should they ask for? Type a name, or tap a button."),
            reply_markup=_markup(
                (_("Use my Telegram name"), "ct:me"), (_("Don't share"), "ct:skip")
            ),
        )
    elif draft.step == "phone":
        keyboard = ReplyKeyboardMarkup(
            keyboard=[
                [KeyboardButton(text=_("📱 Share my phone number"), request_contact=True)],
                [KeyboardButton(text=_("✖️ Cancel"))],
            ],
            resize_keyboard=True,
            one_time_keyboard=True,
        )
        await bot.send_message(
            chat_id,
            _(
                "Which phone number can they call? Tap the button to share your Telegram number, "
                "or type a number."
            ),
            reply_markup=keyboard,
        )
    elif draft.step == "level":
        _answers_unused, level = await _answers(session, account.id)
        await bot.send_message(
            chat_id,
            _("May I share your indicative level ({level})?").format(level=_level_words(level)),
            reply_markup=_markup((_("Yes, share it"), "ct:lv:y"), (_("No"), "ct:lv:n")),
        )
    elif draft.step == "confirm":
        await bot.send_message(
            chat_id,
            summary(draft),
            reply_markup=_markup(
                (_("✅ Yes, share this"), "ct:ok"), (_("✖️ Cancel, share nothing"), "ct:x")
            ),
        )


def _level_words(level: str | None) -> str:
    if not level:
        return _("none yet")
    if level == "none":
        return _("no step yet")
    return "Trede " + level.removeprefix("trede_")


def summary(draft: ContactConsent) -> str:
    not_shared = "<i>" + _("not shared") + "</i>"
    rows = [
        (_("Organisation"), draft.org_name),
        (_("Contact name"), draft.contact_name),
        (_("Phone"), draft.phone),
        (_("Indicative level"), _level_words(draft.level) if draft.level else None),
    ]
    lines = [_("<b>Please check.</b> This is what I will share:")]
    lines += [
        f"• {label}: " + (html.escape(value) if value else not_shared) for label, value in rows
    ]
    lines += ["", _("You agree:") + " <i>" + html.escape(draft.consent_text) + "</i>"]
    return "\n".join(lines)


async def _advance(
    bot: Bot, session: AsyncSession, draft: ContactConsent, account: User, step: str
) -> None:
    draft.step = step
    session.add(draft)
    await session.commit()
    await ask(bot, session, draft, account)


NEXT_STEP = {"org": "name", "name": "phone", "phone": "level", "level": "confirm"}


@router.callback_query(F.data.in_({"ct:org", "ct:me", "ct:skip", "ct:lv:y", "ct:lv:n"}))
async def choice(query: CallbackQuery, session: AsyncSession, account: User, bot: Bot) -> None:
    draft = await consents.draft_of(session, user_id=account.id)
    expected = {"ct:org": "org", "ct:me": "name", "ct:lv:y": "level", "ct:lv:n": "level"}
    step = draft.step if draft else None
    data = query.data or ""
    if draft is None or step not in {"org", "name", "level"} or expected.get(data, step) != step:
        await quietly(query.answer(_("That question has passed.")))
        return
    await quietly(query.answer())
    if isinstance(query.message, Message):
        await quietly(query.message.edit_reply_markup(reply_markup=None))
    answers, level = await _answers(session, account.id)
    if data == "ct:org":
        draft.org_name = str(answers.get("org_name") or "")[:TEXT_MAX] or None
    elif data == "ct:me":
        draft.contact_name = query.from_user.full_name[:TEXT_MAX] or None
    elif data == "ct:lv:y":
        draft.level = level
    elif data == "ct:lv:n":
        draft.level = None
    await _advance(bot, session, draft, account, NEXT_STEP[step])


@router.message(F.contact)
async def shared_contact(
    message: Message, session: AsyncSession, account: User, bot: Bot
) -> object:
    draft = await consents.draft_of(session, user_id=account.id)
    if draft is None or draft.step != "phone":
        return UNHANDLED
    contact = message.contact
    if contact is None or contact.user_id != account.id:
        await message.answer(_("Please share your own number with the button, or type a number."))
        return None
    phone = contact.phone_number
    draft.phone = phone if phone.startswith("+") else "+" + phone
    await message.answer(_("Thanks, got it."), reply_markup=ReplyKeyboardRemove())
    await _advance(bot, session, draft, account, "level")
    return None


@router.message(F.text & ~F.text.startswith("/"))
async def typed(message: Message, session: AsyncSession, account: User, bot: Bot) -> object:
    """Typed answers while choosing what to share; anything else goes on to the inventory."""
    draft = await consents.draft_of(session, user_id=account.id)
    if draft is None or draft.step not in {"org", "name", "phone"}:
        return UNHANDLED
    text = clean_text(message.text or "")
    if draft.step == "phone":
        if text == _("✖️ Cancel"):
            await cancel_draft(bot, session, draft, account.id)
            return None
        if not PHONE.match(text) or sum(ch.isdigit() for ch in text) < 6:
            await message.answer(
                _(
                    "That doesn't look like a phone number. Type it like 06 12345678, or tap the "
                    "button."
                )
            )
            return None
        draft.phone = text
        await message.answer(_("Thanks, got it."), reply_markup=ReplyKeyboardRemove())
        await _advance(bot, session, draft, account, "level")
        return None
    if not any(ch.isalnum() for ch in text):
        await ask(bot, session, draft, account)
        return None
    if draft.step == "org":
        draft.org_name = text[:TEXT_MAX]
    else:
        draft.contact_name = text[:TEXT_MAX]
    await _advance(bot, session, draft, account, NEXT_STEP[draft.step])
    return None


async def cancel_draft(
    bot: Bot, session: AsyncSession, draft: ContactConsent, chat_id: int
) -> None:
    await session.delete(draft)
    await session.commit()
    await bot.send_message(
        chat_id, _("Fine: nothing is shared."), reply_markup=ReplyKeyboardRemove()
    )


@router.callback_query(F.data.in_({"ct:ok", "ct:x"}))
async def confirm(
    query: CallbackQuery, session: AsyncSession, account: User, settings: Settings, bot: Bot
) -> None:
    draft = await consents.draft_of(session, user_id=account.id)
    if draft is None or draft.step != "confirm":
        await quietly(query.answer(_("That question has passed.")))
        return
    await quietly(query.answer())
    if isinstance(query.message, Message):
        await quietly(query.message.edit_reply_markup(reply_markup=None))
    if query.data == "ct:x":
        await cancel_draft(bot, session, draft, account.id)
        return
    campaign = await session.get(Campaign, draft.campaign_id)
    await consents.confirm(session, draft=draft)
    await session.commit()
    municipality = campaign.municipality if campaign else ""
    await bot.send_message(
        account.id,
        _(
            "Thank you. {municipality} may now contact you about the next steps. "
            "You can withdraw this at any time with /privacy."
        ).format(municipality=html.escape(municipality)),
    )
    if campaign is not None:
        await notify_staff(bot, session, settings, campaign)


async def notify_staff(
    bot: Bot, session: AsyncSession, settings: Settings, campaign: Campaign
) -> None:
    """The campaign's owner (or, if they are no longer staff, the admins) hears of it. The
    message names no business: the details are in the contacts list."""
    owner_role = await role_of(session, settings, campaign.owner_id)
    recipients = [campaign.owner_id] if owner_role else sorted(settings.admin_ids)
    for staff_id in recipients:
        owner = await session.get(User, staff_id)
        locale = owner.language if owner and owner.language else "nl"
        text = translate(STAFF_NOTICE, locale).format(name=html.escape(campaign.name))
        try:
            await bot.send_message(staff_id, text)
        except TelegramAPIError as error:  # blocked the bot, never started it, ...
            log.warning("could not notify staff %s: %s", staff_id, error)


# --- withdrawal -------------------------------------------------------------------------------
@router.callback_query(F.data == WITHDRAW_DATA)
async def withdraw(query: CallbackQuery, session: AsyncSession, account: User, bot: Bot) -> None:
    count = await withdraw_consents(session, user_id=account.id)
    await session.commit()
    await quietly(query.answer())
    if count:
        text = _("Done: your consent is withdrawn and your contact details are deleted.")
    else:
        text = _("You had not agreed to be contacted, so nothing was shared.")
    await bot.send_message(account.id, text)
