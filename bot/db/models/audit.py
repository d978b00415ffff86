"""The audit trail: who invited, revoked, viewed contacts, exported or made a campaign, when.

Ids only, no names or typed text. Erasing a person sets their id to NULL here and keeps the
event (bot/db/personal_data.py).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, Column
from sqlmodel import Field, SQLModel

from bot.db.models.base import timestamp, utcnow


class AuditAction(StrEnum):
    INVITE_CREATED = "invite_created"  # actor made an invite link
    STAFF_JOINED = "staff_joined"  # subject joined through an invite of actor
    STAFF_REVOKED = "staff_revoked"  # actor revoked subject
    CONTACTS_VIEWED = "contacts_viewed"  # actor viewed the consented contacts (of campaign)
    CSV_EXPORTED = "csv_exported"  # actor exported figures and contacts (of campaign, or all)
    FIGURES_EXPORTED = "figures_exported"  # actor downloaded figures (of campaign, or all)
    CONTACTS_XLSX = "contacts_xlsx"  # actor downloaded the contacts of campaign for Excel
    CAMPAIGN_CREATED = "campaign_created"  # actor made campaign
    STAFF_ERASED = "staff_erased"  # a staff member deleted their data (or retention did)
    CAMPAIGN_RENAMED = "campaign_renamed"  # actor renamed campaign (dashboard)
    CAMPAIGN_CLOSED = "campaign_closed"  # actor closed campaign (dashboard)
    DASHBOARD_SIGNED_IN = "dashboard_signed_in"  # actor signed in to the dashboard
    ORGANISATION_CREATED = "organisation_created"  # actor made organisation
    ORGANISATION_RENAMED = "organisation_renamed"  # actor renamed organisation
    CAMPAIGN_REOPENED = "campaign_reopened"  # actor reopened campaign (dashboard)
    STAFF_REINSTATED = "staff_reinstated"  # actor reinstated subject after a revoke
    INVITE_WITHDRAWN = "invite_withdrawn"  # actor withdrew an unused invite for organisation
    AUDIT_EXPORTED = "audit_exported"  # actor downloaded the audit trail as CSV


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_events"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_column=timestamp(index=True))
    action: str = Field(max_length=32)
    actor_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    subject_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    # No foreign key: the event outlives a campaign that is deleted.
    campaign_id: int | None = Field(default=None)
    organisation_id: int | None = Field(default=None)
