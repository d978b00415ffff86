"""/privacy, /export and /delete as a user sees them, and what is left in the database."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, select

from bot.db.repositories.privacy import declared_tables_in, rows_of_user
from standin import StandIn
from tests.e2e.harness import RunningBot, texts
from tests.privacy.walk import answer_step, begin


async def rows_of(app: RunningBot, user_id: int) -> dict[str, int]:
    """Rows per table that are the user's (as the data inventory finds them for /export)."""
    counts: dict[str, int] = {}
    async with app.storage.sessionmaker() as session, session.begin():
        for entry, table in await declared_tables_in(session):
            rows = rows_of_user(entry, table, user_id)
            if rows is None:
                continue
            counts[table.name] = (
                await session.exec(  # type: ignore[call-overload]
                    select(func.count()).select_from(rows.subquery())
                )
            ).scalar_one()
    return counts


async def walk(standin: StandIn, user_id: int, name: str, steps: int = 3) -> None:
    await begin(standin, user_id)
    await answer_step(standin, user_id, name=name)  # the business name
    for _ in range(steps - 1):
        await answer_step(standin, user_id)


async def test_privacy_says_what_why_how_long_who(standin: StandIn, app: RunningBot) -> None:
    standin.add_user(1, language_code="en")
    reply = await standin.say(1, "/privacy")
    text = texts(reply)
    assert "24 months" in text
    assert "employees" in text and "consent" in text
    assert ["📦 Export my data"] in reply[-1].buttons
    assert ["🗑 Delete my data"] in reply[-1].buttons
    assert not standin.errors


async def test_export_is_a_complete_json_document(standin: StandIn, app: RunningBot) -> None:
    await walk(standin, 2, "Bakkerij Export & Zn")
    reply = await standin.say(2, "/export")
    document = next(o for o in reply if o.method == "sendDocument")
    assert document.file_name == "tredebot-export-2.json"
    data: dict[str, Any] = json.loads(document.file_bytes or b"")
    assert data["user_id"] == 2
    tables = data["tables"]
    # Every table that belongs to a user is there, with exactly the rows the database holds.
    counts = await rows_of(app, 2)
    assert set(tables) == set(counts)
    assert {name: len(rows) for name, rows in tables.items()} == counts
    answers = tables["conversations"][0]["answers_json"]
    assert answers["org_name"] == "Bakkerij Export & Zn"  # decoded JSON, not a string of JSON
    assert tables["users"][0]["language"] in (None, "en")
    assert not standin.errors


async def test_export_button_sends_the_same(standin: StandIn, app: RunningBot) -> None:
    standin.add_user(3, language_code="en")
    await standin.say(3, "/privacy")
    reply = await standin.tap(3, "📦 Export my data")
    assert any(o.method == "sendDocument" for o in reply)


async def test_exports_past_a_small_burst_are_refused_kindly(
    standin: StandIn, app: RunningBot
) -> None:
    standin.add_user(6, language_code="nl")
    for _ in range(2):  # a burst of two goes through
        assert any(o.method == "sendDocument" for o in await standin.say(6, "/export"))
    reply = await standin.say(6, "/export")
    assert not any(o.method == "sendDocument" for o in reply)
    assert "Probeer het over een minuut opnieuw" in texts(reply)
    # Someone else is not held up by it.
    standin.add_user(7, language_code="en")
    assert any(o.method == "sendDocument" for o in await standin.say(7, "/export"))


async def test_delete_asks_first_then_erases_everything(standin: StandIn, app: RunningBot) -> None:
    await walk(standin, 4, "Delete Me BV")
    await walk(standin, 5, "Keep Me BV")
    before = await rows_of(app, 4)
    assert before["conversations"] == 1

    await standin.say(4, "/delete")
    assert "nothing was deleted" in texts(await standin.tap(4, "No, keep my data"))
    assert await rows_of(app, 4) == before

    reply = texts(await standin.say(4, "/delete"))
    assert "cannot be undone" in reply
    assert "deleted" in texts(await standin.tap(4, "Yes, delete everything"))
    assert set((await rows_of(app, 4)).values()) == {0}
    assert (await rows_of(app, 5))["conversations"] == 1  # nobody else's data

    # A later /start begins fresh: the greeting, not "welcome back".
    reply = texts(await standin.say(4, "/start"))
    assert "Welcome back" not in reply and "Hello" in reply
    assert not standin.errors


async def test_delete_from_the_privacy_button(standin: StandIn, app: RunningBot) -> None:
    await walk(standin, 6, "Button BV", steps=1)
    await standin.say(6, "/privacy")
    await standin.tap(6, "🗑 Delete my data")
    await standin.tap(6, "Yes, delete everything")
    assert set((await rows_of(app, 6)).values()) == {0}
