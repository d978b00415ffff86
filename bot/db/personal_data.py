"""The data inventory: every table, and every column in it that holds a person's id or text.

One declaration, read by `/delete`, retention and `/export` (bot/services/privacy.py), and
checked against the migrated schema by a test (tests/privacy/test_inventory.py): a new table,
or a new integer or text column, fails that test until it is declared here with what erasing a
person does to it.

For each table:
- `subjects`: the columns that hold a user's (Telegram) id, each with its erase rule:
  DELETE (the person's rows go) or ANONYMISE (the id becomes NULL, the row stays, e.g. a
  campaign for the organisation's statistics, an event in the audit trail). `export` says
  whether rows found through that column are in the person's `/export`. `clears`: with
  ANONYMISE, text columns the person typed on that row, emptied with the id (a campaign's
  contact for owners, typed by a staff member, goes when they erase their data).
- `personal`: other columns with personal data or text a person typed; they live only on rows
  that erasing deletes.
- `organisation`: text typed by staff that belongs to the organisation (a campaign's name and
  municipality); kept when its author is erased, without their id.
- `other`: integer and text columns that identify no one (row ids, states, codes).
- `secret`: columns that identify no one but are left out of every export (a hash of a
  one-time secret: an invite's token).
- `roles`: whose data the table holds (owner, staff, admin), for people reading this.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    OWNER = "owner"
    STAFF = "staff"
    ADMIN = "admin"


class Erase(StrEnum):
    DELETE = "delete"  # rows where the column is the person's id are deleted
    ANONYMISE = "anonymise"  # the column is set to NULL there; the row stays


@dataclass(frozen=True)
class Subject:
    """A column that holds a user's id."""

    column: str
    erase: Erase
    export: bool = True
    clears: tuple[str, ...] = ()


@dataclass(frozen=True)
class PersonalTable:
    name: str
    roles: frozenset[Role]
    subjects: tuple[Subject, ...] = ()
    personal: tuple[str, ...] = ()
    organisation: tuple[str, ...] = ()
    other: tuple[str, ...] = ()
    secret: tuple[str, ...] = ()
    export: bool = True


OWNER, STAFF, ADMIN = Role.OWNER, Role.STAFF, Role.ADMIN
EVERYONE = frozenset(Role)

INVENTORY: tuple[PersonalTable, ...] = (
    PersonalTable(
        "users",
        EVERYONE,
        subjects=(Subject("id", Erase.DELETE),),
        personal=("language", "telegram_language", "campaign_code"),
        other=("channel",),
    ),
    PersonalTable(
        "conversations",
        EVERYONE,
        subjects=(Subject("user_id", Erase.DELETE),),
        personal=("context_json", "answers_json"),
        other=(
            "id",
            "flow",
            "status",
            "position",
            "revision",
            "prompt_message_id",
            "prompt_revision",
            "moved_by_update",
            "subject_id",
        ),
    ),
    PersonalTable(
        "results",
        EVERYONE,
        subjects=(Subject("user_id", Erase.DELETE),),
        personal=("level", "answers_json", "assessment_json"),
        other=("id", "session_id", "rules_version"),
    ),
    PersonalTable(
        "reminders",
        EVERYONE,
        subjects=(Subject("user_id", Erase.DELETE),),
        personal=("answer",),
        other=(
            "id",
            "kind",
            "step",
            "key",
            "ref_id",
            "state",
            "attempts",
            "claimed_by",
            "message_id",
            "last_error",
        ),
    ),
    PersonalTable(
        "reminder_prefs",
        EVERYONE,
        subjects=(Subject("user_id", Erase.DELETE),),
        personal=("start_level", "cert_expires"),
    ),
    PersonalTable(
        "user_campaigns",
        frozenset({OWNER}),
        subjects=(Subject("user_id", Erase.DELETE),),
        other=("id", "campaign_id", "source"),
    ),
    PersonalTable(
        "contact_consents",
        frozenset({OWNER}),
        subjects=(Subject("user_id", Erase.DELETE),),
        personal=("consent_text", "org_name", "contact_name", "phone", "level"),
        other=("id", "campaign_id", "status"),
    ),
    PersonalTable(
        "staff_members",
        frozenset({STAFF}),
        # Erasing a staff member ends their role; the admin who invited them is not named in
        # anyone else's export.
        subjects=(
            Subject("user_id", Erase.DELETE),
            Subject("invited_by", Erase.ANONYMISE, export=False),
        ),
        personal=("display_name",),
        other=("organisation_id", "job_role"),
    ),
    PersonalTable(
        "revoked_staff",
        frozenset({STAFF}),
        # A revoked colleague, kept for REINSTATE_DAYS to be reinstated; the admins who invited
        # and revoked them are not named in anyone else's export.
        subjects=(
            Subject("user_id", Erase.DELETE),
            Subject("invited_by", Erase.ANONYMISE, export=False),
            Subject("revoked_by", Erase.ANONYMISE, export=False),
        ),
        personal=("display_name",),
        other=("organisation_id", "job_role"),
    ),
    PersonalTable(
        "admin_names",
        frozenset({ADMIN}),
        subjects=(Subject("user_id", Erase.DELETE),),
        personal=("display_name",),
    ),
    PersonalTable(
        "staff_invites",
        frozenset({STAFF, ADMIN}),
        # The audit trail keeps that someone invited someone; the invite itself goes.
        subjects=(Subject("created_by", Erase.DELETE), Subject("used_by", Erase.DELETE)),
        other=("organisation_id", "job_role"),
        secret=("token_hash",),  # the invite's secret (hashed): never in an export
    ),
    PersonalTable(
        "campaigns",
        frozenset({STAFF, ADMIN}),
        subjects=(
            Subject("owner_id", Erase.ANONYMISE),
            Subject("contact_by", Erase.ANONYMISE, clears=("contact",)),
        ),
        organisation=("name", "municipality"),
        other=("id", "code", "organisation_id", "contact_role"),
    ),
    PersonalTable(
        "audit_events",
        frozenset({STAFF, ADMIN}),
        # The event stays (who did what is the organisation's record), the person's id goes.
        subjects=(Subject("actor_id", Erase.ANONYMISE), Subject("subject_id", Erase.ANONYMISE)),
        other=("id", "action", "campaign_id", "organisation_id"),
    ),
    PersonalTable(
        "organisations",
        frozenset(),
        organisation=("name",),  # "Gemeente Almelo": typed by an admin, no one's data
        other=("id",),
        export=False,
    ),
    PersonalTable(
        "web_sign_ins",
        frozenset({STAFF, ADMIN}),
        subjects=(Subject("user_id", Erase.DELETE, export=False),),
        other=("token_hash",),  # a hash of a one-time secret: no one's id, and not exported
        export=False,
    ),
    PersonalTable(
        "web_sessions",
        frozenset({STAFF, ADMIN}),
        subjects=(Subject("user_id", Erase.DELETE, export=False),),
        other=("token_hash",),
        export=False,
    ),
    PersonalTable(
        "web_owners",
        frozenset({OWNER}),
        subjects=(Subject("user_id", Erase.DELETE),),
        personal=("email",),
    ),
    PersonalTable(
        "web_links",
        frozenset({OWNER}),
        subjects=(Subject("user_id", Erase.DELETE, export=False),),
        secret=("token_hash",),  # a hash of a resume link's token: never exported
        export=False,
    ),
    PersonalTable(
        "processed_updates",
        frozenset(),
        other=("update_id",),  # Telegram's update counter: no one's id
        export=False,
    ),
)

BY_NAME = {table.name: table for table in INVENTORY}
