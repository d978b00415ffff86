"""The result: indicative level, picture, next steps, PDF, the change since last time, what-if.

The what-if explorer keeps its state on the stored result (not in memory), so it survives a
restart; the saved answers change only when the owner chooses to keep the extra person.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable
from datetime import datetime
from typing import Any

from aiogram import Bot, F, Router
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.enums import ChatType
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db import repo
from bot.db.models import IntakeSession, Result, User, as_utc
from bot.handlers import consent
from bot.i18n import get_i18n
from bot.runtime.drawing import render, start_rendering
from bot.telegram.errors import quietly
from dialogs.categories import CONTRACTS, SECONDED_OUT, TARGET_GROUPS
from dialogs.numbers import parse_number
from pso.assess import Assessment, assess, assessment_as_dict
from pso.ladder_image import ladder_jpeg
from pso.presentation import fmt_pct, level_text, next_steps_message, result_message
from pso.rules import load_rules

router = Router(name=__name__)
router.message.filter(F.chat.type == ChatType.PRIVATE)
log = logging.getLogger(__name__)

MAX_WHAT_IF_PERSONS = 10


class WhatIf(CallbackData, prefix="w"):
    result: int
    act: str  # s=start g=group c=contract k=keep x=close p=pdf
    val: str = ""


# --- translation glue for the pure presentation module ----------------------------------------
def _gettext(message: str) -> str:
    return get_i18n().gettext(message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return get_i18n().gettext(singular, plural, n)


def assess_stored(result: Result, extra: list[dict[str, Any]] | None = None) -> Assessment:
    """Recompute a stored result with the rules version it was made with."""
    answers = json.loads(result.answers_json)
    if extra:
        answers = {**answers, "employees": [*answers.get("employees", []), *extra]}
    return assess(answers, load_rules(result.rules_version))


# --- showing a result -------------------------------------------------------------------------
async def show_new_result(
    bot: Bot,
    chat_id: int,
    *,
    session: AsyncSession,
    account: User,
    intake: IntakeSession | None,
    answers: dict[str, Any],
    assessment: Assessment,
    locale: str,
    picture: Awaitable[bytes] | None = None,
) -> None:
    """Store the result (in the same transaction as whatever the caller changed), then show it.

    `picture`: the ladder, when the caller has started drawing it (`draw_picture`)."""
    previous = await repo.latest_result(session, user_id=account.id)
    result = await repo.store_result(
        session,
        user_id=account.id,
        session_id=intake.id if intake else None,
        answers=answers,
        rules_version=assessment.rules_version,
        level=assessment.level,
        contribution_pct=assessment.contribution_pct,
        assessment=assessment_as_dict(assessment),
    )
    await session.commit()
    await send_result(
        bot,
        chat_id,
        result=result,
        assessment=assessment,
        locale=locale,
        previous=previous,
        extra_button=await consent.offer_button(session, user_id=account.id),
        picture=picture,
    )


async def send_result(
    bot: Bot,
    chat_id: int,
    *,
    result: Result,
    assessment: Assessment,
    locale: str,
    previous: Result | None,
    extra_button: InlineKeyboardButton | None = None,
    picture: Awaitable[bytes] | None = None,
) -> None:
    # The picture is drawn (in the drawing thread) while the text is written and goes out.
    picture = picture or draw_picture(assessment, locale)
    answers = json.loads(result.answers_json)
    text = result_message(
        assessment, gettext=_gettext, ngettext=_ngettext, locale=locale, answers=answers
    )
    if previous is not None:
        text += "\n\n" + change_since(previous, assessment, locale)
    _sent, drawn = await asyncio.gather(bot.send_message(chat_id, text), picture)
    await bot.send_photo(
        chat_id,
        BufferedInputFile(drawn, filename="pso-ladder.jpg"),
        caption=_("Your position on the PSO ladder (indicative)."),
    )
    await bot.send_message(
        chat_id,
        next_steps_message(
            assessment, answers, gettext=_gettext, ngettext=_ngettext, locale=locale
        ),
        reply_markup=result_keyboard(result.id or 0, extra_button),
    )


def draw_picture(assessment: Assessment, locale: str) -> asyncio.Future[bytes]:
    """The ladder with the owner's position, for the chat; the drawing starts at once."""
    return start_rendering(ladder_jpeg, assessment, gettext=_gettext, locale=locale)


def change_since(previous: Result, now: Assessment, locale: str) -> str:
    before = assess_stored(previous)
    when = as_utc(previous.created_at).strftime("%d-%m-%Y")
    line = _("Last time ({date}): {before} – now {now}.").format(
        date=when,
        before=fmt_pct(before.contribution_pct, locale),
        now=fmt_pct(now.contribution_pct, locale),
    )
    if before.level != now.level:
        line += " " + _("Level: {before} → {now}.").format(
            before=level_text(before, _gettext), now=level_text(now, _gettext)
        )
    return "<i>" + line + "</i>"


