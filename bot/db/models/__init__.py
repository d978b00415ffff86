"""The tables, one module per group; importing this package registers them all on
`SQLModel.metadata` (Alembic and the privacy code read it). Times are stored in UTC; Telegram
ids are 64-bit."""

from bot.db.models.audit import AuditAction, AuditEvent
from bot.db.models.base import as_utc, timestamp, utcnow
from bot.db.models.campaigns import (
    AdminName,
    Campaign,
    ContactConsent,
    JobRole,
    Organisation,
    RevokedStaff,
    StaffInvite,
    StaffMember,
    UserCampaign,
)
from bot.db.models.conversations import SCAN, Conversation, ConversationStatus
from bot.db.models.reminders import Reminder, ReminderKind, ReminderPrefs, ReminderState
from bot.db.models.results import Result
from bot.db.models.users import TELEGRAM, WEB, ProcessedUpdate, User
from bot.db.models.web import WebLink, WebOwner, WebSession, WebSignIn

__all__ = [
    "SCAN",
    "TELEGRAM",
    "WEB",
    "AdminName",
    "AuditAction",
    "AuditEvent",
    "Campaign",
    "ContactConsent",
    "Conversation",
    "ConversationStatus",
    "JobRole",
    "Organisation",
    "ProcessedUpdate",
    "Reminder",
    "ReminderKind",
    "ReminderPrefs",
    "ReminderState",
    "Result",
    "RevokedStaff",
    "StaffInvite",
    "StaffMember",
    "User",
    "UserCampaign",
    "WebLink",
    "WebOwner",
    "WebSession",
    "WebSignIn",
    "as_utc",
    "timestamp",
    "utcnow",
]
