"""A web owner's e-mail choices (`web_owners.email`, `email_reminders`), how many resume links
went out lately, by owner and by address (the e-mail's rate limits), and their unfinished-scan
nudges brought back when they say yes to reminders."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db.models import Reminder, ReminderState, WebLink, WebOwner


async def set_email(
    session: AsyncSession, *, user_id: int, email: str | None, reminders: bool
) -> bool:
    """Store the address (None: removed) and the yes or no to reminders; False: no such owner."""
    owner = await session.get(WebOwner, user_id)
    if owner is None:
        return False
    owner.email, owner.email_reminders = email, bool(email) and reminders
    session.add(owner)
    return True


async def links_since(session: AsyncSession, *, user_id: int, since: datetime) -> int:
    """The owner's resume links made since then (the page's, and one per e-mail)."""
    statement = select(func.count()).where(
        col(WebLink.user_id) == user_id, col(WebLink.created_at) >= since
    )
    return int((await session.exec(statement)).one())


async def links_to_address_since(session: AsyncSession, *, email: str, since: datetime) -> int:
    """Resume links made since then for every owner who gave this address."""
    statement = (
        select(func.count())
        .select_from(WebLink)
        .join(WebOwner, col(WebOwner.user_id) == col(WebLink.user_id))
        .where(col(WebOwner.email) == email, col(WebLink.created_at) >= since)
    )
    return int((await session.exec(statement)).one())


async def revive(
    session: AsyncSession, *, user_id: int, kind: str, reasons: list[str], due: datetime
) -> int:
    """Make the owner's reminders of `kind` that were cancelled for one of `reasons` pending
    again, due at `due` (they are checked again when due, like every reminder)."""
    result = await session.exec(
        update(Reminder)
        .where(
            col(Reminder.user_id) == user_id,
            col(Reminder.kind) == kind,
            col(Reminder.state) == ReminderState.CANCELLED,
            col(Reminder.last_error).in_(reasons),
        )
        .values(state=ReminderState.PENDING, due_at=due, attempts=0, last_error=None)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)
