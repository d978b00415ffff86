"""Filters shared by the handler modules: the kind of chat and message, which conversation
typed text belongs to, and who may use the staff commands.

All are coroutines (aiogram's documented `Filter`): aiogram runs a synchronous filter, such
as a magic `F.…` filter, in a worker thread (`asyncio.to_thread`), and every update passes a
dozen of them on its way to its handler.
"""

from __future__ import annotations

from typing import Any

from aiogram.enums import ChatType
from aiogram.filters import Filter
from aiogram.types import CallbackQuery, Message, TelegramObject
from aiogram.types import User as TelegramUser

from bot.config import Settings
from bot.db import Session, transactions
from bot.db.models import Conversation
from bot.services.campaigns.roles import staff_of


class PrivateChat(Filter):
    """A message in, or a button under a message in, a private chat with the bot."""

    async def __call__(self, event: TelegramObject) -> bool:
        if isinstance(event, CallbackQuery):
            message = event.message
            return message is not None and message.chat.type == ChatType.PRIVATE
        return isinstance(event, Message) and event.chat.type == ChatType.PRIVATE


class TypedText(Filter):
    """Text the user typed, not a command."""

    async def __call__(self, message: Message) -> bool:
        return message.text is not None and not message.text.startswith("/")


class CommandText(Filter):
    """Any command, known or not."""

    async def __call__(self, message: Message) -> bool:
        return message.text is not None and message.text.startswith("/")


class NotText(Filter):
    """A sticker, photo, voice message, location…"""

    async def __call__(self, message: Message) -> bool:
        return message.text is None


class SharedContact(Filter):
    async def __call__(self, message: Message) -> bool:
        return message.contact is not None


class InConversation(Filter):
    """Passes when the user has an open conversation (bot/services/conversation.py), read with
    the update: typed text goes to exactly that one, whatever the order of the routers."""

    async def __call__(
        self, event: TelegramObject, conversation: Conversation | None = None
    ) -> bool:
        return conversation is not None


class StaffOnly(Filter):
    """Passes staff and admins (or admins only) and gives handlers `staff: Staff`. For anyone
    else nothing matches, so the update gets the ordinary "unknown command" reply, with no hint
    that these commands exist."""

    def __init__(self, *, admin: bool = False) -> None:
        self.admin = admin

    async def __call__(self, event: TelegramObject, **data: Any) -> bool | dict[str, Any]:
        user: TelegramUser | None = data.get("event_from_user")
        session: Session | None = data.get("session")
        settings: Settings | None = data.get("settings")
        if user is None or session is None or settings is None:
            return False
        async with transactions.read(session):
            staff = await staff_of(session, settings, user.id)
        if staff is None or (self.admin and not staff.is_admin):
            return False
        return {"staff": staff}
