"""Organisations, their staff members and the invites that make someone staff; callers commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db.models import (
    AdminName,
    Organisation,
    RevokedStaff,
    StaffInvite,
    StaffMember,
    as_utc,
)


# --- organisations ----------------------------------------------------------------------------
async def organisations(session: AsyncSession) -> list[Organisation]:
    """Every organisation, by name."""
    rows = await session.exec(select(Organisation).order_by(col(Organisation.name)))
    return list(rows)


async def by_id(session: AsyncSession, *, organisation_id: int) -> Organisation | None:
    return await session.get(Organisation, organisation_id)


async def names(session: AsyncSession, *, organisation_ids: set[int]) -> dict[int, str]:
    """The names of these organisations, by id."""
    rows = await session.exec(
        select(Organisation).where(col(Organisation.id).in_(organisation_ids))
    )
    return {found.id or 0: found.name for found in rows}


async def add(session: AsyncSession, *, name: str) -> Organisation:
    made = Organisation(name=name)
    session.add(made)
    await session.flush()
    return made


async def rename(session: AsyncSession, *, organisation: Organisation, name: str) -> None:
    organisation.name = name
    session.add(organisation)


# --- staff members ----------------------------------------------------------------------------
async def member(session: AsyncSession, *, user_id: int) -> StaffMember | None:
    """The staff member with this user id (admins are not rows: ADMIN_IDS)."""
    return await session.get(StaffMember, user_id)


async def members(session: AsyncSession) -> list[StaffMember]:
    """Every staff member, by organisation, then when they joined."""
    rows = await session.exec(
        select(StaffMember).order_by(col(StaffMember.organisation_id), col(StaffMember.added_at))
    )
    return list(rows)


async def member_ids_of(session: AsyncSession, *, organisation_id: int) -> list[int]:
    """The user ids of an organisation's staff, in the order they joined."""
    rows = await session.exec(
        select(StaffMember.user_id)
        .where(StaffMember.organisation_id == organisation_id)
        .order_by(col(StaffMember.added_at))
    )
    return list(rows)


async def member_names(session: AsyncSession, *, user_ids: set[int]) -> dict[int, str]:
    """The names of these people, by user id: staff members' (or, revoked lately, the name they
    had), and admins' Telegram names where known."""
    if not user_ids:
        return {}
    names: dict[int, str] = {}
    admins = await session.exec(select(AdminName).where(col(AdminName.user_id).in_(user_ids)))
    names.update({found.user_id: found.display_name for found in admins})
    revoked = await session.exec(
        select(RevokedStaff).where(col(RevokedStaff.user_id).in_(user_ids))
    )
    names.update({found.user_id: found.display_name for found in revoked})
    rows = await session.exec(select(StaffMember).where(col(StaffMember.user_id).in_(user_ids)))
    names.update({found.user_id: found.display_name for found in rows})
    return {user_id: name for user_id, name in names.items() if name}


async def remove_member(
    session: AsyncSession, *, user_id: int, by: int | None = None, at: datetime | None = None
) -> StaffMember | None:
    """The staff member is no longer staff; with `at`, their row is kept in revoked_staff (one
    per person: the latest revoke) so that an admin can reinstate them. Returns who it was."""
    found = await session.get(StaffMember, user_id)
    if found is None:
        return None
    if at is not None:
        await session.exec(delete(RevokedStaff).where(col(RevokedStaff.user_id) == user_id))
        session.add(RevokedStaff(**_staff_fields(found), revoked_by=by, revoked_at=at))
    await session.delete(found)
    await session.flush()
    return found


# What a revoke keeps of a staff member's row, and a reinstatement puts back.
STAFF_FIELDS = ("user_id", "display_name", "organisation_id", "job_role", "invited_by", "added_at")


def _staff_fields(row: StaffMember | RevokedStaff) -> dict[str, Any]:
    return {name: getattr(row, name) for name in STAFF_FIELDS}


async def revoked_since(session: AsyncSession, *, since: datetime) -> list[RevokedStaff]:
    """Staff revoked at or after `since`, newest first."""
    rows = await session.exec(
        select(RevokedStaff)
        .where(col(RevokedStaff.revoked_at) >= since)
        .order_by(col(RevokedStaff.revoked_at).desc())
    )
    return list(rows)


