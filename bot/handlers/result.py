"""The result again (/result), its PDF, and the start of a what-if."""

from __future__ import annotations

import datetime as dt
import json

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.config import Settings
from bot.db import Session
from bot.db.models import User
from bot.handlers import show
from bot.handlers.show import stored
from bot.handlers.starting import start_flow
from bot.runtime.documents import DOCUMENTS, documents_now
from bot.runtime.fair_share import outside_slot
from bot.services import results as results_service
from bot.telegram.errors import quietly
from bot.ui import result as result_ui
from bot.ui import support as support_ui
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
) -> None:
    result = await results_service.own_result(session, account, callback_data.result)
    if result is None:
        await quietly(query.answer(result_ui.no_longer_available()))
        return
    # The button keeps its spinner while the document is made (usually it was made when the
    # result was shown); answered once it is sent. The wait holds no update slot.
    document = await outside_slot(
        DOCUMENTS.pdf(stored(result), locale=locale, generated_at=documents_now())
    )
    await bot.send_document(
        query.from_user.id,
        BufferedInputFile(document, filename=result_ui.pdf_filename(locale)),
        caption=result_ui.pdf_caption(),
    )
    await quietly(query.answer())


async def send_details(
    query: CallbackQuery,
    callback_data: WhatIf,
    session: Session,
    account: User,
    locale: str,
    bot: Bot,
) -> None:
    """The result's details (who counts, every condition, the route, the costs)."""
    result = await results_service.own_result(session, account, callback_data.result)
    if result is None:
        await quietly(query.answer(result_ui.no_longer_available()))
        return
    answers = json.loads(result.answers_json)
    text = result_ui.details_text(results_service.assess_stored(result), answers, locale)
    await quietly(query.answer())
    await bot.send_message(query.from_user.id, text)


async def send_support(
    query: CallbackQuery,
    callback_data: WhatIf,
    session: Session,
    account: User,
    locale: str,
    bot: Bot,
    today: dt.date,
) -> None:
    """ "💶 Support for your people": the schemes per counted person, with who to ask."""
    found = await results_service.with_contact(session, account, callback_data.result)
    if found is None:
        await quietly(query.answer(result_ui.no_longer_available()))
        return
    result, contact = found
    answers = json.loads(result.answers_json)
    messages = support_ui.support_messages(
        results_service.assess_stored(result), answers, locale, contact=contact, today=today
    )
    await quietly(query.answer())
    for text in messages:
        await bot.send_message(query.from_user.id, text)


async def what_if_button(
    query: CallbackQuery,
    callback_data: WhatIf,
    session: Session,
    account: User,
    locale: str,
    bot: Bot,
    settings: Settings,
    today: dt.date,
) -> None:
    await quietly(query.answer())
    await start_flow(
        bot,
        query.from_user.id,
        session=session,
        account=account,
        flow="what_if",
        subject=callback_data.result,
        locale=locale,
        settings=settings,
        today=today,
    )


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(latest_result_command, Command("result", "resultaat"))
    router.callback_query.register(
        send_pdf, WhatIf.filter(F.act == WhatIfAct.PDF), flags={"expensive": "pdf"}
    )
    router.callback_query.register(send_details, WhatIf.filter(F.act == WhatIfAct.DETAILS))
    router.callback_query.register(send_support, WhatIf.filter(F.act == WhatIfAct.SUPPORT))
    router.callback_query.register(
        what_if_button, WhatIf.filter(F.act == WhatIfAct.START), flags={"expensive": "what_if"}
    )
    return router
