"""conversations: every flow a user is in, one row each, one open at a time

Revision ID: 0014
Revises: 0013
Create Date: 2027-03-01 09:00:00

Until now only the scan kept its state on a row of its own (intake_sessions); the what-if and
"I hired someone" kept theirs on the latest result (results.what_if_json), the consent on a draft
contact_consents row (its `step`), a campaign's creation on a draft campaigns row (is_draft), and
which of them typed text went to on users.conversation. Now each is a conversation row: the
scans' rows are kept (intake_sessions becomes conversations, flow "scan"), and a what-if, hire,
consent or campaign that was under way becomes an open conversation at the same question, so the
user continues it where they were. Drafts are then dropped with the columns that held them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CONTEXT = "_context"
OPEN_ONLY = sa.text("status = 'open'")


def upgrade() -> None:
    op.drop_index("ix_intake_user_status", table_name="intake_sessions")
    op.drop_index("ix_intake_sessions_updated_at", table_name="intake_sessions")
    op.rename_table("intake_sessions", "conversations")
    # On SQLite, AUTOINCREMENT: an id is never used again once its row is deleted (a finished
    # what-if's row goes), since a button names the conversation it was drawn for.
    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table(
        "conversations",
        recreate="always" if sqlite else "auto",
        table_kwargs={"sqlite_autoincrement": True},
    ) as batch:
        batch.add_column(sa.Column("flow", sa.String(16), nullable=False, server_default="scan"))
        batch.add_column(sa.Column("subject_id", sa.BigInteger(), nullable=True))
    op.create_index("ix_conversations_user_status", "conversations", ["user_id", "status"])
    op.create_index("ix_conversations_updated_at", "conversations", ["updated_at"])

    connection = op.get_bind()
    now = datetime.now(UTC)
    _scans_under_way(connection)
    side = {
        user_id: which
        for user_id, which in connection.execute(
            sa.text(
                "SELECT id, conversation FROM users "
                "WHERE conversation IN ('what_if', 'hired', 'consent', 'campaign_draft')"
            )
        )
    }
    for user_id, which in side.items():
        row = _side_flow(connection, user_id, which)
        if row is None:
            continue
        # The scan under way waits while the other flow is open, and comes back after it.
        connection.execute(
            sa.text(
                "UPDATE conversations SET status = 'paused' WHERE user_id = :u AND status = 'open'"
            ),
            {"u": user_id},
        )
        flow, position, answers, subject = row
        connection.execute(
            sa.text(
                "INSERT INTO conversations (user_id, flow, status, position, return_to_review, "
                "revision, prompt_revision, subject_id, context_json, answers_json, started_at, "
                "updated_at) VALUES (:u, :flow, 'open', :position, :review, 0, 0, :subject, "
                "'{}', :answers, :now, :now)"
            ),
            {
                "u": user_id,
                "flow": flow,
                "position": position,
                "review": position == "review",
                "subject": subject,
                "answers": json.dumps(answers, ensure_ascii=False, sort_keys=True),
                "now": now,
            },
        )

    connection.execute(sa.text("DELETE FROM contact_consents WHERE status <> 'given'"))
    connection.execute(sa.text("DELETE FROM campaigns WHERE is_draft"))
    op.create_index(
        "uq_conversations_open_user",
        "conversations",
        ["user_id"],
        unique=True,
        sqlite_where=OPEN_ONLY,
        postgresql_where=OPEN_ONLY,
    )
    with op.batch_alter_table("users") as batch:
        batch.drop_column("conversation")
    with op.batch_alter_table("results") as batch:
        batch.drop_column("what_if_json")
    with op.batch_alter_table("campaigns") as batch:
        batch.drop_column("is_draft")
    with op.batch_alter_table("contact_consents") as batch:
        batch.drop_column("step")
        batch.alter_column("status", server_default="given")


def _scans_under_way(connection: sa.Connection) -> None:
    """The latest scan under way of each user is open (their typed text went to it) or paused
    (it went to another conversation); an older one under way is set aside."""
    latest = (
        "SELECT max(id) FROM conversations AS c WHERE c.status = 'in_progress' GROUP BY c.user_id"
    )
    connection.execute(
        sa.text(
            "UPDATE conversations SET status = 'restarted' "
            f"WHERE status = 'in_progress' AND id NOT IN ({latest})"
        )
    )
    connection.execute(
        sa.text(
            "UPDATE conversations SET status = 'paused' WHERE status = 'in_progress' AND "
            "user_id IN (SELECT id FROM users WHERE conversation NOT IN ('inventory', 'none'))"
        )
    )
    connection.execute(
        sa.text("UPDATE conversations SET status = 'open' WHERE status = 'in_progress'")
    )


Row = tuple[str, str, dict[str, Any], int | None]  # flow, position, answers, subject


def _side_flow(connection: sa.Connection, user_id: int, which: str) -> Row | None:
    if which in ("what_if", "hired"):
        return _on_the_result(connection, user_id, which)
    if which == "consent":
        return _consent(connection, user_id)
    return _campaign(connection, user_id)


def _latest_result(connection: sa.Connection, user_id: int) -> Any:
    return connection.execute(
        sa.text(
            "SELECT id, answers_json, rules_version, level, what_if_json FROM results "
            "WHERE user_id = :u ORDER BY id DESC LIMIT 1"
        ),
        {"u": user_id},
    ).first()


def _on_the_result(connection: sa.Connection, user_id: int, which: str) -> Row | None:
    result = _latest_result(connection, user_id)
    if result is None:
        return None
    result_id, answers_json, rules_version, _level, what_if_json = result
    stored = json.loads(what_if_json or "{}")
    context = {"result_id": result_id, "answers": json.loads(answers_json)}
    if which == "what_if":
        step, draft = stored.get("step"), dict(stored.get("draft") or {})
        hires = [dict(p) for p in stored.get("extra") or []]
        at = {"group": "target_group", "hours": "weekly_hours", "contract": "contract"}.get(step)
        if at is None:
            return None
        hires.append({k: v for k, v in draft.items() if k in ("target_group", "weekly_hours")})
        answers = {"hires": hires, CONTEXT: {**context, "rules_version": rules_version}}
        return "what_if", f"hires.{len(hires)}.{at}", answers, result_id
    hired = stored.get("hired") or {}
    at = {
        "group": "target_group",
        "hours": "weekly_hours",
        "contract": "contract",
        "month": "started",
        "confirm": "review",
    }.get(str(hired.get("step")))
    if at is None:
        return None
    draft = dict(hired.get("draft") or {})
    answers = {
        **{k: v for k, v in draft.items() if k in ("target_group", "weekly_hours", "contract")},
        **({"started": draft["started"]} if "started" in draft else {}),
        CONTEXT: context,
    }
    return "hired", at, answers, result_id


def _consent(connection: sa.Connection, user_id: int) -> Row | None:
    draft = connection.execute(
        sa.text(
            "SELECT campaign_id, step, consent_text, org_name, contact_name, phone, level "
            "FROM contact_consents WHERE user_id = :u AND status = 'draft' "
            "ORDER BY id DESC LIMIT 1"
        ),
        {"u": user_id},
    ).first()
    if draft is None:
        return None
    campaign_id, step, consent_text, org_name, contact_name, phone, level = draft
    result = _latest_result(connection, user_id)
    known = json.loads(result[1]).get("org_name") if result is not None else None
    order = ("org", "name", "phone", "level", "confirm")
    at = order.index(step) if step in order else 0
    organisation = connection.execute(
        sa.text(
            "SELECT o.name FROM campaigns c JOIN organisations o ON o.id = c.organisation_id "
            "WHERE c.id = :c"
        ),
        {"c": campaign_id},
    ).scalar()
    answers: dict[str, Any] = {"wants": "yes"}  # a draft: they chose to share something
    for index, (key, value) in enumerate(
        (("org_name", org_name), ("contact_name", contact_name), ("phone", phone))
    ):
        if index < at:
            answers[key] = value or None
    if at > 3:
        answers["share_level"] = "yes" if level else "no"
    answers[CONTEXT] = {
        "campaign_id": campaign_id,
        "consent_text": consent_text,
        "organisation": organisation or "",
        "org_name": known or "",
        "telegram_name": "",
        "level": result[3] if result is not None else "",
    }
    position = ("org_name", "contact_name", "phone", "share_level", "review")[at]
    return "consent", position, answers, campaign_id


def _campaign(connection: sa.Connection, user_id: int) -> Row | None:
    draft = connection.execute(
        sa.text(
            "SELECT organisation_id, name, municipality, contact FROM campaigns "
            "WHERE owner_id = :u AND is_draft ORDER BY id DESC LIMIT 1"
        ),
        {"u": user_id},
    ).first()
    if draft is None:
        return None
    organisation_id, name, municipality, contact = draft
    context: dict[str, Any] = {"organisation_id": organisation_id}
    if organisation_id is None:  # an admin's draft, still asking which organisation
        context["organisations"] = [
            [row[0], row[1]]
            for row in connection.execute(
                sa.text("SELECT id, name FROM organisations ORDER BY name")
            )
        ]
    answers: dict[str, Any] = {CONTEXT: context}
    position = "name"
    if organisation_id is None and len(context["organisations"]) > 1:
        position = "organisation"
    elif not name:
        position = "name"
    elif not municipality:
        answers["name"], position = name, "municipality"
    else:
        answers["name"], answers["municipality"], position = name, municipality, "contact"
        if contact is not None:
            answers["contact"] = contact
    return "campaign", position, answers, None


def downgrade() -> None:
    with op.batch_alter_table("contact_consents") as batch:
        batch.add_column(sa.Column("step", sa.String(16), nullable=False, server_default="org"))
        batch.alter_column("status", server_default="draft")
    with op.batch_alter_table("campaigns") as batch:
        batch.add_column(sa.Column("is_draft", sa.Boolean(), nullable=False, server_default="0"))
    with op.batch_alter_table("results") as batch:
        batch.add_column(sa.Column("what_if_json", sa.Text(), nullable=False, server_default="{}"))
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("conversation", sa.String(16), nullable=False, server_default="none")
        )
    op.drop_index("uq_conversations_open_user", table_name="conversations")
    # Flows other than the scan had no row of their own: they end here.
    op.execute("DELETE FROM conversations WHERE flow <> 'scan'")
    op.execute(
        "UPDATE users SET conversation = 'inventory' WHERE id IN "
        "(SELECT user_id FROM conversations WHERE status = 'open')"
    )
    op.execute("UPDATE conversations SET status = 'in_progress' WHERE status IN ('open', 'paused')")
    op.drop_index("ix_conversations_user_status", table_name="conversations")
    op.drop_index("ix_conversations_updated_at", table_name="conversations")
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("subject_id")
        batch.drop_column("flow")
    op.rename_table("conversations", "intake_sessions")
    op.create_index("ix_intake_user_status", "intake_sessions", ["user_id", "status"])
    op.create_index("ix_intake_sessions_updated_at", "intake_sessions", ["updated_at"])
