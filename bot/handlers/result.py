"""The result again (/result), its PDF, and the what-if explorer."""

from __future__ import annotations

import json
from datetime import datetime

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.db import Session
from bot.db.models import Conversation, User
from bot.handlers import show
from bot.handlers.filters import InConversation, TypedText
from bot.services import results as results_service
from bot.services import what_if
from bot.telegram.errors import quietly
from bot.ui import result as result_ui
from bot.ui.callbacks import WhatIf, WhatIfAct


async def latest_result_command(
    message: Message, session: Session, account: User, locale: str, bot: Bot
) -> None:
    shown = await results_service.latest(session, account)
    if shown is None:
        await message.answer(result_ui.no_result_yet())
        return
    await show.result(bot, message.chat.id, shown, locale=locale)


async def send_pdf(
    query: CallbackQuery,
    callback_data: WhatIf,
    session: Session,
    account: User,
    locale: str,
    bot: Bot,
    report_pdf: results_service.ReportPdf,
) -> None:
    result = await results_service.own_result(session, account, callback_data.result)
    if result is None:
        await quietly(query.answer(result_ui.no_longer_available()))
        return
    # The button keeps its spinner while the document is made; answered once it is sent.
    document = await report_pdf(
        json.loads(result.answers_json),
        rules_version=result.rules_version,
        locale=locale,
        generated_at=datetime.now(tz=None).astimezone(),
    )
    await bot.send_document(
        query.from_user.id,
        BufferedInputFile(document, filename=result_ui.pdf_filename(locale)),
        caption=result_ui.pdf_caption(),
    )
    await quietly(query.answer())


# --- what-if ----------------------------------------------------------------------------------
async def what_if_button(
    query: CallbackQuery,
    callback_data: WhatIf,
    session: Session,
    account: User,
    locale: str,
    bot: Bot,
) -> None:
    result_id, act, val = callback_data.result, callback_data.act, callback_data.val
    if act == WhatIfAct.START:
        explorer = await what_if.start(session, account, result_id)
    elif act == WhatIfAct.GROUP:
        explorer = await what_if.choose_group(session, account, result_id, val)
    elif act == WhatIfAct.CONTRACT:
        explorer = await what_if.choose_contract(session, account, result_id, val)
    elif act == WhatIfAct.BACK:
        explorer = await what_if.back(session, account, result_id)
    else:
        explorer = await what_if.stop(session, account, result_id)
    if explorer is None:
        await quietly(query.answer(result_ui.passed()))
        return
    await quietly(query.answer())
    await _show(bot, query.from_user.id, explorer, locale, started=act == WhatIfAct.START)
    # The next question is out: only now do the tapped message's buttons go.
    if act != WhatIfAct.START and isinstance(query.message, Message):
        await quietly(query.message.edit_reply_markup(reply_markup=None))


async def _show(
    bot: Bot, chat_id: int, explorer: what_if.Explorer, locale: str, *, started: bool = False
) -> None:
    """The what-if's current question (after a re-ask's reason), or the recomputed result."""
    result_id = explorer.result.id or 0
    if explorer.ended:
        await bot.send_message(chat_id, result_ui.stopped())
        return
    notice = result_ui.problem_text(explorer.problem, locale) + "\n\n" if explorer.problem else ""
    step = explorer.step
    if started and step == what_if.Step.SHOWN:
        text, keyboard = result_ui.too_many_people(), result_ui.nav_keyboard(result_id)
    elif step == what_if.Step.GROUP:
        text, keyboard = result_ui.group_question(), result_ui.group_keyboard(result_id)
    elif step == what_if.Step.HOURS:
        text, keyboard = result_ui.hours_question(), result_ui.nav_keyboard(result_id)
    elif step == what_if.Step.CONTRACT:
        options = what_if.contract_options(explorer.group)
        text = result_ui.contract_question()
        keyboard = result_ui.contract_keyboard(result_id, options)
    elif explorer.before is not None and explorer.after is not None:
        extra = explorer.state.extra
        text = result_ui.what_if_text(explorer.before, explorer.after, extra, locale)
        keyboard = result_ui.what_if_keyboard(result_id)
    else:  # shown, but a re-ask before it: the buttons of the shown what-if again
        text, keyboard = "", result_ui.what_if_keyboard(result_id)
    await bot.send_message(chat_id, (notice + text).strip(), reply_markup=keyboard)


async def what_if_typed(
    message: Message, session: Session, account: User, locale: str, bot: Bot
) -> None:
    """Typed text during a what-if: the hours of the imagined person, or a re-ask."""
    explorer = await what_if.typed(session, account, message.text or "")
    if explorer is None:  # the what-if has ended (another device): the buttons are the way on
        await message.answer(result_ui.passed())
        return
    await _show(bot, message.chat.id, explorer, locale)


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(latest_result_command, Command("result", "resultaat"))
    router.callback_query.register(
        send_pdf, WhatIf.filter(F.act == WhatIfAct.PDF), flags={"expensive": "pdf"}
    )
    router.callback_query.register(
        what_if_button, WhatIf.filter(F.act == WhatIfAct.START), flags={"expensive": "what_if"}
    )
    router.callback_query.register(what_if_button, WhatIf.filter(F.act != WhatIfAct.PDF))
    router.message.register(what_if_typed, InConversation(Conversation.WHAT_IF), TypedText())
    return router
