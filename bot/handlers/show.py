"""Sending what several handlers show: the scan's current question or review, and a result.

No router here: the handler modules call these after their service call (they never import one
another).
"""

from __future__ import annotations

import asyncio

from aiogram import Bot
from aiogram.types import BufferedInputFile

from bot.db import Session
from bot.runtime.drawing import start_rendering
from bot.services import results as results_service
from bot.services import scan as scan_service
from bot.services.results import Shown
from bot.services.scan import FLOW, Scan
from bot.telegram.errors import quietly
from bot.ui import result as result_ui
from bot.ui.prompt import prompt_keyboard, prompt_text, split_for_telegram
from bot.ui.review import review_blocks, review_keyboard
from dialogs.engine import StepKind
from pso.assess import Assessment
from pso.ladder_image import ladder_jpeg


async def scan_prompt(
    bot: Bot,
    chat_id: int,
    *,
    session: Session,
    scan: Scan,
    locale: str,
    notice: str | None = None,
    clear_previous: bool = True,
    answered: str | None = None,
) -> None:
    """Send the scan's current step as a new message and remember it; the message that showed
    the step before loses its buttons (at the same time: one wait for Telegram, not two), and
    with `answered` reads as that text instead (the question with the answer taken)."""
    sending = _send_step(bot, chat_id, scan, locale=locale, notice=notice)
    shown = scan.intake.prompt_message_id
    if clear_previous and shown:
        clearing = quietly(
            bot.edit_message_text(answered, chat_id=chat_id, message_id=shown)
            if answered
            else bot.edit_message_reply_markup(chat_id=chat_id, message_id=shown)
        )
        _, message_id = await asyncio.gather(clearing, sending)
    else:
        message_id = await sending
    await scan_service.note_prompt(session, scan, message_id)


async def _send_step(bot: Bot, chat_id: int, scan: Scan, *, locale: str, notice: str | None) -> int:
    prompt = scan.prompt
    if prompt.kind != StepKind.REVIEW:
        sent = await bot.send_message(
            chat_id,
            prompt_text(prompt, locale, notice=notice),
            reply_markup=prompt_keyboard(prompt, scan.revision, locale),
        )
        return sent.message_id
    blocks = review_blocks(FLOW, scan.state, locale)
    if notice:
        blocks.insert(0, "⚠️ " + notice)
    *first, last = split_for_telegram(blocks)
    for text in first:
        await bot.send_message(chat_id, text)
    sent = await bot.send_message(
        chat_id, last, reply_markup=review_keyboard(FLOW, scan.state, scan.revision)
    )
    return sent.message_id


def draw_ladder(assessment: Assessment, locale: str) -> asyncio.Future[bytes]:
    """The ladder with the owner's position; drawing starts at once, in the drawing thread."""
    return start_rendering(ladder_jpeg, assessment, gettext=result_ui.gettext, locale=locale)


async def result(bot: Bot, chat_id: int, shown: Shown, *, locale: str) -> None:
    """The result as three messages: the assessment, the ladder, the next steps with buttons."""
    picture = draw_ladder(shown.assessment, locale)  # drawn while the text goes out
    try:
        previous = shown.previous
        text = result_ui.result_text(
            shown.assessment,
            shown.answers,
            locale,
            previous=results_service.assess_stored(previous) if previous else None,
            previous_date=result_ui.previous_date(previous, locale) if previous else None,
        )
        _, drawn = await asyncio.gather(bot.send_message(chat_id, text), picture)
        await bot.send_photo(
            chat_id,
            BufferedInputFile(drawn, filename="pso-ladder.jpg"),
            caption=result_ui.picture_caption(),
        )
        await bot.send_message(
            chat_id,
            result_ui.next_steps_text(
                shown.assessment, shown.answers, locale, contact=shown.contact
            ),
            reply_markup=result_ui.result_keyboard(shown.result.id or 0, shown.consent_offer),
        )
    finally:
        picture.cancel()  # only when a send failed before it was needed
