"""The command menu shown by Telegram, per language."""

from __future__ import annotations

from aiogram.types import BotCommand

from bot.i18n import N_, translate

COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", N_("Start or continue the PSO scan")),
    ("continue", N_("Continue where you left off")),
    ("result", N_("Show my latest result")),
    ("restart", N_("Start the scan again from the beginning")),
    ("language", N_("Nederlands / English")),
    ("help", N_("What this bot does and how")),
    ("reminders", N_("Reminders: what is planned, on or off")),
    ("privacy", N_("Your data: what I store, export, delete")),
)


def command_menu(locale: str) -> list[BotCommand]:
    return [
        BotCommand(command=name, description=translate(description, locale))
        for name, description in COMMANDS
    ]
