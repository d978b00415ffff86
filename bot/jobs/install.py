"""Every job, set up for one dispatcher (bot/factory.py)."""

from __future__ import annotations

from aiogram import Dispatcher

from bot.config import Settings
from bot.jobs import documents, housekeeping, prompt_notes, reminders
from bot.services.results import ReportPdf


def install_jobs(dispatcher: Dispatcher, storage: object, settings: Settings) -> None:
    """The reminder loop and housekeeping run while the dispatcher runs; the PDF worker is
    started by the first PDF asked for."""
    report_pdf: ReportPdf = documents.report_pdf
    dispatcher.workflow_data.setdefault("report_pdf", report_pdf)
    reminders.install(dispatcher, storage, settings)
    housekeeping.setup_housekeeping(dispatcher)
    prompt_notes.setup_prompt_notes(dispatcher, storage.engine, settings)  # type: ignore[attr-defined]
