"""Requests are checked against the spec; faults, blocks and rate limits surface in aiogram."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import GetUpdates
from aiogram.types import BotCommand, BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup
from aiohttp import web

from standin import StandIn
from tests.standin.standin_support import USER, RawApi
from tests.waiting import eventually


async def test_get_me(bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.is_bot, me.username) == (42, True, "tredebot_demo_bot")
    assert me.can_join_groups is True


async def test_unknown_method_is_404(raw: RawApi) -> None:
    status, body = await raw("sendTelepathy", chat_id=USER)
    assert (status, body) == (404, {"ok": False, "error_code": 404, "description": "Not Found"})


async def test_malformed_token_is_401(raw: RawApi) -> None:
    status, body = await raw("getMe", token="not-a-token")
    assert (status, body["description"]) == (401, "Unauthorized")


async def test_unknown_missing_and_mistyped_parameters(raw: RawApi, standin: StandIn) -> None:
    status, body = await raw("sendMessage", chat_id=USER, text="hi", colour="red")
    assert (status, body["description"]) == (400, 'Bad Request: unknown parameter "colour"')
    status, body = await raw("sendMessage", chat_id=USER)
    assert (status, body["description"]) == (400, "Bad Request: message text is empty")
    status, body = await raw("answerCallbackQuery")
    assert body["description"] == 'Bad Request: parameter "callback_query_id" is required'
    status, body = await raw("sendMessage", chat_id=USER, text="x", disable_notification="maybe")
    assert (
        body["description"]
        == 'Bad Request: parameter "disable_notification" must be of type Boolean'
    )
    status, body = await raw("deleteMessage", chat_id=USER, message_id="one")
    assert body["description"] == 'Bad Request: parameter "message_id" must be of type Integer'
    status, body = await raw("sendMessage", chat_id=USER, text="x", reply_markup="[not json")
    assert status == 400 and 'can\'t parse "reply_markup" JSON object' in body["description"]
    assert [e["status"] for e in standin.errors] == [400] * 6
    assert standin.errors[0]["params"]["colour"] == "red"


async def test_json_bodies_and_case_insensitive_methods(raw: RawApi) -> None:
    status, body = await raw.json(
        "SENDMESSAGE", {"chat_id": USER, "text": "hi", "protect_content": True}
    )
    assert status == 200 and body["result"]["text"] == "hi"


async def test_aiogram_request_with_unknown_field(bot: Bot) -> None:
    # aiogram models allow extra fields, which it then sends along
    method = GetUpdates(timeout=0, bogus=1)
    with pytest.raises(TelegramBadRequest, match='unknown parameter "bogus"'):
        await bot.session.make_request(bot, method)


async def test_injected_429_surfaces_as_retry_after(bot: Bot, standin: StandIn) -> None:
    standin.fail_next("sendMessage", "too-many-requests", retry_after=7)
    with pytest.raises(TelegramRetryAfter) as info:
        await bot.send_message(USER, "hi")
    assert info.value.retry_after == 7
    assert "Original description: Too Many Requests: retry after 7" in info.value.message
    await bot.send_message(USER, "hi")  # only the next call failed


async def test_injected_server_errors(bot: Bot, standin: StandIn) -> None:
    standin.fail_next("*", "502", times=2)
    for _ in range(2):
        with pytest.raises(TelegramServerError):
            await bot.get_me()
    await bot.get_me()
    with pytest.raises(ValueError, match="unknown error"):
        standin.fail_next("sendMessage", "no-such-error")


async def test_enforced_rate_limits(bot: Bot, standin: StandIn) -> None:
    standin.enforce_rate_limits = True
    for i in range(3):  # the tolerated burst
        await bot.send_message(USER, f"m{i}")
    with pytest.raises(TelegramRetryAfter) as info:
        await bot.send_message(USER, "too fast")
    assert info.value.retry_after == 1
    # other chats have their own budget, but not beyond 30 per second overall
    standin.global_per_second = 5
    for uid in (2001, 2002, 2003):
        standin.add_user(uid)
    await bot.send_message(2001, "hi")
    await bot.send_message(2002, "hi")
    with pytest.raises(TelegramRetryAfter):
        await bot.send_message(2003, "hi")
    stats = standin.rate_stats()
    assert stats["total_sends"] == 5 and stats["max_per_second_by_chat"][USER] == 3


async def test_blocked_and_deactivated_users(bot: Bot, standin: StandIn) -> None:
    standin.block_user(USER)
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.send_message(USER, "hi")
    standin.block_user(USER, deactivated=True)
    with pytest.raises(TelegramForbiddenError, match="user is deactivated"):
        await bot.send_chat_action(USER, "typing")
    standin.unblock_user(USER)
    await bot.send_message(USER, "hi again")
    assert standin.errors[0]["error"]["error_code"] == 403


async def test_multipart_uploads_are_recorded(bot: Bot, standin: StandIn) -> None:
    pdf = b"%PDF-1.7 report" * 100
    doc = await bot.send_document(
        USER, BufferedInputFile(pdf, "scan.pdf"), caption="<b>Scan</b>", parse_mode="HTML"
    )
    photo = await bot.send_photo(USER, BufferedInputFile(b"\x89PNG qr", "qr.png"))
    assert doc.document and doc.document.file_name == "scan.pdf" and doc.caption == "Scan"
    assert photo.photo
    sent = standin.outgoing(USER)
    assert [(o.method, o.file_name, o.file_bytes) for o in sent] == [
        ("sendDocument", "scan.pdf", pdf),
        ("sendPhoto", "qr.png", b"\x89PNG qr"),
    ]
    assert sent[0].plain == "Scan"
    # a file_id can be sent again
    again = await bot.send_document(USER, doc.document.file_id)
    assert standin.outgoing(USER)[-1].file_bytes == pdf and again.document


async def test_user_files_can_be_downloaded(bot: Bot, standin: StandIn) -> None:
    update = await standin.send_document(USER, b"hello", file_name="a.txt", mime_type="text/plain")
    file = await bot.get_file(update["message"]["document"]["file_id"])
    data = await bot.download_file(file.file_path or "")
    assert data is not None and data.read() == b"hello"


async def test_commands_and_descriptions(bot: Bot, standin: StandIn) -> None:
    await bot.set_my_commands([BotCommand(command="start", description="Begin")])
    await bot.set_my_commands(
        [BotCommand(command="start", description="Beginnen")], language_code="nl"
    )
    assert standin.commands == {
        "": [{"command": "start", "description": "Begin"}],
        "nl": [{"command": "start", "description": "Beginnen"}],
    }
    assert [c.description for c in await bot.get_my_commands(language_code="nl")] == ["Beginnen"]
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand(command="Start Now", description="x")])
    await bot.delete_my_commands(language_code="nl")
    assert "nl" not in standin.commands
    await bot.set_my_description("Een PSO-scan")
    assert (await bot.get_my_description()).description == "Een PSO-scan"
    await bot.set_my_short_description("PSO")


async def test_get_updates_delivers_text_and_button_press(bot: Bot, standin: StandIn) -> None:
    await standin.send_text(USER, "/start abc")
    updates = await bot.get_updates(timeout=1)
    msg = updates[0].message
    assert msg is not None and msg.text == "/start abc" and msg.from_user
    assert msg.from_user.language_code == "nl"
    assert msg.entities and (msg.entities[0].type, msg.entities[0].length) == ("bot_command", 6)

    markup = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="Ja", callback_data="yes")]]
    )
    sent = await bot.send_message(USER, "Doorgaan?", reply_markup=markup)
    await standin.press(USER, "Ja")
    # the offset confirms the first update
    updates = await bot.get_updates(offset=updates[-1].update_id + 1, timeout=1)
    assert len(updates) == 1
    query = updates[0].callback_query
    assert query is not None and query.data == "yes"
    assert query.message is not None and query.message.message_id == sent.message_id
    with pytest.raises(LookupError, match="Nee"):
        await standin.press(USER, "Nee")


async def test_long_poll_waits_for_an_update(bot: Bot, standin: StandIn) -> None:
    async def later() -> None:
        await asyncio.sleep(0.2)
        await standin.send_text(USER, "hallo")

    task = asyncio.create_task(later())
    started = time.monotonic()
    updates = await bot.get_updates(timeout=5)
    await task
    assert [u.message.text for u in updates if u.message] == ["hallo"]
    assert 0.15 < time.monotonic() - started < 2


async def test_newer_long_poll_terminates_older(bot: Bot, standin: StandIn) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await eventually(lambda: standin.polls_waiting == 1, what="the first long poll waiting")
    second = asyncio.create_task(bot.get_updates(timeout=0))
    with pytest.raises(TelegramConflictError):
        await first
    assert await second == []


async def test_webhook_delivery_with_secret(bot: Bot, standin: StandIn) -> None:
    received: list[tuple[str | None, dict[str, Any]]] = []

    async def hook(request: web.Request) -> web.Response:
        received.append(
            (request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json())
        )
        return web.json_response({})

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        await bot.set_webhook(f"http://127.0.0.1:{port}/hook", secret_token="s3cret")
        assert (await bot.get_webhook_info()).url.endswith("/hook")
        with pytest.raises(TelegramConflictError, match="webhook is active"):
            await bot.get_updates()
        await standin.send_text(USER, "via webhook")
        await eventually(lambda: received, what="the webhook's request")
        assert received[0][0] == "s3cret"
        assert received[0][1]["message"]["text"] == "via webhook"
        await bot.delete_webhook()
        await standin.send_text(USER, "polled")
        assert [u.message.text for u in await bot.get_updates() if u.message] == ["polled"]
    finally:
        await runner.cleanup()


async def test_webhook_delivery_one_update_per_chat_within_max_connections(
    bot: Bot, standin: StandIn
) -> None:
    """As Telegram: a chat's next update waits until the webhook has answered its previous one,
    and no more than max_connections updates are posted at once."""
    answer: dict[str, asyncio.Event] = {}
    posted: list[str] = []

    async def hook(request: web.Request) -> web.Response:
        text = (await request.json())["message"]["text"]
        posted.append(text)
        answer[text] = asyncio.Event()
        await answer[text].wait()
        return web.json_response({})

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    port = runner.addresses[0][1]
    try:
        await bot.set_webhook(f"http://127.0.0.1:{port}/hook", max_connections=2)
        for user, text in ((1, "a1"), (1, "a2"), (2, "b1"), (3, "c1")):
            await standin.send_text(user, text)
        await eventually(lambda: len(posted) == 2, what="two updates posted")
        await asyncio.sleep(0.2)  # nothing more goes out while both are unanswered
        assert posted == ["a1", "b1"]
        assert (await bot.get_webhook_info()).pending_update_count == 4
        answer["a1"].set()
        await eventually(lambda: len(posted) == 3, what="the chat's next update")
        assert posted[2] == "a2"
        answer["b1"].set()
        await eventually(lambda: len(posted) == 4, what="the last chat's update")
        assert posted[3] == "c1"
        answer["a2"].set()
        answer["c1"].set()
        await eventually(lambda: standin.pending_update_count() == 0, what="every update answered")
        await bot.delete_webhook()
    finally:
        for event in answer.values():
            event.set()
        await runner.cleanup()


async def test_raw_updates_for_fuzzing(bot: Bot, standin: StandIn) -> None:
    group = {"id": -100200, "type": "group", "title": "Team"}
    sender = {"id": USER, "is_bot": False, "first_name": "Ilse"}
    await standin.send_update(
        {"message": {"message_id": 1, "date": 0, "chat": group, "from": sender, "text": "hoi"}}
    )
    await standin.send_update(
        {
            "edited_message": {
                "message_id": 1,
                "date": 0,
                "edit_date": 1,
                "chat": group,
                "from": sender,
                "text": "hoi!",
            }
        }
    )
    updates = await bot.get_updates()
    assert updates[0].message and updates[0].message.chat.type == "group"
    assert updates[1].edited_message and updates[1].edited_message.text == "hoi!"
    reply = await bot.send_message(-100200, "hallo team")
    assert reply.chat.title == "Team"
