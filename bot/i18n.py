"""Translations: gettext catalogues, the user's stored choice first.

Where the catalogues come from, for every kind of install:
- The sources stay where translators and ``make locales`` work on them:
  ``locales/{nl,en}/LC_MESSAGES/messages.po`` at the top of the repository. ``locales/`` is a
  data-only package, so setuptools ships the ``.po`` files with the bot like its other package
  data: a checkout, ``pip install -e .`` and a plain ``pip install .`` find them the same way.
- aiogram's I18n reads compiled ``.mo`` files. At the first ``get_i18n()`` the bot compiles every
  ``.mo`` that is missing or older than its ``.po`` (bot/catalogues.py, Babel's ``read_po`` and
  ``write_mo``): beside the ``.po`` when that folder is writable (a checkout, a virtualenv), else
  into a cache folder named after the catalogues' content (``$XDG_CACHE_HOME`` or
  ``~/.cache``, ``tredebot/catalogues/<digest>``), e.g. for a read-only site-packages. Both
  catalogues compile in about 40 ms. ``make install`` and the Docker build
  (``python -m bot.i18n``) compile ahead, so a normal start only compares file times.
- Why not at build time: an editable install runs no build step, so start-up would need the same
  code anyway; one mechanism for all installs, and no custom setuptools command.
- A missing or unreadable catalogue raises CatalogueError naming the file; ``tredebot run``
  turns it into one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import sys
from functools import cache
from typing import Any

from aiogram.types import TelegramObject, User
from aiogram.utils.i18n import I18n, I18nMiddleware

from bot.catalogues import DOMAIN, LOCALES, CatalogueError, Locale, catalogue_dir
from dialogs.i18n import N_

__all__ = [
    "LOCALES",
    "N_",
    "CatalogueError",
    "Locale",
    "UserLocaleMiddleware",
    "get_i18n",
    "locale_from_telegram",
    "translate",
]

DEFAULT_LOCALE = "nl"
LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}


@cache
def get_i18n() -> I18n:
    """The one I18n of the process (catalogues are compiled if needed and read once).
    Raises CatalogueError when a catalogue is missing or cannot be compiled."""
    return I18n(path=catalogue_dir(LOCALES), default_locale=DEFAULT_LOCALE, domain=DOMAIN)


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


if __name__ == "__main__":  # compile ahead of time: `python -m bot.i18n` prints the folder
    try:
        print(catalogue_dir(LOCALES))
    except CatalogueError as problem:
        print(f"tredebot: {problem}", file=sys.stderr)
        raise SystemExit(2) from None