async def reinstate(session: AsyncSession, *, user_id: int, since: datetime) -> RevokedStaff | None:
    """A staff member revoked at or after `since` is staff again as they were (organisation, job
    role, since when); None when there is no such revoke, they are staff again already, or
    their organisation is gone."""
    found = await session.get(RevokedStaff, user_id)
    if found is None or as_utc(found.revoked_at) < as_utc(since):
        return None
    if await session.get(StaffMember, user_id) is not None:
        return None
    if await session.get(Organisation, found.organisation_id) is None:
        return None
    session.add(StaffMember(**_staff_fields(found)))
    await session.delete(found)
    await session.flush()
    return found


async def forget_revoked_before(session: AsyncSession, *, before: datetime) -> int:
    """Revokes older than `before` can no longer be undone: their rows go."""
    result = await session.exec(delete(RevokedStaff).where(col(RevokedStaff.revoked_at) < before))
    return int(result.rowcount or 0)


# --- admins' names ----------------------------------------------------------------------------
async def note_admin_name(
    session: AsyncSession, *, user_id: int, display_name: str, at: datetime
) -> None:
    found = await session.get(AdminName, user_id)
    if found is None:
        session.add(AdminName(user_id=user_id, display_name=display_name, seen_at=at))
    elif found.display_name != display_name:
        found.display_name = display_name
        found.seen_at = at
        session.add(found)


async def admin_names(session: AsyncSession, *, user_ids: set[int]) -> dict[int, str]:
    """The Telegram names of these admins where known, by user id."""
    if not user_ids:
        return {}
    rows = await session.exec(select(AdminName).where(col(AdminName.user_id).in_(user_ids)))
    return {found.user_id: found.display_name for found in rows if found.display_name}


# --- invites ----------------------------------------------------------------------------------
async def add_invite(
    session: AsyncSession,
    *,
    token_hash: str,
    created_by: int,
    created_at: datetime,
    expires_at: datetime,
    organisation_id: int,
    job_role: str,
) -> StaffInvite:
    invite = StaffInvite(
        token_hash=token_hash,
        created_by=created_by,
        created_at=created_at,
        expires_at=expires_at,
        organisation_id=organisation_id,
        job_role=job_role,
    )
    session.add(invite)
    await session.flush()
    return invite


async def usable_invite(
    session: AsyncSession, *, token_hash: str, now: datetime
) -> StaffInvite | None:
    """The invite, if it is unused and not expired (a look only: nothing is spent)."""
    statement = select(StaffInvite).where(
        col(StaffInvite.token_hash) == token_hash,
        col(StaffInvite.used_at).is_(None),
        col(StaffInvite.expires_at) > now,
    )
    return (await session.exec(statement)).first()


@dataclass(frozen=True)
class SpentInvite:
    created_by: int
    organisation_id: int
    job_role: str


async def spend_invite(
    session: AsyncSession, *, token_hash: str, user_id: int, at: datetime
) -> SpentInvite | None:
    """Use the invite for this person, if it is still unused and not expired: one conditional
    UPDATE, so of two people sending one link at once exactly one gets a row back (PostgreSQL
    re-checks the condition after waiting for the other's row lock)."""
    table = StaffInvite.__table__  # type: ignore[attr-defined]
    statement = (
        update(table)
        .where(
            table.c.token_hash == token_hash,
            table.c.used_at.is_(None),
            table.c.expires_at > at,
        )
        .values(used_by=user_id, used_at=at)
        .returning(table.c.created_by, table.c.organisation_id, table.c.job_role)
    )
    row = (await session.exec(statement)).first()
    return SpentInvite(row.created_by, row.organisation_id, row.job_role) if row else None


async def join(
    session: AsyncSession,
    *,
    invite: SpentInvite,
    user_id: int,
    display_name: str,
    at: datetime,
) -> None:
    """The invite is spent: its person becomes a staff member of its organisation."""
    session.add(
        StaffMember(
            user_id=user_id,
            display_name=display_name,
            invited_by=invite.created_by,
            added_at=at,
            organisation_id=invite.organisation_id,
            job_role=invite.job_role,
        )
    )
    await session.flush()


async def pending_invites(session: AsyncSession, *, now: datetime) -> list[StaffInvite]:
    """Invites not used and not expired, the soonest to expire first."""
    rows = await session.exec(
        select(StaffInvite)
        .where(col(StaffInvite.used_at).is_(None), col(StaffInvite.expires_at) > now)
        .order_by(col(StaffInvite.expires_at))
    )
    return list(rows)


async def withdraw_invite(
    session: AsyncSession, *, token_hash: str, now: datetime
) -> StaffInvite | None:
    """An unused, unexpired invite is deleted (its link no longer works); returns it, or None
    when it was used, had expired or never existed."""
    found = await usable_invite(session, token_hash=token_hash, now=now)
    if found is None:
        return None
    await session.delete(found)
    await session.flush()
    return found
