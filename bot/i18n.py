"""Translations: gettext catalogues in locales/, the user's stored choice first."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, Literal

from aiogram.types import TelegramObject, User
from aiogram.utils.i18n import I18n, I18nMiddleware

from dialogs.i18n import N_

__all__ = ["LOCALES", "N_", "UserLocaleMiddleware", "get_i18n", "locale_from_telegram", "translate"]

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"
DEFAULT_LOCALE = "nl"
Locale = Literal["nl", "en"]
LOCALES: tuple[Locale, ...] = ("nl", "en")
LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}


@cache
def get_i18n() -> I18n:
    """The one I18n of the process (catalogues are read once)."""
    return I18n(path=LOCALES_DIR, default_locale=DEFAULT_LOCALE, domain=DOMAIN)


def translate(message: str, locale: str) -> str:
    """gettext outside a handler's context (reminders, start-up, documents)."""
    return get_i18n().gettext(message, locale=locale)


def locale_from_telegram(language_code: str | None) -> str:
    """English for English speakers, Dutch for everyone else (the bot serves Dutch firms)."""
    if language_code and language_code.lower().split("-")[0] == "en":
        return "en"
    return DEFAULT_LOCALE


class UserLocaleMiddleware(I18nMiddleware):
    """Locale from the stored user (set by UserMiddleware), else Telegram's language_code."""

    async def get_locale(self, event: TelegramObject, data: dict[str, Any]) -> str:
        account = data.get("account")
        if account is not None and account.language in LOCALES:
            locale = str(account.language)
        else:
            telegram_user: User | None = data.get("event_from_user")
            locale = locale_from_telegram(telegram_user.language_code if telegram_user else None)
        data["locale"] = locale  # handlers take it as an argument
        return locale
