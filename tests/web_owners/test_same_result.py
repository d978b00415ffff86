"""The same answers given in the chat (the dispatcher in process, fed by the stand-in) and on
the web pages give the same stored result: the same engine, parsers and services."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlmodel import select

from bot.db.models import Result
from bot.ui.prompt import strip_tags
from tests.e2e.harness import migrated_database
from tests.e2e.owner import Owner
from tests.web_owners.conftest import WebScan
from tests.web_owners.scripts import BAKERY, CLEANING, Step, in_chat, label, on_web, say, tap
from tests.web_owners.test_answers import started, web_owner_id

CLOSING: list[Step] = [
    tap("Month and year"),  # person 3 (bijstand) started in March 2025
    say("3-2025"),
    tap("That's everyone"),
    tap("No"),
    *(tap(answer) for answer in ("Yes", "Partly", "Yes", "Yes", "Yes", "Yes", "Yes", "No")),
]


@pytest.fixture(params=["sqlite", "postgres"])
async def web_database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """These pages on SQLite and on PostgreSQL (with TEST_POSTGRES_URL)."""
    async for url in migrated_database(request, tmp_path):
        yield url


async def result_of(web_scan: WebScan, user_id: int) -> Result:
    async with web_scan.app.storage.sessionmaker() as db, db.begin():
        [result] = list(await db.exec(select(Result).where(Result.user_id == user_id)))
        return result


@pytest.mark.parametrize(
    ("script", "locale"), [(BAKERY, "nl"), (CLEANING + CLOSING, "nl"), (BAKERY, "en")]
)
async def test_the_same_answers_give_the_same_result(
    web_scan: WebScan, script: list[Step], locale: str
) -> None:
    chat = Owner(web_scan.standin, 601, locale)
    await chat.say("/start")
    await chat.tap("▶️ Start the scan")
    await in_chat(chat, script)
    chat_reply = await chat.tap("✅ Show my result")

    browser = await started(web_scan, locale)
    await on_web(browser, script, locale)
    page = await browser.press(label("✅ Show my result", locale))
    assert browser.url == "/scan/result"

    in_chat_result = await result_of(web_scan, 601)
    on_web_result = await result_of(web_scan, await web_owner_id(web_scan, browser))
    assert on_web_result.level == in_chat_result.level
    assert on_web_result.contribution_pct == in_chat_result.contribution_pct
    assert json.loads(on_web_result.answers_json) == json.loads(in_chat_result.answers_json)
    assert json.loads(on_web_result.assessment_json) == json.loads(in_chat_result.assessment_json)
    # And the page says what the chat said: the first line of the result, word for word.
    headline = strip_tags(chat_reply.split("\n")[1])
    assert "%" in headline, chat_reply
    assert headline.replace("\xa0", " ") in strip_tags(page).replace("\xa0", " ")
