"""Updates are read as `IncomingUpdate`: a tapped message without its keyboard, else aiogram's."""

from __future__ import annotations

import json
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.methods import GetUpdates
from aiogram.types import CallbackQuery, InaccessibleMessage, Message, Update
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.incoming import IncomingUpdate
from bot.telegram_session import BotApiSession
from bot.webhook import GuardedRequestHandler

KEYBOARD = {"inline_keyboard": [[{"text": "Bakery", "callback_data": "i:3:c:bakery"}]]}
OWNER = {"id": 7, "is_bot": False, "first_name": "Ilse", "language_code": "nl"}


def question(**changes: Any) -> dict[str, Any]:
    message = {
        "message_id": 5,
        "date": 1764300000,
        "chat": {"id": 7, "type": "private", "first_name": "Ilse"},
        "from": {"id": 42, "is_bot": True, "first_name": "Tredebot"},
        "text": "Which sector?",
        "entities": [{"type": "bold", "offset": 0, "length": 5}],
        "reply_markup": KEYBOARD,
    }
    return message | changes


def tap(message: dict[str, Any], update_id: int = 1) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "callback_query": {
            "id": "9",
            "from": OWNER,
            "chat_instance": "1",
            "data": "i:3:c:bakery",
            "message": message,
        },
    }


def polled(*updates: dict[str, Any]) -> list[Update]:
    bot = Bot("42:TEST")
    body = json.dumps({"ok": True, "result": list(updates)}).encode()
    return BotApiSession().check_response(bot, GetUpdates(), 200, body).result


def test_a_tap_is_read_without_the_keyboard_of_its_message() -> None:
    (update,) = polled(tap(question()))
    assert isinstance(update, Update) and isinstance(update, IncomingUpdate)
    query = update.callback_query
    assert isinstance(query, CallbackQuery) and query.data == "i:3:c:bakery"
    message = query.message
    assert isinstance(message, Message)
    assert message.reply_markup is None
    # Everything a handler reads is there, and knows the bot for aiogram's shortcuts.
    assert (message.chat.id, message.message_id, message.text) == (7, 5, "Which sector?")
    assert message.from_user is not None and message.from_user.is_bot
    assert message.entities is not None and message.entities[0].type == "bold"
    assert message.bot is not None and message.bot is query.bot is update.bot


def test_a_tap_under_a_message_too_old_to_read_stays_inaccessible() -> None:
    (update,) = polled(tap({"chat": {"id": 7, "type": "private"}, "message_id": 5, "date": 0}))
    assert isinstance(update.callback_query.message, InaccessibleMessage)


def test_messages_that_are_not_tapped_keep_their_keyboard() -> None:
    # e.g. a message an owner sent through another bot's inline mode
    message = question(**{"from": OWNER, "message_id": 6})
    (update,) = polled({"update_id": 2, "message": message})
    assert update.message is not None
    assert update.message.reply_markup is not None
    assert update.message.reply_markup.inline_keyboard[0][0].text == "Bakery"


async def test_the_webhook_hands_the_dispatcher_an_incoming_update_read_once() -> None:
    seen: list[CallbackQuery] = []
    dispatcher = Dispatcher()

    @dispatcher.callback_query()
    async def record(query: CallbackQuery) -> None:
        seen.append(query)

    bot = Bot("42:TEST")
    app = web.Application()
    GuardedRequestHandler(dispatcher=dispatcher, bot=bot).register(app, path="/webhook")
    async with TestClient(TestServer(app)) as client:
        response = await client.post("/webhook", data=json.dumps(tap(question())))
        assert response.status == 200
        assert (await client.post("/webhook", data=b'{"update_id": "x"}')).status == 400
    (query,) = seen
    assert isinstance(query.message, Message) and query.message.reply_markup is None
    assert query.message.bot is bot
    await bot.session.close()
