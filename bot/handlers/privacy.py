"""/privacy, /export and /delete: what is stored, a copy of it, and erasing it."""

from __future__ import annotations

import logging

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config import Settings
from bot.db.models import User, utcnow
from bot.handlers.consent import withdraw_button
from bot.services.campaigns.consents import count_given
from bot.services.privacy import erase_user, export_json, export_user
from bot.telegram.errors import quietly

router = Router(name=__name__)
router.message.filter(F.chat.type == ChatType.PRIVATE)
log = logging.getLogger(__name__)


def privacy_text(retention_months: int) -> str:
    return _(
        "<b>Your data</b>\n"
        "<b>What I store:</b> your Telegram id, your language, the campaign link you came "
        "through, your answers and results, and (only if you ask for them) reminders and "
        "contact details.\n"
        "<b>Why:</b> so you can continue the scan later on any device and see your result "
        "again.\n"
        "<b>How long:</b> until you delete it, or {months} months after your last message.\n"
        "<b>Who sees it:</b> nobody reads your answers. Campaign staff only see totals, never "
        "who answered what. Your contact details are shared only with your consent.\n"
        "I never ask for names or personal details of your employees: only category, hours "
        "and contract.\n\n"
        "/export – a copy of everything I store about you\n"
        "/delete – erase everything"
    ).format(months=retention_months)


def privacy_keyboard(*, has_consent: bool = False) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("📦 Export my data"), callback_data="pv:export")
    builder.button(text=_("🗑 Delete my data"), callback_data="pv:delete")
    if has_consent:
        builder.add(withdraw_button())
    builder.adjust(1)
    return builder.as_markup()


def delete_keyboard() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("Yes, delete everything"), callback_data="pv:del:yes")
    builder.button(text=_("No, keep my data"), callback_data="pv:del:no")
    builder.adjust(1)
    return builder.as_markup()


def delete_question() -> str:
    return _(
        "Delete everything I store about you: answers, results, reminders, consents and contact "
        "details? This cannot be undone."
    )


@router.message(Command("privacy", "privacyverklaring"))
async def privacy(
    message: Message, settings: Settings, session: AsyncSession, account: User
) -> None:
    consented = await count_given(session, user_id=account.id) > 0
    await message.answer(
        privacy_text(settings.retention_months),
        reply_markup=privacy_keyboard(has_consent=consented),
    )


@router.message(Command("export"))
async def export_command(message: Message, session: AsyncSession, account: User, bot: Bot) -> None:
    await send_export(bot, message.chat.id, session=session, user_id=account.id)


@router.message(Command("delete", "verwijder"))
async def delete_command(message: Message) -> None:
    await message.answer(delete_question(), reply_markup=delete_keyboard())


@router.callback_query(F.data == "pv:export")
async def export_button(
    query: CallbackQuery, session: AsyncSession, account: User, bot: Bot
) -> None:
    await quietly(query.answer())
    await send_export(bot, account.id, session=session, user_id=account.id)


@router.callback_query(F.data == "pv:delete")
async def delete_button(query: CallbackQuery, bot: Bot, account: User) -> None:
    await quietly(query.answer())
    await bot.send_message(account.id, delete_question(), reply_markup=delete_keyboard())


@router.callback_query(F.data.in_({"pv:del:yes", "pv:del:no"}))
async def delete_answer(
    query: CallbackQuery, session: AsyncSession, account: User, bot: Bot
) -> None:
    await quietly(query.answer())
    if isinstance(query.message, Message):
        await quietly(query.message.edit_reply_markup(reply_markup=None))
    user_id = account.id
    if query.data == "pv:del:no":
        await bot.send_message(user_id, _("Fine, nothing was deleted."))
        return
    await erase_user(session, user_id=user_id)
    await session.commit()
    await bot.send_message(
        user_id,
        _(
            "Done: everything I stored about you has been deleted. "
            "If you send /start, we begin fresh."
        ),
    )


async def send_export(bot: Bot, chat_id: int, *, session: AsyncSession, user_id: int) -> None:
    data = await export_user(session, user_id=user_id, now=utcnow())
    document = BufferedInputFile(export_json(data), filename=f"tredebot-export-{user_id}.json")
    await bot.send_document(
        chat_id,
        document,
        caption=_("Everything I store about you, as a JSON file."),
    )
    log.info("user %s exported their data", user_id)
