"""/help: what the bot does, how to use it, which commands exist."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.telegram.errors import quietly

router = Router(name=__name__)


def help_text() -> str:
    return _(
        "<b>What I do</b>\n"
        "I ask about your organisation step by step (about ten minutes) and then show an "
        "indicative level on the PSO ladder (Prestatieladder Socialer Ondernemen), how far the "
        "next step is, and what you can do next.\n\n"
        "<b>How</b>\n"
        "Tap the buttons or type an answer. Numbers like 7,5 or 7.5 are both fine. "
        "Behind every term there is a ℹ️ button with an explanation. "
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


@router.message(Command("help", "hulp"))
async def show_help(message: Message) -> None:
    await message.answer(help_text())


@router.callback_query(F.data == "go:help")
async def show_help_button(query: CallbackQuery) -> None:
    await quietly(query.answer())
    if query.message is not None:
        await query.bot.send_message(query.message.chat.id, help_text())  # type: ignore[union-attr]
