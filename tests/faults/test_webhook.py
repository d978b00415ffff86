"""Webhook mode over HTTP: a wrong or missing secret gets 401, a malformed body 400, and the
server keeps answering real updates afterwards."""

from __future__ import annotations

import json
import time

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.config import ConfigError, Settings, load_settings
from bot.factory import create_bot, create_dispatcher, create_storage
from bot.telegram.webhook import build_webhook_app
from standin import StandIn
from standin.models import ChatMessage
from tests.e2e.harness import TOKEN
from tests.waiting import eventually

SECRET = "s3cret-Token_1"


def update(user_id: int, text: str, update_id: int) -> dict[str, object]:
    user = {"id": user_id, "is_bot": False, "first_name": "Ilse", "language_code": "en"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private", "first_name": "Ilse"},
            "from": user,
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(text)}],
        },
    }


def webhook_settings(standin: StandIn, database_url: str, **more: str) -> Settings:
    return load_settings(
        TELEGRAM_API_URL=standin.base_url,
        DATABASE_URL=database_url,
        BOT_TOKEN=TOKEN,
        WEBHOOK_URL="https://bot.example.org/webhook",
        WEBHOOK_SECRET=SECRET,
        **more,
    )


async def test_webhook_secret_and_malformed_bodies(standin: StandIn, database_url: str) -> None:
    settings = webhook_settings(standin, database_url, MAX_CONCURRENT_UPDATES="25")
    storage = create_storage(settings)
    bot = create_bot(settings)
    app = build_webhook_app(settings, bot, create_dispatcher(settings, storage))
    standin.add_user(1, language_code="en")
    try:
        async with TestClient(TestServer(app)) as client:
            # Registered at start-up: Telegram opens at most MAX_CONCURRENT_UPDATES connections.
            assert (await bot.get_webhook_info()).max_connections == 25
            good = json.dumps(update(1, "/help", 500))
            assert (await client.post("/webhook", data=good)).status == 401
            wrong = {"X-Telegram-Bot-Api-Secret-Token": "guess"}
            assert (await client.post("/webhook", data=good, headers=wrong)).status == 401
            assert not standin.outgoing(1)

            right = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
            for body in (b"{not json", b"[1, 2]", b'{"update_id": "x"}', b"\xff\xfe", b""):
                response = await client.post("/webhook", data=body, headers=right)
                assert response.status == 400

            # No Telegram id has more than 64 bits: such an update is acknowledged and ignored.
            forged = update(2**63 + 5, "/help", 501)
            response = await client.post("/webhook", data=json.dumps(forged), headers=right)
            assert response.status == 200
            assert not standin.outgoing(2**63 + 5)

            response = await client.post("/webhook", data=good, headers=right)
            assert response.status == 200
            [reply] = await eventually(lambda: standin.outgoing(1), what="the reply to /help")
            assert "What I do" in reply.plain
            assert not standin.errors
    finally:
        await bot.session.close()
        await storage.engine.dispose()


def test_webhook_mode_refuses_to_start_without_a_secret() -> None:
    settings = load_settings(BOT_TOKEN=TOKEN, WEBHOOK_URL="https://bot.example.org/webhook")
    with pytest.raises(ConfigError, match="WEBHOOK_SECRET is not set"):
        settings.require_webhook_secret()


async def test_a_tap_is_answered_inside_the_webhook_response(
    standin: StandIn, database_url: str
) -> None:
    """An answered question's tap costs one Bot API call of the bot's own (the next question);
    the tap's answer goes back in the webhook's response, as Telegram allows."""
    settings = webhook_settings(standin, database_url)
    storage = create_storage(settings)
    bot = create_bot(settings)
    app = build_webhook_app(settings, bot, create_dispatcher(settings, storage))
    standin.add_user(3, language_code="en")
    right = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    try:
        async with TestClient(TestServer(app)) as client:
            response = await client.post(
                "/webhook", data=json.dumps(update(3, "/start", 601)), headers=right
            )
            assert await response.json() == {}  # nothing to answer in the response

            def tap(message: ChatMessage, label: str, update_id: int) -> str:
                assert message.reply_markup is not None
                [data] = [
                    button["callback_data"]
                    for row in message.reply_markup["inline_keyboard"]
                    for button in row
                    if button["text"] == label
                ]
                standin.callback_queries[f"tap-{update_id}"] = {
                    "chat_id": 3,
                    "message_id": message.message_id,
                    "answered": False,
                }
                callback = {
                    "id": f"tap-{update_id}",
                    "from": {"id": 3, "is_bot": False, "first_name": "Ilse", "language_code": "en"},
                    "message": standin.message_json(message),
                    "chat_instance": "-3",
                    "data": data,
                }
                return json.dumps({"update_id": update_id, "callback_query": callback})

            welcome = standin.chat(3)[-1]
            await client.post("/webhook", data=tap(welcome, "▶️ Start the scan", 602), headers=right)
            question = standin.chat(3)[-1]
            assert "name of your business" in question.plain
            calls_before = len(standin.outgoing(3))
            response = await client.post(
                "/webhook", data=tap(question, "⏭ Skip", 603), headers=right
            )
            assert await response.json() == {
                "method": "answerCallbackQuery",
                "callback_query_id": "tap-603",
            }
            answered = [call["callback_query_id"] for call in standin.callback_answers]
            assert answered == ["tap-602"]  # the welcome's button; 603's not also on its own
            [moved_on] = standin.outgoing(3)[calls_before:]  # the next question, in place
            assert moved_on.buttons and moved_on.message_id == question.message_id
            assert not standin.errors
    finally:
        await bot.session.close()
        await storage.engine.dispose()
