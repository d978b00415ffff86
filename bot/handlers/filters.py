"""Filters shared by the handler modules: which conversation typed text belongs to, and who
may use the staff commands."""

from __future__ import annotations

from typing import Any

from aiogram.filters import Filter
from aiogram.types import TelegramObject
from aiogram.types import User as TelegramUser
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config import Settings
from bot.db.models import Conversation, User
from bot.services.campaigns.roles import Role, Staff, role_of


class InConversation(Filter):
    """Passes when the user's stored conversation is `which` (bot/services/conversation.py):
    typed text goes to exactly one conversation, whatever the order of the routers."""

    def __init__(self, which: Conversation) -> None:
        self.which = which

    async def __call__(self, event: TelegramObject, account: User | None = None) -> bool:
        return account is not None and account.conversation == self.which


class StaffOnly(Filter):
    """Passes staff and admins (or admins only) and gives handlers `staff: Staff`. For anyone
    else nothing matches, so the update gets the ordinary "unknown command" reply, with no hint
    that these commands exist."""

    def __init__(self, *, admin: bool = False) -> None:
        self.admin = admin

    async def __call__(self, event: TelegramObject, **data: Any) -> bool | dict[str, Any]:
        user: TelegramUser | None = data.get("event_from_user")
        session: AsyncSession | None = data.get("session")
        settings: Settings | None = data.get("settings")
        if user is None or session is None or settings is None:
            return False
        async with session.begin():
            role = await role_of(session, settings, user.id)
        if role is None or (self.admin and role != Role.ADMIN):
            return False
        return {"staff": Staff(user_id=user.id, role=role)}
