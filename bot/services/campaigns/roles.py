"""Who may use the staff commands: admins (ADMIN_IDS) and staff who joined by invite; invites.

`role_of` is what the handlers' `StaffOnly` filter asks (bot/handlers/filters.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config import Settings
from bot.db.models import AuditAction, Campaign, StaffInvite, StaffMember, as_utc, utcnow
from bot.services import audit
from bot.services.campaigns.codes import invite_token


class Role(StrEnum):
    ADMIN = "admin"
    STAFF = "staff"


@dataclass(frozen=True)
class Staff:
    user_id: int
    role: Role

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    def may_see(self, campaign: Campaign) -> bool:
        return self.is_admin or campaign.owner_id == self.user_id


async def role_of(session: AsyncSession, settings: Settings, user_id: int) -> Role | None:
    if user_id in settings.admin_ids:
        return Role.ADMIN
    if await session.get(StaffMember, user_id) is not None:
        return Role.STAFF
    return None


# --- invites ----------------------------------------------------------------------------------
async def create_invite(
    session: AsyncSession, *, created_by: int, valid_for: timedelta, now: datetime | None = None
) -> StaffInvite:
    now = now or utcnow()
    invite = StaffInvite(
        token=invite_token(), created_by=created_by, created_at=now, expires_at=now + valid_for
    )
    session.add(invite)
    await session.flush()
    return invite


class InviteOutcome(StrEnum):
    JOINED = "joined"
    ALREADY = "already"  # already staff or admin; the invite stays unused
    INVALID = "invalid"  # unknown, used or expired: one answer, no hint which


async def accept_invite(
    session: AsyncSession,
    settings: Settings,
    *,
    token: str,
    user_id: int,
    display_name: str,
    now: datetime | None = None,
) -> InviteOutcome:
    now = now or utcnow()
    invite = await session.get(StaffInvite, token)
    if invite is None or invite.used_by is not None or as_utc(invite.expires_at) <= now:
        return InviteOutcome.INVALID
    if await role_of(session, settings, user_id) is not None:
        return InviteOutcome.ALREADY
    invite.used_by, invite.used_at = user_id, now
    session.add(invite)
    session.add(
        StaffMember(
            user_id=user_id,
            display_name=display_name[:200],
            invited_by=invite.created_by,
            added_at=now,
        )
    )
    await audit.record(
        session,
        action=AuditAction.STAFF_JOINED,
        actor_id=invite.created_by,
        subject_id=user_id,
        now=now,
    )
    await session.flush()
    return InviteOutcome.JOINED


async def list_staff(session: AsyncSession) -> list[StaffMember]:
    rows = await session.exec(select(StaffMember).order_by(col(StaffMember.added_at)))
    return list(rows)


async def revoke_staff(session: AsyncSession, *, user_id: int) -> bool:
    member = await session.get(StaffMember, user_id)
    if member is None:
        return False
    await session.delete(member)
    return True
