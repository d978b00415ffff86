"""Outreach tables: staff, invites, campaigns, attribution and consented contacts."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, Column, ForeignKey, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.db.models.base import timestamp, utcnow

CONTACT_MAX = 200  # characters of a campaign's contact for owners
ORGANISATION_NAME_MAX = 120


class JobRole(StrEnum):
    """What a staff member does at their organisation: named to owners in the consent."""

    ACCOUNT_MANAGER = "account_manager"
    EMPLOYER_ADVISER = "employer_adviser"
    JOB_COACH = "job_coach"
    CONSULTANT = "consultant"


class Organisation(SQLModel, table=True):
    """A municipality or Werkgeversservicepunt whose staff use the bot. Staff belong to one (set
    by an admin at invitation); its campaigns, figures and consented contacts are its own."""

    __tablename__ = "organisations"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=ORGANISATION_NAME_MAX, sa_column_kwargs={"unique": True})
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())


def organisation_column(*, nullable: bool) -> Column[int]:
    return Column(ForeignKey("organisations.id"), nullable=nullable, index=True)


class StaffMember(SQLModel, table=True):
    """Outreach staff (admins come from ADMIN_IDS and need no row)."""

    __tablename__ = "staff_members"

    user_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    display_name: str = Field(default="", max_length=200)
    organisation_id: int = Field(sa_column=organisation_column(nullable=False))
    # What they do there (a JobRole), named in owners' consent.
    job_role: str = Field(default="", max_length=32)
    invited_by: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    added_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())


class RevokedStaff(SQLModel, table=True):
    """A staff member revoked from the dashboard or the chat, kept for REINSTATE_DAYS so that an
    admin can reinstate them as they were (organisation, job role, since when) without a new
    invite. Revoking takes effect at once: this row gives no role (bot/services/outreach.py)."""

    __tablename__ = "revoked_staff"

    user_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    display_name: str = Field(default="", max_length=200)
    organisation_id: int = Field(sa_column=organisation_column(nullable=False))
    job_role: str = Field(default="", max_length=32)
    invited_by: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    added_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())
    revoked_by: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    revoked_at: datetime = Field(default_factory=utcnow, sa_column=timestamp(index=True))


class AdminName(SQLModel, table=True):
    """An admin's Telegram name (admins come from ADMIN_IDS and have no staff row), noted when
    they ask the bot for a sign-in link, so the dashboard and the audit trail name them."""

    __tablename__ = "admin_names"

    user_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    display_name: str = Field(default="", max_length=200)
    seen_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())


class StaffInvite(SQLModel, table=True):
    """A one-time invite link: its token is the deep-link payload after "staff-"; only the
    token's SHA-256 is stored."""

    __tablename__ = "staff_invites"

    token_hash: str = Field(primary_key=True, max_length=64)
    created_by: int = Field(sa_column=Column(BigInteger, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())
    expires_at: datetime = Field(sa_column=timestamp())
    used_by: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    used_at: datetime | None = Field(default=None, sa_column=timestamp(nullable=True))
    organisation_id: int = Field(sa_column=organisation_column(nullable=False))
    job_role: str = Field(default="", max_length=32)


class Campaign(SQLModel, table=True):
    """A link for an event, flyer or newsletter, made when its creation (a conversation) is
    done; the code is its deep-link payload."""

    __tablename__ = "campaigns"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=64, sa_column_kwargs={"unique": True})
    name: str = Field(default="", max_length=200)
    municipality: str = Field(default="", max_length=100)
    # How owners reach the people behind it ("Werkgeversservicepunt Twente, 053-…"), as staff
    # typed it: shown in the welcome and the result's advice; "" for none.
    contact: str | None = Field(default=None, max_length=CONTACT_MAX)
    # Who typed that contact (often their own name and phone): when they erase their data the
    # contact goes with it, and their colleagues are asked for a new one.
    contact_by: int | None = Field(default=None, sa_column=Column(BigInteger, index=True))
    # The staff member or admin who made it; NULL once they erased their data (the campaign
    # stays for the organisation's statistics).
    owner_id: int | None = Field(default=None, sa_column=Column(BigInteger, index=True))
    # Whose campaign it is: its staff see it, and owners who consent agree to be contacted by
    # it.
    organisation_id: int | None = Field(default=None, sa_column=organisation_column(nullable=True))
    # The job role of the staff member who made it, named in the consent ("" for an admin).
    contact_role: str = Field(default="", max_length=32)
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())
    # Closed from the dashboard: its link still greets owners but attributes no one new.
    closed_at: datetime | None = Field(default=None, sa_column=timestamp(nullable=True))


class UserCampaign(SQLModel, table=True):
    """Every campaign an owner came through; `first` marks the one they are attributed to."""

    __tablename__ = "user_campaigns"
    __table_args__ = (
        UniqueConstraint("user_id", "campaign_id", name="uq_user_campaign"),
        # Covers the campaign figures' reads (migration 0020).
        Index("ix_user_campaigns_figures", "campaign_id", "first", "user_id", "joined_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(
        sa_column=Column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    )
    campaign_id: int = Field(
        sa_column=Column(ForeignKey("campaigns.id", ondelete="CASCADE"), nullable=False)
    )
    first: bool = Field(default=False)
    source: str = Field(default="link", max_length=16)  # link (the only way, since 0008)
    joined_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())


class ContactConsent(SQLModel, table=True):
    """Consent to be contacted by a campaign's organisation, with exactly what is shared:
    stored when the owner confirms it (the choosing is a conversation). Withdrawal deletes the
    row."""

    __tablename__ = "contact_consents"
    __table_args__ = (Index("ix_contact_consents_campaign_status", "campaign_id", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(
        sa_column=Column(
            BigInteger, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    campaign_id: int = Field(
        sa_column=Column(ForeignKey("campaigns.id", ondelete="CASCADE"), nullable=False)
    )
    status: str = Field(default="given", max_length=16)  # given (drafts are conversations)
    consent_text: str = Field(default="", sa_column=Column(Text, nullable=False))
    org_name: str | None = Field(default=None, max_length=200)
    contact_name: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=32)
    level: str | None = Field(default=None, max_length=16)
    started_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())
    given_at: datetime | None = Field(default=None, sa_column=timestamp(nullable=True))
