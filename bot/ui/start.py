"""The greeting, help, language choice and restart question."""

from __future__ import annotations

import html

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import LANGUAGE_NAMES, LOCALES, Locale
from bot.ui.callbacks import Go, GoAct, Lang, Restart, YesNo


def greeting_text() -> str:
    return _(
        "Hello! I'm Tredebot. In about ten minutes you'll see where your business stands on "
        "the PSO ladder (Prestatieladder Socialer Ondernemen) and what it takes to reach the "
        "next step.\n\n"
        "The result is <b>indicative</b>, not a certificate: the official scan is MijnPSO.\n"
        "I store your Telegram id, your language and your answers, so you can continue later "
        "on any device. I never ask for names of employees."
    )


def campaign_welcome(campaign: str, municipality: str, contact: str | None = None) -> str:
    """The first lines for an owner who came through a campaign's link or QR code: who sent
    them, what the organisers see, and whom they may ask (as staff typed it)."""
    if municipality:
        text = _("Welcome! You came here through <b>{campaign}</b> ({municipality}).")
    else:
        text = _("Welcome! You came here through <b>{campaign}</b>.")
    text = text.format(campaign=html.escape(campaign), municipality=html.escape(municipality))
    return (
        text
        + " "
        + _(
            "The organisers only see how many people did the scan, never your answers, unless you "
            "agree to be contacted at the end."
        )
        + (
            "\n" + _("For questions and support: {contact}").format(contact=html.escape(contact))
            if contact
            else ""
        )
    )


def greeting_keyboard(locale: str) -> InlineKeyboardMarkup:
    other: Locale = "en" if locale == "nl" else "nl"
    builder = InlineKeyboardBuilder()
    builder.button(text=_("▶️ Start the scan"), callback_data=Go(act=GoAct.START))
    builder.button(text="🌐 " + LANGUAGE_NAMES[other], callback_data=Lang(code=other))
    builder.button(text=_("ℹ️ How does it work?"), callback_data=Go(act=GoAct.HELP))
    builder.adjust(1, 2)
    return builder.as_markup()


def first_question_intro() -> str:
    return _(
        "One question at a time: tap a button or type your answer. "
        "Tap ℹ️ to see what a term means. "
        "I never ask for names or personal details of your employees."
    )


def welcome_back(where: str) -> str:
    return _("Welcome back! You were at {where}. Would you like to continue?").format(where=where)


def welcome_back_keyboard() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("▶️ Continue"), callback_data=Go(act=GoAct.CONTINUE))
    builder.button(text=_("🔄 Start over"), callback_data=Go(act=GoAct.RESTART))
    builder.adjust(2)
    return builder.as_markup()


def restart_question() -> str:
    return _("Start the scan again from the beginning? Your current answers will be set aside.")


def restart_keyboard() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("Yes, start over"), callback_data=Restart(answer=YesNo.YES))
    builder.button(text=_("No, keep my answers"), callback_data=Restart(answer=YesNo.NO))
    builder.adjust(1)
    return builder.as_markup()


def language_keyboard() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for code in LOCALES:
        builder.button(text=LANGUAGE_NAMES[code], callback_data=Lang(code=code))
    return builder.as_markup()


def help_text() -> str:
    return _(
        "<b>What I do</b>\n"
        "I ask about your organisation step by step (about ten minutes) and then show an "
        "indicative level on the PSO ladder (Prestatieladder Socialer Ondernemen), how far the "
        "next step is, and what you can do next.\n\n"
        "<b>How</b>\n"
        "Tap the buttons or type an answer. Numbers like 7,5 or 7.5 are both fine. "
        "Every term has a ℹ️ button with an explanation. "
        "You can stop at any time: I keep your answers, and you continue where you were.\n\n"
        "<b>Commands</b>\n"
        "/start – start or continue the scan\n"
        "/continue – continue where you left off\n"
        "/result – show your latest result\n"
        "/restart – start the scan again\n"
        "/reminders – follow-up reminders: what is planned, on or off\n"
        "/privacy – what I store; export or delete it\n"
        "/language – Nederlands / English\n"
        "/help – this message\n\n"
        "The result is indicative, not a certificate. The official scan is on MijnPSO "
        "(mijnpso.nl)."
    )
