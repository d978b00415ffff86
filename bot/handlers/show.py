"""Sending what several handlers show: the open conversation's current step (a question, a
what-if's recomputed result, a review), a result, and the end of a flow.

No router here: the handler modules call these after their service call (they never import one
another). A question moves on in the message that was tapped (one edit), or, after typed text,
in a new message while the one before keeps the question with the answer taken (one send, one
edit); only once Telegram accepted it is the question noted as shown (`conversation.shown`).
"""

from __future__ import annotations

import asyncio
import html
from dataclasses import dataclass

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import (
    BufferedInputFile,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from aiogram.utils.i18n import gettext as _

from bot.db import Session
from bot.db.codes import deep_link, landing_link
from bot.db.models import Campaign, Result
from bot.pictures import draw
from bot.runtime.documents import DOCUMENTS, Stored, documents_now
from bot.runtime.drawing import render, start_rendering
from bot.runtime.fair_share import outside_slot
from bot.services import conversation
from bot.services import results as results_service
from bot.services import what_if as what_if_service
from bot.services.conversation import Talk
from bot.services.results import Shown
from bot.services.what_if_text import is_what_if_overview, what_if_overview
from bot.telegram.errors import quietly
from bot.ui import flows as flows_ui
from bot.ui import result as result_ui
from bot.ui import staff as staff_ui
from bot.ui.prompt import (
    prompt_keyboard,
    prompt_text,
    skip_label,
    split_for_telegram,
)
from dialogs.engine import StepKind

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove


@dataclass(frozen=True)
class Part:
    text: str
    markup: Markup | None = None


def step_parts(
    talk: Talk,
    locale: str,
    *,
    notice: str | None = None,
    echo: str | None = None,
    contact: str = "",
) -> list[Part]:
    """The conversation's current step as messages; the last one carries its buttons."""
    prompt = talk.prompt
    flow_id = talk.row.flow
    if prompt.kind == StepKind.REVIEW:
        blocks = flows_ui.review_blocks(talk.flow, talk.state, locale)
        if notice:
            blocks.insert(0, "⚠️ " + notice)
        *first, last = split_for_telegram(blocks)
        keyboard = flows_ui.review_keyboard(talk.flow, talk.state, talk.id, talk.revision)
        return [*(Part(text) for text in first), Part(last, keyboard)]
    if is_what_if_overview(talk):
        blocks = what_if_overview(talk, locale, contact=contact)
        if notice:
            blocks.insert(0, "⚠️ " + notice + "\n")
        *first, last = split_for_telegram(blocks)
        keyboard = prompt_keyboard(prompt, talk.id, talk.revision, locale)
        return [*(Part(text) for text in first), Part(last, keyboard)]
    text = prompt_text(prompt, locale, notice=notice)
    if echo:
        text = echo + "\n\n" + text
    stop = flows_ui.stop_for(flow_id, prompt)
    if prompt.takes_contact:
        return [Part(text, contact_keyboard(skip_label(prompt), stop))]
    return [Part(text, prompt_keyboard(prompt, talk.id, talk.revision, locale, stop=stop))]


def contact_keyboard(skip: str, stop: str) -> ReplyKeyboardMarkup:
    """Telegram's "share my phone number", beside the way to leave it out (typed as text)."""
    rows = [[KeyboardButton(text=_("📱 Share my phone number"), request_contact=True)]]
    rows.append([KeyboardButton(text=skip)])
    if stop:
        rows.append([KeyboardButton(text=_(stop))])
    return ReplyKeyboardMarkup(keyboard=rows, resize_keyboard=True, one_time_keyboard=True)


async def step(
    bot: Bot,
    chat_id: int,
    *,
    session: Session,
    talk: Talk,
    locale: str,
    notice: str | None = None,
    echo: str | None = None,
    tapped: Message | None = None,
    passed: str | None = None,
    clear_previous: bool = True,
    after_reply_keyboard: bool = False,
) -> None:
    """Show the conversation's current step and note it as shown.

    `tapped`: the message whose button moved the conversation: the step replaces it there.
    Otherwise it is sent anew, and the message that showed the step before loses its buttons
    (`clear_previous`), reading `passed` instead when given (the question with the answer
    typed). `after_reply_keyboard`: the step before showed a reply keyboard ("share my phone
    number"), which no edit removes: the answer is said in a message that removes it."""
    contact = await what_if_service.contact(session, talk) if is_what_if_overview(talk) else ""
    parts = step_parts(talk, locale, notice=notice, echo=echo, contact=contact)
    if after_reply_keyboard:
        await bot.send_message(chat_id, passed or "✅", reply_markup=ReplyKeyboardRemove())
        clear_previous = False
    last = parts[-1]
    editable = len(parts) == 1 and not isinstance(last.markup, ReplyKeyboardMarkup)
    if tapped is not None and editable and await _edit(tapped, last):
        await conversation.shown(session, talk, tapped.message_id, sent_anew=False)
        return
    sending = _send(bot, chat_id, parts)
    previous = tapped.message_id if tapped is not None else talk.row.prompt_message_id
    if clear_previous and previous:
        clearing = quietly(
            bot.edit_message_text(passed, chat_id=chat_id, message_id=previous)
            if passed
            else bot.edit_message_reply_markup(chat_id=chat_id, message_id=previous)
        )
        _, message_id = await asyncio.gather(clearing, sending)
    else:
        message_id = await sending
    await conversation.shown(session, talk, message_id)


async def _edit(message: Message, part: Part) -> bool:
    """Replace a message's text and buttons; False when Telegram no longer lets us (too old,
    deleted), so the step is sent anew."""
    markup = part.markup if isinstance(part.markup, InlineKeyboardMarkup) else None
    try:
        await message.edit_text(part.text, reply_markup=markup)
    except TelegramBadRequest as error:
        return "not modified" in error.message.lower()
    return True


async def _send(bot: Bot, chat_id: int, parts: list[Part]) -> int:
    message_id = 0
    for part in parts:
        sent = await bot.send_message(chat_id, part.text, reply_markup=part.markup)
        message_id = sent.message_id
    return message_id


async def ended(
    bot: Bot,
    chat_id: int,
    text: str,
    *,
    tapped: Message | None,
    remove_reply_keyboard: bool = False,
) -> None:
    """A flow ended with `text`: in the tapped message (its buttons gone), or as a message."""
    if tapped is not None and not remove_reply_keyboard and await _edit(tapped, Part(text)):
        return
    markup = ReplyKeyboardRemove() if remove_reply_keyboard else None
    await bot.send_message(chat_id, text, reply_markup=markup)


async def resumed_scan(
    bot: Bot, chat_id: int, *, session: Session, talk: Talk | None, locale: str
) -> None:
    """The scan that waited for another flow is open again: its question, anew."""
    if talk is not None:
        await step(
            bot,
            chat_id,
            session=session,
            talk=talk,
            locale=locale,
            notice=html.escape(flows_ui.back_to_scan()),
        )


def draw_ladder(shown: Shown, locale: str) -> asyncio.Future[bytes]:
    """The ladder with the owner's position; drawing starts at once, in the drawing worker."""
    stored = shown.result
    return start_rendering(draw.ladder, shown.answers, stored.rules_version, locale)


def stored(shown_result: Result) -> Stored:
    """What the result's PDF is made from (bot/runtime/documents.py)."""
    return results_service.document_source(shown_result)


async def result(bot: Bot, chat_id: int, shown: Shown, *, locale: str) -> None:
    """The result as three messages: the assessment, the ladder, the next steps with buttons.
    Once the picture is drawn, the worker makes the PDF with it (behind the other pictures),
    so that a tap on "PDF" finds it ready."""
    picture = draw_ladder(shown, locale)  # drawn while the text goes out
    try:
        previous = shown.previous
        text = result_ui.result_text(
            shown.assessment,
            shown.answers,
            locale,
            previous=results_service.assess_stored(previous) if previous else None,
            previous_date=result_ui.previous_date(previous, locale) if previous else None,
        )
        # The wait for the worker holds no update slot (a room finishing at once).
        _, drawn = await asyncio.gather(bot.send_message(chat_id, text), outside_slot(picture))
        DOCUMENTS.prepare(
            stored(shown.result), locale=locale, generated_at=documents_now(), ladder=drawn
        )
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


async def bot_username(bot: Bot) -> str:
    me = await bot.me()
    return me.username or "tredebot"


async def campaign_kit(
    bot: Bot,
    chat_id: int,
    campaign: Campaign,
    *,
    created: bool,
    web_base: str,
    organisation: str = "",
) -> None:
    """Both links (the Telegram deep link and the short web address on `web_base`, whose
    landing page offers Telegram or the browser), the QR code of the web address and a
    printable poster (naming the organisation)."""
    link = deep_link(await bot_username(bot), campaign.code)
    web_link = landing_link(web_base, campaign.code)
    await bot.send_message(chat_id, staff_ui.kit_text(campaign, link, web_link, created=created))
    qr = await render(draw.qr_png, web_link)
    await bot.send_photo(
        chat_id,
        BufferedInputFile(qr, filename=f"qr-{campaign.code}.png"),
        caption=staff_ui.qr_caption(web_link),
    )
    poster = await render(
        draw.poster,
        name=campaign.name,
        link=web_link,
        telegram_link=link,
        organisation=organisation,
        texts=staff_ui.poster_texts(),
    )
    await bot.send_document(
        chat_id,
        BufferedInputFile(poster, filename=f"poster-{campaign.code}.pdf"),
        caption=staff_ui.poster_caption(),
    )
