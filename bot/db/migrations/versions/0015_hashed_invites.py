"""staff_invites: the token's SHA-256 is stored, not the token

Revision ID: 0015
Revises: 0014
Create Date: 2027-03-15 09:00:00

An invite's token is a secret that makes its holder staff: stored in plain text it was readable
in a copy of the database and in the inviter's /export. Now only its SHA-256 is stored, as for
the dashboard's sign-in links. Existing invites are hashed in place, so links already sent keep
working. The downgrade cannot recover a token from its hash: invites not yet used are dropped
(used ones keep their row, under a placeholder token).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("staff_invites") as batch:
        batch.alter_column(
            "token",
            new_column_name="token_hash",
            existing_type=sa.String(length=48),
            type_=sa.String(length=64),
            existing_nullable=False,
        )
    connection = op.get_bind()
    table = sa.table("staff_invites", sa.column("token_hash", sa.String))
    for (token,) in connection.execute(sa.select(table.c.token_hash)).all():
        digest = hashlib.sha256(token.encode()).hexdigest()
        connection.execute(
            table.update().where(table.c.token_hash == token).values(token_hash=digest)
        )


def downgrade() -> None:
    connection = op.get_bind()
    table = sa.table(
        "staff_invites",
        sa.column("token_hash", sa.String),
        sa.column("used_at", sa.DateTime),
    )
    connection.execute(table.delete().where(table.c.used_at.is_(None)))
    # A used invite keeps its row (who invited whom) under a token no link carries.
    for (digest,) in connection.execute(sa.select(table.c.token_hash)).all():
        connection.execute(
            table.update().where(table.c.token_hash == digest).values(token_hash=digest[:48])
        )
    with op.batch_alter_table("staff_invites") as batch:
        batch.alter_column(
            "token_hash",
            new_column_name="token",
            existing_type=sa.String(length=64),
            type_=sa.String(length=48),
            existing_nullable=False,
        )
