"""Duplicates, simultaneous updates, Telegram errors and a locked database, end to end."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time
from typing import Any

import pytest
from aiogram import Bot
from aiogram.client.session.middlewares.base import NextRequestMiddlewareType
from aiogram.methods import SendMessage, TelegramMethod
from sqlmodel import select

from bot.db.models import Conversation, User
from standin import StandIn
from tests.e2e.harness import RunningBot, texts
from tests.privacy.walk import answer_step, begin
from tests.waiting import eventually

KIND_QUESTION = "What kind of business is it?"
TOWN_QUESTION = "In which municipality is your business?"
PEOPLE_QUESTION = "How many people work in your organisation"


async def scan(app: RunningBot, user_id: int) -> tuple[Conversation, dict[str, Any]]:
    async with app.storage.sessionmaker() as session, session.begin():
        intake = (
            await session.exec(
                select(Conversation).where(
                    Conversation.user_id == user_id, Conversation.status == "open"
                )
            )
        ).one()
        return intake, json.loads(intake.answers_json)


def asked(standin: StandIn, user_id: int, question: str) -> int:
    """How often the question was put to the user with its buttons: sent, or in the message a
    tap moved on (the passed question, kept with its answer, has no buttons)."""
    return sum(
        question in o.plain
        for o in standin.outgoing(user_id)
        if o.method in ("sendMessage", "editMessageText") and o.buttons
    )


def shown_prompt(standin: StandIn, user_id: int) -> tuple[int, list[list[dict[str, Any]]]]:
    """The last question shown: its message id and its rows of buttons."""
    prompt = standin.last_bot_message(user_id)
    assert prompt is not None and prompt.reply_markup is not None, standin.chat(user_id)[-2:]
    return prompt.message_id, prompt.reply_markup["inline_keyboard"]


def raw_text(user_id: int, text: str, *, update_id: int, message_id: int) -> dict[str, Any]:
    user = {"id": user_id, "is_bot": False, "first_name": "Ilse", "language_code": "en"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private", "first_name": "Ilse"},
            "from": user,
            "text": text,
        },
    }


@pytest.mark.http  # both copies wait in getUpdates' queue before the bot takes the first
async def test_same_update_twice_has_its_effect_once(standin: StandIn, app: RunningBot) -> None:
    await begin(standin, 1)
    update = raw_text(1, "Dubbel BV", update_id=900_001, message_id=9_001)
    await standin.send_update(update)
    await standin.send_update(update)  # webhook redelivery, polling after a crash
    await standin.wait_reply(1)  # the bot handles in order: both are done
    _, answers = await scan(app, 1)
    assert "Dubbel BV" in answers.values()
    assert asked(standin, 1, KIND_QUESTION) == 1
    assert not standin.errors


async def test_two_buttons_at_once_store_one_answer(standin: StandIn, app: RunningBot) -> None:
    await begin(standin, 2)
    await answer_step(standin, 2, name="Tweeling BV")
    before, _ = await scan(app, 2)
    message_id, rows = shown_prompt(standin, 2)
    data = [b["callback_data"] for row in rows for b in row]
    await asyncio.gather(
        standin.press_data(2, data[0], message_id=message_id),
        standin.press_data(2, data[1], message_id=message_id),
    )
    await standin.wait_reply(2)  # the bot handles in order: both taps are done
    after, answers = await scan(app, 2)
    assert after.revision == before.revision + 1  # one step, not two
    chosen = [value for value in answers.values() if value in ("bakery", "retail")]
    assert len(chosen) == 1
    assert asked(standin, 2, TOWN_QUESTION) == 1
    assert not standin.errors


async def test_text_and_tap_at_once_never_answer_the_wrong_question(
    standin: StandIn, app: RunningBot
) -> None:
    await begin(standin, 3)
    await answer_step(standin, 3, name="Gelijktijdig BV")
    message_id, rows = shown_prompt(standin, 3)
    tap = rows[0][1]["callback_data"]  # "Shop or retail"
    # Both reach the bot at once, as polling hands a batch over (a task each): the tap is
    # handled first, moving the question on in its message; the text was typed at the kind
    # question, before that.
    await asyncio.gather(
        standin.press_data(3, tap, message_id=message_id), standin.send_text(3, "Bakery")
    )
    _, answers = await scan(app, 3)
    assert "retail" in answers.values()
    assert "Bakery" not in answers.values()  # not taken as the municipality
    assert "earlier question" in texts(standin.outgoing(3))
    assert not standin.errors


async def test_text_typed_below_a_new_question_counts_before_its_sending_is_confirmed(
    standin: StandIn, app: RunningBot
) -> None:
    """A busy moment: the owner types the next answer under the question the moment Telegram
    has it, and that update reaches the bot before the handler that sent the question has heard
    back. Typed below the question (a later message id), it is that question's answer."""
    await begin(standin, 5)
    await answer_step(standin, 5, name="Vlot BV")
    await standin.tap(5, "Bakery")  # the municipality question, in the same message
    typed_early: list[asyncio.Task[dict[str, Any]]] = []

    async def owner_types_at_once(
        make_request: NextRequestMiddlewareType[Any], bot: Bot, method: TelegramMethod[Any]
    ) -> Any:
        response = await make_request(bot, method)
        if isinstance(method, SendMessage) and PEOPLE_QUESTION in method.text and not typed_early:
            typed_early.append(asyncio.create_task(standin.send_text(5, "9")))
            for _ in range(20):  # it reaches the dispatcher and waits for its turn
                await asyncio.sleep(0)
        return response

    app.bot.session.middleware(owner_types_at_once)
    await standin.say(5, "Almelo")
    await typed_early[0]
    await standin.wait_reply(5)
    _, answers = await scan(app, 5)
    assert 9 in answers.values()
    assert "earlier question" not in texts(standin.outgoing(5))
    assert not standin.errors


