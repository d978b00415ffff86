"""The tables, one module per group; importing this package registers them all on
`SQLModel.metadata` (Alembic and the privacy code read it). Times are stored in UTC; Telegram
ids are 64-bit."""

from bot.db.models.audit import AuditAction, AuditEvent
from bot.db.models.base import as_utc, timestamp, utcnow
from bot.db.models.campaigns import (
    Campaign,
    ContactConsent,
    JobRole,
    Organisation,
    StaffInvite,
    StaffMember,
    UserCampaign,
)
from bot.db.models.intake import IntakeSession, SessionStatus
from bot.db.models.reminders import Reminder, ReminderKind, ReminderPrefs, ReminderState
from bot.db.models.results import Result
from bot.db.models.users import Conversation, ProcessedUpdate, User
from bot.db.models.web import WebSession, WebSignIn

__all__ = [
    "AuditAction",
    "AuditEvent",
    "Campaign",
    "ContactConsent",
    "Conversation",
    "IntakeSession",
    "JobRole",
    "Organisation",
    "ProcessedUpdate",
    "Reminder",
    "ReminderKind",
    "ReminderPrefs",
    "ReminderState",
    "Result",
    "SessionStatus",
    "StaffInvite",
    "StaffMember",
    "User",
    "UserCampaign",
    "WebSession",
    "WebSignIn",
    "as_utc",
    "timestamp",
    "utcnow",
]
