"""Organisations, their staff members and the invites that make someone staff; callers commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db.models import Organisation, StaffInvite, StaffMember


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
    """The display names of these staff members, by user id."""
    rows = await session.exec(select(StaffMember).where(col(StaffMember.user_id).in_(user_ids)))
    return {found.user_id: found.display_name for found in rows}


async def remove_member(session: AsyncSession, *, user_id: int) -> bool:
    found = await session.get(StaffMember, user_id)
    if found is None:
        return False
    await session.delete(found)
    return True


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
