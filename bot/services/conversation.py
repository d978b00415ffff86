"""The one place that decides which conversation a user's typed text goes to.

A user is in at most one conversation at a time, stored on their row (`users.conversation`):
the inventory, a what-if, choosing what to share with a municipality, or (staff) making a
campaign. Typed text goes to exactly that one (bot/handlers/filters.py `InConversation`);
router order decides nothing. When a side conversation ends, typed text goes back to the scan
in progress, if there is one. Callers run these inside their transaction.
"""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db.models import Conversation, User
from bot.db.repositories import scans, users


async def enter(session: AsyncSession, user: User, which: Conversation) -> None:
    await users.set_conversation(session, user=user, conversation=which)


async def leave(session: AsyncSession, user: User, which: Conversation) -> None:
    """`which` has ended (if it was the user's): back to the scan in progress, or none."""
    if user.conversation != which:
        return
    scan = await scans.current_intake(session, user_id=user.id)
    after = Conversation.INVENTORY if scan is not None else Conversation.NONE
    await users.set_conversation(session, user=user, conversation=after)
