"""Reminder rows and each owner's reminder preferences: planning, cancelling, claiming and
settling. Callers commit, except `claim_due`.

The claim is one conditional UPDATE … RETURNING: on SQLite inside the engine's immediate
transaction (the write lock is taken before the rows are read), on PostgreSQL over rows selected
FOR UPDATE SKIP LOCKED. A claim carries a fresh token and a lease; rows whose lease ran out
(the process died between claim and send) are claimable again.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db.models import Reminder, ReminderPrefs, ReminderState, as_utc

DEFAULT_LEASE = timedelta(minutes=10)


# --- preferences ------------------------------------------------------------------------------
async def prefs_of(session: AsyncSession, *, user_id: int) -> ReminderPrefs | None:
    """The owner's stored preferences (None: never chosen, the defaults)."""
    return await session.get(ReminderPrefs, user_id)


async def prefs(session: AsyncSession, *, user_id: int, now: datetime) -> ReminderPrefs:
    """The owner's preferences, stored now with the defaults if they had none."""
    found = await session.get(ReminderPrefs, user_id)
    if found is None:
        found = ReminderPrefs(user_id=user_id, updated_at=now)
        session.add(found)
        await session.flush()
    return found


async def save_prefs(session: AsyncSession, *, prefs: ReminderPrefs) -> None:
    session.add(prefs)


# --- planning and cancelling ------------------------------------------------------------------
async def plan(
    session: AsyncSession,
    *,
    user_id: int,
    kind: str,
    step: str,
    key: str,
    due: datetime,
    now: datetime,
    ref_id: int | None = None,
) -> None:
    """Plan a reminder once: a second plan with the same key changes nothing, except that a
    cancelled one that is still ahead comes back (kinds switched off and on again)."""
    values: dict[str, Any] = {
        "user_id": user_id,
        "kind": kind,
        "step": step,
        "key": key,
        "ref_id": ref_id,
        "due_at": due,
        "state": ReminderState.PENDING,
        "attempts": 0,
        "created_at": now,
    }
    table = Reminder.__table__  # type: ignore[attr-defined]
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(table).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=["key"],
        set_={"state": ReminderState.PENDING, "attempts": 0, "last_error": None},
        where=and_(table.c.state == ReminderState.CANCELLED, table.c.due_at > now),
    )
    await session.exec(statement)


async def cancel(
    session: AsyncSession,
    *,
    user_id: int,
    kinds: Iterable[str] | None = None,
    ref_id: int | None = None,
    reason: str,
) -> int:
    """Cancel pending reminders of a user (of some kinds, about one scan or result)."""
    conditions = [col(Reminder.user_id) == user_id, col(Reminder.state) == ReminderState.PENDING]
    if kinds is not None:
        conditions.append(col(Reminder.kind).in_(list(kinds)))
    if ref_id is not None:
        conditions.append(col(Reminder.ref_id) == ref_id)
    result = await session.exec(
        update(Reminder)
        .where(*conditions)
        .values(state=ReminderState.CANCELLED, last_error=reason)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)


async def pending(session: AsyncSession, *, user_id: int) -> list[Reminder]:
    statement = (
        select(Reminder)
        .where(col(Reminder.user_id) == user_id, col(Reminder.state) == ReminderState.PENDING)
        .order_by(col(Reminder.due_at))
    )
    return list((await session.exec(statement)).scalars())  # type: ignore[call-overload]


async def reminder(session: AsyncSession, *, reminder_id: int) -> Reminder | None:
    return await session.get(Reminder, reminder_id)


async def record_answer(
    session: AsyncSession, *, reminder: Reminder, answer: str, at: datetime
) -> None:
    """A check-in's yes or no."""
    reminder.answer, reminder.answered_at = answer, at
    session.add(reminder)


# --- the dispatcher's side --------------------------------------------------------------------
def _claimable(now: datetime, lease: timedelta) -> Any:
    return or_(
        and_(col(Reminder.state) == ReminderState.PENDING, col(Reminder.due_at) <= now),
        and_(col(Reminder.state) == ReminderState.CLAIMED, col(Reminder.claimed_at) < now - lease),
    )


async def claim_due(
    engine: AsyncEngine,
    *,
    now: datetime,
    limit: int,
    lease: timedelta = DEFAULT_LEASE,
    token: str | None = None,
) -> list[Reminder]:
    """Atomically take up to `limit` due rows for this caller; nobody else gets them."""
    token = token or uuid.uuid4().hex
    claim = {
        "state": ReminderState.CLAIMED,
        "claimed_by": token,
        "claimed_at": now,
    }
    chosen = (
        select(col(Reminder.id))
        .where(_claimable(now, lease))
        .order_by(col(Reminder.due_at))
        .limit(limit)
    )
    if engine.dialect.name == "postgresql":
        chosen = chosen.with_for_update(skip_locked=True)
    # Chosen once (MATERIALIZED: a subquery with LIMIT may be run again per row on PostgreSQL,
    # choosing others). SQLite's transactions begin IMMEDIATE (bot/db/engine.py): the write
    # lock is ours before the rows are read; PostgreSQL re-checks the condition on a row that
    # another claim changed while we waited for it.
    picked = chosen.cte("chosen").prefix_with("MATERIALIZED")
    table = Reminder.__table__  # type: ignore[attr-defined]
    statement = (
        update(table)
        .where(table.c.id == picked.c.id, _claimable(now, lease))
        .values(claim)
        .returning(*table.c)
    )
    async with engine.begin() as conn:
        rows = (await conn.execute(statement)).mappings().all()
    claimed = [Reminder.model_validate(dict(row)) for row in rows]
    for row in claimed:
        row.due_at = as_utc(row.due_at)
    return sorted(claimed, key=lambda r: r.due_at)


async def _settle(session: AsyncSession, reminder: Reminder, **values: Any) -> bool:
    """Change a row we hold a claim on; False when the claim was lost (lease ran out)."""
    result = await session.exec(
        update(Reminder)
        .where(
            col(Reminder.id) == reminder.id,
            col(Reminder.claimed_by) == reminder.claimed_by,
            col(Reminder.state) == ReminderState.CLAIMED,
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


async def mark_sent(
    session: AsyncSession, reminder: Reminder, *, now: datetime, message_id: int | None
) -> bool:
    return await _settle(
        session,
        reminder,
        state=ReminderState.SENT,
        sent_at=now,
        message_id=message_id,
        attempts=Reminder.attempts + 1,
    )


async def release(
    session: AsyncSession,
    reminder: Reminder,
    *,
    due: datetime,
    error: str | None = None,
    failed_attempt: bool = False,
) -> bool:
    """Back to pending at `due` (outside the window, still active, or a retry after an error)."""
    values: dict[str, Any] = {"state": ReminderState.PENDING, "due_at": due, "claimed_by": None}
    if error is not None:
        values["last_error"] = error[:500]
    if failed_attempt:
        values["attempts"] = Reminder.attempts + 1
    return await _settle(session, reminder, **values)


async def close(session: AsyncSession, reminder: Reminder, *, state: str, reason: str) -> bool:
    """Cancelled (no longer fits) or failed (gave up); the reason is kept."""
    extra: dict[str, Any] = {}
    if state == ReminderState.FAILED:
        extra["attempts"] = Reminder.attempts + 1
    return await _settle(session, reminder, state=state, last_error=reason[:500], **extra)
