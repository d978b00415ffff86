"""/privacy, /export and /delete: what is stored, a copy of it, and erasing it."""

from __future__ import annotations

import logging

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.config import Settings
from bot.db import Session
from bot.db.models import User, utcnow
from bot.logging_policy import who
from bot.services import consent as consent_service
from bot.services import privacy as privacy_service
from bot.telegram.errors import quietly
from bot.ui import privacy as privacy_ui
from bot.ui.callbacks import Privacy, PrivacyAct

log = logging.getLogger(__name__)


async def privacy(message: Message, settings: Settings, session: Session, account: User) -> None:
    consented = await consent_service.has_given(session, account)
    await message.answer(
        privacy_ui.privacy_text(settings.retention_months),
        reply_markup=privacy_ui.privacy_keyboard(has_consent=consented),
    )


async def send_export(bot: Bot, chat_id: int, *, session: Session, user_id: int) -> None:
    document = await privacy_service.export(session, user_id=user_id, now=utcnow())
    await bot.send_document(
        chat_id,
        BufferedInputFile(document, filename=f"tredebot-export-{user_id}.json"),
        caption=privacy_ui.export_caption(),
    )
    log.info("user %s exported their data", who(user_id))


async def export_command(message: Message, session: Session, account: User, bot: Bot) -> None:
    await send_export(bot, message.chat.id, session=session, user_id=account.id)


async def delete_command(message: Message) -> None:
    await message.answer(privacy_ui.delete_question(), reply_markup=privacy_ui.delete_keyboard())


async def button(
    query: CallbackQuery,
    callback_data: Privacy,
    session: Session,
    account: User,
    bot: Bot,
    settings: Settings,
) -> None:
    await quietly(query.answer())
    user_id = account.id
    if callback_data.act == PrivacyAct.EXPORT:
        await send_export(bot, user_id, session=session, user_id=user_id)
        return
    if callback_data.act == PrivacyAct.DELETE:
        await bot.send_message(
            user_id, privacy_ui.delete_question(), reply_markup=privacy_ui.delete_keyboard()
        )
        return
    if isinstance(query.message, Message):
        await quietly(query.message.edit_reply_markup(reply_markup=None))
    if callback_data.act == PrivacyAct.KEEP:
        await bot.send_message(user_id, privacy_ui.kept())
        return
    erasure = await privacy_service.erase(session, user_id=user_id, admin_ids=settings.admin_ids)
    await bot.send_message(user_id, privacy_ui.erased())
    await privacy_service.tell_contacts_cleared(bot, erasure)


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(privacy, Command("privacy", "privacyverklaring"))
    router.message.register(export_command, Command("export"), flags={"expensive": "export"})
    router.message.register(delete_command, Command("delete", "verwijder"))
    router.callback_query.register(
        button, Privacy.filter(F.act == PrivacyAct.EXPORT), flags={"expensive": "export"}
    )
    router.callback_query.register(button, Privacy.filter())
    return router
