"""Every job, set up for one dispatcher (bot/factory.py)."""

from __future__ import annotations

from aiogram import Dispatcher

from bot.config import Settings
from bot.jobs import housekeeping, prompt_notes, reminders
from bot.runtime import drawing


def install_jobs(dispatcher: Dispatcher, storage: object, settings: Settings) -> None:
    """The drawing worker process starts with the dispatcher (pictures and PDFs never wait for
    it to load); the reminder loop and housekeeping run while the dispatcher runs."""
    dispatcher.startup.register(drawing.start)
    dispatcher.shutdown.register(drawing.stop)
    reminders.install(dispatcher, storage, settings)
    housekeeping.setup_housekeeping(dispatcher)
    prompt_notes.setup_prompt_notes(dispatcher, storage.engine, settings)  # type: ignore[attr-defined]
