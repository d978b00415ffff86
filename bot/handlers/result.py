"""The result again (/result), its PDF, and the what-if explorer."""

from __future__ import annotations

import json
from datetime import datetime

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db.models import Conversation, User
from bot.handlers import show
from bot.handlers.filters import InConversation, TypedText
from bot.runtime import documents
from bot.services import results as results_service
from bot.services import what_if
from bot.telegram.errors import quietly
from bot.ui import result as result_ui
from bot.ui.callbacks import WhatIf, WhatIfAct
from dialogs.numbers import parse_number


async def latest_result_command(
    message: Message, session: AsyncSession, account: User, locale: str, bot: Bot
) -> None:
    shown = await results_service.latest(session, account)
    if shown is None:
        await message.answer(result_ui.no_result_yet())
        return
    await show.result(bot, message.chat.id, shown, locale=locale)


async def send_pdf(
    query: CallbackQuery,
    callback_data: WhatIf,
    session: AsyncSession,
    account: User,
    locale: str,
    bot: Bot,
) -> None:
    result = await results_service.own_result(session, account, callback_data.result)
    if result is None:
        await quietly(query.answer(result_ui.no_longer_available()))
        return
    # The button keeps its spinner while the document is made; answered once it is sent.
    document = await documents.report_pdf(
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
    session: AsyncSession,
    account: User,
    locale: str,
    bot: Bot,
) -> None:
    chat_id, result_id, act = query.from_user.id, callback_data.result, callback_data.act
    if act == WhatIfAct.KEEP:
        shown = await what_if.keep(session, account, result_id)
        if shown is None:
            await quietly(query.answer(result_ui.passed()))
            return
        await quietly(query.answer())
        await _clear_buttons(query)
        await show.result(bot, chat_id, shown, locale=locale)
        return
    if act == WhatIfAct.STOP:
        if not await what_if.stop(session, account, result_id):
            await quietly(query.answer(result_ui.passed()))
            return
        await quietly(query.answer())
        await _clear_buttons(query)
        await bot.send_message(chat_id, result_ui.stopped())
        return
    if act == WhatIfAct.START:
        explorer = await what_if.start(session, account, result_id)
    elif act == WhatIfAct.GROUP:
        explorer = await what_if.choose_group(session, account, result_id, callback_data.val)
    else:
        explorer = await what_if.choose_contract(session, account, result_id, callback_data.val)
    if explorer is None:
        await quietly(query.answer(result_ui.passed()))
        return
    await quietly(query.answer())
    step = explorer.state.step
    if act != WhatIfAct.START:
        await _clear_buttons(query)
    if act == WhatIfAct.START and step != what_if.Step.GROUP:
        await bot.send_message(chat_id, result_ui.too_many_people())
    elif step == what_if.Step.GROUP:
        await bot.send_message(
            chat_id, result_ui.group_question(), reply_markup=result_ui.group_keyboard(result_id)
        )
    elif step == what_if.Step.HOURS:
        await bot.send_message(chat_id, result_ui.hours_question())
    else:
        await bot.send_message(
            chat_id,
            result_ui.what_if_text(
                explorer.before(), explorer.after(), len(explorer.state.extra), locale
            ),
            reply_markup=result_ui.what_if_keyboard(result_id),
        )


async def _clear_buttons(query: CallbackQuery) -> None:
    if isinstance(query.message, Message):
        await quietly(query.message.edit_reply_markup(reply_markup=None))


async def what_if_hours(message: Message, session: AsyncSession, account: User) -> None:
    """Typed text during a what-if: the hours of the imagined person."""
    waiting = await what_if.waiting_for_hours(session, account)
    if waiting is None:  # the question has passed (another device): the buttons are the way on
        await message.answer(result_ui.passed())
        return
    hours = parse_number(message.text or "")
    if hours is None or not 0 < hours <= what_if.MAX_HOURS:
        await message.answer(result_ui.hours_problem())
        return
    explorer = await what_if.set_hours(session, account, float(hours))
    if explorer is None:
        await message.answer(result_ui.passed())
        return
    group = str(explorer.state.draft.get("target_group", ""))
    await message.answer(
        result_ui.contract_question(),
        reply_markup=result_ui.contract_keyboard(
            explorer.result.id or 0, what_if.contract_options(group)
        ),
    )


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(latest_result_command, Command("result", "resultaat"))
    router.callback_query.register(send_pdf, WhatIf.filter(F.act == WhatIfAct.PDF))
    router.callback_query.register(what_if_button, WhatIf.filter(F.act != WhatIfAct.PDF))
    in_what_if = InConversation(Conversation.WHAT_IF)
    router.message.register(what_if_hours, in_what_if, TypedText())
    return router