def result_keyboard(
    result_id: int, extra: InlineKeyboardButton | None = None
) -> InlineKeyboardMarkup:
    """`extra`: the consent button for owners who came through a campaign (bot/handlers/consent)."""
    builder = InlineKeyboardBuilder()
    builder.button(
        text=_("📄 Summary and plan (PDF)"), callback_data=WhatIf(result=result_id, act="p")
    )
    builder.button(
        text=_("➕ What if I hire someone?"), callback_data=WhatIf(result=result_id, act="s")
    )
    builder.button(text=_("🔄 New scan"), callback_data="go:restart")
    if extra is not None:
        builder.add(extra)
    # Opt-in to follow-up reminders (bot/handlers/reminders.py).
    builder.button(text=_("🔔 Remind me along the way"), callback_data=f"rm:opt:{result_id}")
    builder.adjust(1)
    return builder.as_markup()


@router.message(Command("result", "resultaat"))
async def latest_result_command(
    message: Message, session: AsyncSession, account: User, locale: str, bot: Bot
) -> None:
    result = await repo.latest_result(session, user_id=account.id)
    if result is None:
        await message.answer(_("You have no result yet. Tap /start to do the scan."))
        return
    await send_result(
        bot,
        message.chat.id,
        result=result,
        assessment=assess_stored(result),
        locale=locale,
        previous=None,
        extra_button=await consent.offer_button(session, user_id=account.id),
    )


async def own_result(session: AsyncSession, account: User, result_id: int) -> Result | None:
    result = await session.get(Result, result_id)
    return result if result is not None and result.user_id == account.id else None


@router.callback_query(WhatIf.filter(F.act == "p"))
async def send_pdf(
    query: CallbackQuery,
    callback_data: WhatIf,
    session: AsyncSession,
    account: User,
    locale: str,
    bot: Bot,
) -> None:
    result = await own_result(session, account, callback_data.result)
    if result is None:
        await quietly(query.answer(_("This result is no longer available.")))
        return
    # The button keeps its spinner while the document is made; answered once it is sent.
    assessment = assess_stored(result)
    from pso.report_pdf import report_pdf  # fpdf's ~17 MB only once someone asks for a PDF

    document = await render(
        report_pdf,
        assessment,
        json.loads(result.answers_json),
        gettext=_gettext,
        ngettext=_ngettext,
        locale=locale,
        generated_at=datetime.now(tz=None).astimezone(),
    )
    name = "tredebot-pso-scan.pdf" if locale == "en" else "tredebot-pso-scan-nl.pdf"
    await bot.send_document(
        query.from_user.id,
        BufferedInputFile(document, filename=name),
        caption=_("Your answers, the indicative result, next steps and a draft plan of action."),
    )
    await quietly(query.answer())


# --- what-if ----------------------------------------------------------------------------------
def _state(result: Result) -> dict[str, Any]:
    return json.loads(result.what_if_json or "{}")


async def _save_state(session: AsyncSession, result: Result, state: dict[str, Any]) -> None:
    result.what_if_json = json.dumps(state)
    session.add(result)
    await session.commit()


