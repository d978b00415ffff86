"""Who may use the staff commands: admins (ADMIN_IDS) and staff who joined by invite; invites;
organisations.

Staff belong to one organisation (a municipality or Werkgeversservicepunt), set by the admin
who invited them, and see that organisation's campaigns and nobody else's. Admins run the bot:
they make organisations, invite staff into them and see every organisation (each view of
contacts or export is in the audit trail).

`staff_of` is what the handlers' `StaffOnly` filter and the dashboard ask."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.config import Settings
from bot.db import Session
from bot.db.codes import invite_token, token_digest
from bot.db.models import (
    AuditAction,
    Campaign,
    JobRole,
    Organisation,
    utcnow,
)
from bot.db.models.campaigns import ORGANISATION_NAME_MAX
from bot.db.repositories import audit, organisations
from dialogs.parse.phrases import clean_text


class Role(StrEnum):
    ADMIN = "admin"
    STAFF = "staff"


@dataclass(frozen=True)
class Staff:
    user_id: int
    role: Role
    organisation_id: int | None = None  # None for admins: they see every organisation
    job_role: str = ""

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    def may_see(self, campaign: Campaign) -> bool:
        return self.is_admin or (
            campaign.organisation_id is not None
            and campaign.organisation_id == self.organisation_id
        )


async def staff_of(session: Session, settings: Settings, user_id: int) -> Staff | None:
    if user_id in settings.admin_ids:
        return Staff(user_id, Role.ADMIN)
    member = await organisations.member(session, user_id=user_id)
    if member is None:
        return None
    return Staff(user_id, Role.STAFF, member.organisation_id, member.job_role)


async def role_of(session: Session, settings: Settings, user_id: int) -> Role | None:
    staff = await staff_of(session, settings, user_id)
    return staff.role if staff is not None else None


# --- organisations ----------------------------------------------------------------------------
def organisation_name(text: str) -> str:
    return clean_text(text)[:ORGANISATION_NAME_MAX]


async def organisation_named(session: Session, name: str) -> Organisation | None:
    """The organisation with this name, compared without case (one "Gemeente Almelo")."""
    wanted = organisation_name(name).casefold()
    known = await organisations.organisations(session)
    return next((o for o in known if o.name.casefold() == wanted), None)


async def create_organisation(
    session: Session, *, name: str, created_by: int
) -> tuple[Organisation, bool] | None:
    """The organisation with this name: made now (True) or found (False); None for no name."""
    name = organisation_name(name)
    if not any(ch.isalnum() for ch in name):
        return None
    found = await organisation_named(session, name)
    if found is not None:
        return found, False
    made = await organisations.add(session, name=name)
    await audit.record(
        session,
        action=AuditAction.ORGANISATION_CREATED,
        actor_id=created_by,
        organisation_id=made.id,
    )
    return made, True


async def rename_organisation(
    session: Session, *, organisation_id: int, name: str, renamed_by: int
) -> bool:
    """False for no name, an unknown organisation, or a name another one has."""
    name = organisation_name(name)
    found = await organisations.by_id(session, organisation_id=organisation_id)
    if found is None or not any(ch.isalnum() for ch in name):
        return False
    other = await organisation_named(session, name)
    if other is not None and other.id != organisation_id:
        return False
    await organisations.rename(session, organisation=found, name=name)
    await audit.record(
        session,
        action=AuditAction.ORGANISATION_RENAMED,
        actor_id=renamed_by,
        organisation_id=organisation_id,
    )
    return True


# --- invites ----------------------------------------------------------------------------------
async def create_invite(
    session: Session,
    *,
    created_by: int,
    organisation_id: int,
    job_role: JobRole,
    valid_for: timedelta,
    now: datetime | None = None,
) -> str:
    """A new one-time invite; returns its token (only its hash is stored, so this is the one
    moment it can be put in a link)."""
    now = now or utcnow()
    token = invite_token()
    await organisations.add_invite(
        session,
        token_hash=token_digest(token),
        created_by=created_by,
        created_at=now,
        expires_at=now + valid_for,
        organisation_id=organisation_id,
        job_role=job_role.value,
    )
    return token


class InviteOutcome(StrEnum):
    JOINED = "joined"
    ALREADY = "already"  # already staff or admin; the invite stays unused
    INVALID = "invalid"  # unknown, used or expired: one answer, no hint which


async def accept_invite(
    session: Session,
    settings: Settings,
    *,
    token: str,
    user_id: int,
    display_name: str,
    now: datetime | None = None,
) -> InviteOutcome:
    now = now or utcnow()
    key = token_digest(token)
    if await role_of(session, settings, user_id) is not None:
        usable = await organisations.usable_invite(session, token_hash=key, now=now)
        return InviteOutcome.ALREADY if usable is not None else InviteOutcome.INVALID
    # Spent by one conditional UPDATE: of people sending one link at once, one joins.
    invite = await organisations.spend_invite(session, token_hash=key, user_id=user_id, at=now)
    if invite is None:
        return InviteOutcome.INVALID
    await audit.record(
        session,
        action=AuditAction.STAFF_JOINED,
        actor_id=invite.created_by,
        subject_id=user_id,
        organisation_id=invite.organisation_id,
        now=now,
    )
    await organisations.join(
        session, invite=invite, user_id=user_id, display_name=display_name[:200], at=now
    )
    return InviteOutcome.JOINED
