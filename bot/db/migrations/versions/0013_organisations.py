"""organisations: staff, invites and campaigns belong to one; audit events may name one

Revision ID: 0013
Revises: 0012
Create Date: 2027-02-15 09:00:00

Until now every staff member saw the same campaigns and the consent named "the municipality of"
a campaign's place. Existing staff, invites and campaigns are put in one organisation, named as
owners were told so far: "Gemeente <the municipality most campaigns name>" (or "Mijn
organisatie" when there are none); an admin can rename it in the dashboard.
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("staff_members", "staff_invites", "campaigns")


def upgrade() -> None:
    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("organisation_id", sa.Integer(), nullable=True))
            column = "contact_role" if table == "campaigns" else "job_role"
            batch.add_column(
                sa.Column(column, sa.String(length=32), nullable=False, server_default="")
            )
    with op.batch_alter_table("audit_events") as batch:
        batch.add_column(sa.Column("organisation_id", sa.Integer(), nullable=True))

    connection = op.get_bind()
    in_use = sum(
        connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()
        for table in TABLES
    )
    if in_use:
        place = connection.execute(
            sa.text(
                "SELECT municipality FROM campaigns WHERE municipality <> '' "
                "GROUP BY municipality ORDER BY count(*) DESC, municipality LIMIT 1"
            )
        ).scalar()
        name = f"Gemeente {place}" if place else "Mijn organisatie"
        connection.execute(
            sa.text("INSERT INTO organisations (name, created_at) VALUES (:name, :now)"),
            {"name": name[:120], "now": datetime.now(UTC)},
        )
        first = connection.execute(sa.text("SELECT min(id) FROM organisations")).scalar_one()
        for table in TABLES:
            connection.execute(
                sa.text(f"UPDATE {table} SET organisation_id = :id"),
                {"id": first},
            )

    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.alter_column(
                "organisation_id", existing_type=sa.Integer(), nullable=table == "campaigns"
            )
            batch.create_index(f"ix_{table}_organisation_id", ["organisation_id"], unique=False)
            batch.create_foreign_key(
                f"fk_{table}_organisation_id", "organisations", ["organisation_id"], ["id"]
            )


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(f"fk_{table}_organisation_id", type_="foreignkey")
            batch.drop_index(f"ix_{table}_organisation_id")
            batch.drop_column("organisation_id")
            batch.drop_column("contact_role" if table == "campaigns" else "job_role")
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_column("organisation_id")
    op.drop_table("organisations")
