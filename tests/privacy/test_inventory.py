"""The data inventory (bot/db/personal_data.py) against the migrated schema.

Any table, and any column that could hold a user's id or text (integers, strings, JSON), must
be declared with what erasing a person does to it; a declaration of something that no longer
exists fails too.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import inspect
from sqlalchemy.engine.interfaces import ReflectedColumn

from bot.db.engine import create_engine
from bot.db.personal_data import BY_NAME, INVENTORY, Erase, PersonalTable

ALEMBIC = "alembic_version"


def declared(entry: PersonalTable) -> frozenset[str]:
    """Every column the entry declares, whatever its kind."""
    return frozenset(
        (
            *(s.column for s in entry.subjects),
            *(cleared for s in entry.subjects for cleared in s.clears),
            *entry.personal,
            *entry.organisation,
            *entry.other,
            *entry.secret,
        )
    )


def deletes_rows(entry: PersonalTable) -> bool:
    return any(s.erase == Erase.DELETE for s in entry.subjects)


def could_hold_an_id_or_text(column_type: Any) -> bool:
    return isinstance(column_type, sa.Integer | sa.String | sa.JSON | sa.LargeBinary)


async def migrated_schema(url: str) -> dict[str, list[ReflectedColumn]]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:

            def read(sync: sa.Connection) -> dict[str, list[ReflectedColumn]]:
                inspector = inspect(sync)
                return {
                    name: list(inspector.get_columns(name))
                    for name in inspector.get_table_names()
                    if name != ALEMBIC
                }

            return await connection.run_sync(read)
    finally:
        await engine.dispose()


async def test_every_table_and_column_of_the_schema_is_declared(database_url: str) -> None:
    schema = await migrated_schema(database_url)
    undeclared_tables = sorted(set(schema) - set(BY_NAME))
    assert not undeclared_tables, f"declare in bot/db/personal_data.py: {undeclared_tables}"
    missing = [
        f"{table}.{column['name']} ({column['type']})"
        for table, columns in schema.items()
        for column in columns
        if could_hold_an_id_or_text(column["type"])
        and column["name"] not in declared(BY_NAME[table])
    ]
    assert not missing, f"declare in bot/db/personal_data.py: {missing}"
    stale = [
        f"{entry.name}.{name}"
        for entry in INVENTORY
        for name in sorted(declared(entry))
        if entry.name not in schema or name not in {c["name"] for c in schema[entry.name]}
    ]
    assert not stale, f"declared but not in the schema: {stale}"
    # An id that is anonymised must be allowed to become NULL.
    for entry in INVENTORY:
        columns = {c["name"]: c for c in schema[entry.name]}
        for subject in entry.subjects:
            if subject.erase == Erase.ANONYMISE:
                assert columns[subject.column]["nullable"], f"{entry.name}.{subject.column}"


def test_the_declaration_is_consistent() -> None:
    for entry in INVENTORY:
        groups = [
            [s.column for s in entry.subjects],
            [cleared for s in entry.subjects for cleared in s.clears],
            list(entry.personal),
            list(entry.organisation),
            list(entry.other),
            list(entry.secret),
        ]
        names = [name for group in groups for name in group]
        assert len(names) == len(set(names)), f"{entry.name}: a column declared twice"
        # Personal columns live only on rows that erasing deletes.
        if entry.personal:
            assert deletes_rows(entry), f"{entry.name}: personal data on rows that are kept"
        assert entry.roles or not entry.subjects, entry.name
        # Text cleared with an id is on a row that stays (a deleted row takes it anyway).
        for subject in entry.subjects:
            assert not subject.clears or subject.erase == Erase.ANONYMISE, entry.name