@pytest.mark.http  # aiogram's HTTP session meets the 429 and the 5xx over the wire
@pytest.mark.slow  # retry_after and the back-off pass in real time
async def test_429_and_5xx_are_retried_and_nothing_is_lost(
    standin: StandIn, app: RunningBot
) -> None:
    await begin(standin, 4)
    standin.fail_next("sendMessage", "too-many-requests", retry_after=1)
    started = time.monotonic()
    await standin.send_text(4, "Geduld BV")
    await eventually(lambda: asked(standin, 4, KIND_QUESTION) == 1)
    assert time.monotonic() - started >= 1  # retry_after honoured
    assert len(standin.errors) == 1  # the 429, then the retry went through
    standin.fail_next("editMessageText", "500", times=2)  # a tap moves on in its message
    await standin.press(4, "Bakery")
    await eventually(lambda: asked(standin, 4, TOWN_QUESTION) == 1)
    _, answers = await scan(app, 4)
    assert {"Geduld BV", "bakery"} <= {v for v in answers.values() if isinstance(v, str)}


async def test_403_marks_the_user_inactive_and_a_new_message_reactivates(
    standin: StandIn, app: RunningBot
) -> None:
    standin.add_user(5, language_code="en")
    await standin.say(5, "/start")
    standin.block_user(5)
    await standin.send_text(5, "/help")
    await standin.wait_reply(5)  # refused with 403

    async def inactive() -> bool:
        async with app.storage.sessionmaker() as session, session.begin():
            user = await session.get(User, 5)
            return user is not None and user.is_active is False

    await eventually(inactive, what="user 5 marked inactive")
    standin.unblock_user(5)
    assert "What I do" in texts(await standin.say(5, "/help"))
    async with app.storage.sessionmaker() as session, session.begin():
        user = await session.get(User, 5)
        assert user is not None and user.is_active is True


async def test_harmless_400s_are_ignored(standin: StandIn, app: RunningBot) -> None:
    await begin(standin, 6)
    # A typed answer edits the passed question to show what was taken: "not modified" is no
    # failure.
    standin.fail_next("editMessageText", "bad-request-message-not-modified")
    await standin.send_text(6, "Oud BV")
    await eventually(lambda: asked(standin, 6, KIND_QUESTION) == 1)
    # A tap moves on in its message; a message that can no longer be edited (too old) gets
    # the next question as a new message instead.
    standin.fail_next("editMessageText", "bad-request-message-cant-be-edited")
    await standin.press(6, "Bakery")
    await eventually(lambda: asked(standin, 6, TOWN_QUESTION) == 1)
    assert len(standin.errors) == 2  # both refused, neither stopped the conversation


@pytest.mark.http  # the bot polls beside the test, which holds the lock meanwhile
@pytest.mark.slow  # the lock is held for two seconds
async def test_a_locked_database_is_waited_for(
    standin: StandIn, app: RunningBot, database_url: str
) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite's single write lock; PostgreSQL locks rows")
    await begin(standin, 7)
    path = database_url.split("///", 1)[1]
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    blocker.execute("UPDATE users SET language = language WHERE id = 7")
    await standin.send_text(7, "Slot BV")
    await asyncio.sleep(2.0)
    blocker.execute("COMMIT")
    blocker.close()
    reply = await standin.wait_reply(7, timeout=15)
    assert KIND_QUESTION in texts(reply)
    _, answers = await scan(app, 7)
    assert "Slot BV" in answers.values()