def _group_keyboard(result_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for option in TARGET_GROUPS:
        builder.button(
            text=_(option.label), callback_data=WhatIf(result=result_id, act="g", val=option.value)
        )
    builder.button(text=_("✖️ Stop"), callback_data=WhatIf(result=result_id, act="x"))
    builder.adjust(2)
    return builder.as_markup()


def _contract_keyboard(result_id: int, group: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    options = [*CONTRACTS, SECONDED_OUT] if group == "sw_indicated" else list(CONTRACTS)
    for option in options:
        builder.button(
            text=_(option.label), callback_data=WhatIf(result=result_id, act="c", val=option.value)
        )
    builder.button(text=_("✖️ Stop"), callback_data=WhatIf(result=result_id, act="x"))
    builder.adjust(1)
    return builder.as_markup()


def _stored_key(options: Any, value: str) -> str | None:
    for option in options:
        if option.value == value:
            return option.stores or option.value
    return None


@router.callback_query(WhatIf.filter(F.act.in_({"s", "g", "c", "k", "x"})))
async def what_if_button(
    query: CallbackQuery,
    callback_data: WhatIf,
    session: AsyncSession,
    account: User,
    locale: str,
    bot: Bot,
) -> None:
    result = await own_result(session, account, callback_data.result)
    if result is None or result.id != (await repo.latest_result_id(session, user_id=account.id)):
        await quietly(
            query.answer(_("That question has passed. Use /result for your latest result."))
        )
        return
    state = _state(result)
    chat_id = query.from_user.id
    act = callback_data.act
    await quietly(query.answer())
    if act == "s":
        if len(state.get("extra", [])) >= MAX_WHAT_IF_PERSONS:
            await bot.send_message(
                chat_id, _("That is enough people for one what-if. Keep them or stop.")
            )
            return
        state["draft"], state["step"] = {}, "group"
        await _save_state(session, result, state)
        await bot.send_message(
            chat_id,
            _(
                "What if you hire someone from the target group? "
                "Which group would this person come from?"
            ),
            reply_markup=_group_keyboard(result.id or 0),
        )
    elif act == "g" and state.get("step") == "group":
        group = _stored_key(TARGET_GROUPS, callback_data.val)
        if group is None:
            return
        state["draft"], state["step"] = {"target_group": group}, "hours"
        await _save_state(session, result, state)
        await _clear_markup(query)
        await bot.send_message(
            chat_id,
            _("How many hours a week would this person work? Type a number, for example 16."),
        )
    elif act == "c" and state.get("step") == "contract":
        group = state["draft"].get("target_group", "")
        options = [*CONTRACTS, SECONDED_OUT] if group == "sw_indicated" else list(CONTRACTS)
        contract = _stored_key(options, callback_data.val)
        if contract is None:
            return
        state.setdefault("extra", []).append({**state["draft"], "contract": contract})
        state["draft"], state["step"] = {}, None
        await _save_state(session, result, state)
        await _clear_markup(query)
        await show_what_if(bot, chat_id, result=result, state=state, locale=locale)
    elif act == "k" and state.get("extra"):
        await keep_what_if(
            bot,
            chat_id,
            session=session,
            account=account,
            result=result,
            state=state,
            locale=locale,
        )
    elif act == "x":
        await _save_state(session, result, {})
        await _clear_markup(query)
        await bot.send_message(
            chat_id, _("Fine, your saved answers are unchanged. /result shows your result.")
        )
    else:
        await bot.send_message(
            chat_id, _("That question has passed. Use /result for your latest result.")
        )


async def _clear_markup(query: CallbackQuery) -> None:
    if isinstance(query.message, Message):
        await quietly(query.message.edit_reply_markup(reply_markup=None))


async def show_what_if(
    bot: Bot, chat_id: int, *, result: Result, state: dict[str, Any], locale: str
) -> None:
    before = assess_stored(result)
    after = assess_stored(result, state["extra"])
    text = _("<b>What if</b> ({count} extra):").format(count=len(state["extra"])) + "\n\n"
    text += result_message(after, gettext=_gettext, ngettext=_ngettext, locale=locale)
    text += (
        "\n\n<i>"
        + _(
            "Now: {before} ({level_before}). With the extra person(s): {after} ({level_after})."
        ).format(
            before=fmt_pct(before.contribution_pct, locale),
            after=fmt_pct(after.contribution_pct, locale),
            level_before=level_text(before, _gettext),
            level_after=level_text(after, _gettext),
        )
        + "</i>"
    )
    builder = InlineKeyboardBuilder()
    rid = result.id or 0
    builder.button(text=_("✅ Keep this in my answers"), callback_data=WhatIf(result=rid, act="k"))
    builder.button(text=_("➕ Add another person"), callback_data=WhatIf(result=rid, act="s"))
    builder.button(text=_("✖️ Stop, change nothing"), callback_data=WhatIf(result=rid, act="x"))
    builder.adjust(1)
    await bot.send_message(chat_id, text, reply_markup=builder.as_markup())


async def keep_what_if(
    bot: Bot,
    chat_id: int,
    *,
    session: AsyncSession,
    account: User,
    result: Result,
    state: dict[str, Any],
    locale: str,
) -> None:
    answers = json.loads(result.answers_json)
    answers["employees"] = [*answers.get("employees", []), *state["extra"]]
    if result.session_id is not None:
        stored = await repo.load_answers(session, intake_id=result.session_id)
        updated = {**stored, "employees": answers["employees"], "has_target_group": "yes"}
        await repo.save_answers(session, intake_id=result.session_id, before=stored, after=updated)
    result.what_if_json = "{}"
    session.add(result)
    intake = await session.get(IntakeSession, result.session_id) if result.session_id else None
    await show_new_result(
        bot,
        chat_id,
        session=session,
        account=account,
        intake=intake,
        answers=answers,
        assessment=assess(answers, load_rules(result.rules_version)),
        locale=locale,
    )


@router.message(F.text & ~F.text.startswith("/"))
async def what_if_hours(
    message: Message, session: AsyncSession, account: User, locale: str, bot: Bot
) -> Any:
    result = await repo.latest_result(session, user_id=account.id)
    state = _state(result) if result else {}
    if result is None or state.get("step") != "hours":
        return UNHANDLED
    hours = parse_number(message.text or "")
    if hours is None or not 0 < hours <= 60:
        await message.answer(
            _("Please type the hours per week as a number between 1 and 60, for example 16.")
        )
        return None
    state["draft"]["weekly_hours"] = float(hours)
    state["step"] = "contract"
    await _save_state(session, result, state)
    await message.answer(
        _("On what kind of contract?"),
        reply_markup=_contract_keyboard(result.id or 0, state["draft"].get("target_group", "")),
    )
    return None
