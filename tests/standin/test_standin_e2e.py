"""A real aiogram Dispatcher polling the stand-in, played with say()/tap() and over HTTP."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import pytest
from aiogram import Bot, Dispatcher, F, Router
from aiogram.filters import CommandStart
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiohttp import ClientSession

from standin import StandIn
from tests.standin.standin_support import USER


def echo_router() -> Router:
    router = Router()

    @router.message(CommandStart())
    async def start(message: Message) -> None:
        markup = InlineKeyboardMarkup(
            inline_keyboard=[[InlineKeyboardButton(text="Ping", callback_data="ping")]]
        )
        await message.answer("<b>Welkom</b> &amp; hallo", parse_mode="HTML", reply_markup=markup)

    @router.callback_query(F.data == "ping")
    async def ping(query: CallbackQuery) -> None:
        await query.answer("pong!")
        assert isinstance(query.message, Message)
        await query.message.edit_text("Pong")

    @router.message(F.text)
    async def echo(message: Message) -> None:
        await message.bot.send_chat_action(message.chat.id, "typing")  # type: ignore[union-attr]
        await message.answer(message.text or "")

    return router


@pytest.fixture
async def polling(bot: Bot, standin: StandIn) -> AsyncIterator[Dispatcher]:
    """The echo bot polling the stand-in one update at a time: its next getUpdates tells the
    stand-in that the previous answer is complete, so say() and tap() (here and over the
    control endpoints) never wait for a quiet period."""
    dp = Dispatcher()
    dp.include_router(echo_router())
    standin.sequential_bot = True
    task = asyncio.create_task(
        dp.start_polling(bot, handle_signals=False, polling_timeout=1, handle_as_tasks=False)
    )
    try:
        yield dp
    finally:
        await dp.stop_polling()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def test_conversation(polling: Dispatcher, standin: StandIn) -> None:
    replies = await standin.say(USER, "/start")
    assert [r.method for r in replies] == ["sendMessage"]
    assert replies[0].plain == "Welkom & hallo" and replies[0].buttons == [["Ping"]]

    replies = await standin.tap(USER, "Ping")
    assert [r.method for r in replies] == ["answerCallbackQuery", "editMessageText"]
    assert standin.callback_answers[-1]["text"] == "pong!"
    assert standin.last_bot_message(USER) is not None
    assert standin.last_bot_message(USER).plain == "Pong"  # type: ignore[union-attr]
    assert standin.last_bot_message(USER).buttons == []  # type: ignore[union-attr]

    replies = await standin.say(USER, "hallo bot")
    assert [(r.method, r.text) for r in replies] == [
        ("sendChatAction", None),
        ("sendMessage", "hallo bot"),
    ]
    # the chat as the user sees it now
    assert [(m.from_bot, m.plain) for m in standin.chat(USER)] == [
        (False, "/start"),
        (True, "Pong"),
        (False, "hallo bot"),
        (True, "hallo bot"),
    ]
    assert standin.errors == []


async def test_wait_reply_times_out_when_the_bot_is_silent(standin: StandIn) -> None:
    await standin.send_sticker(USER)  # nobody is polling
    with pytest.raises(TimeoutError):
        await standin.wait_reply(USER, timeout=0.2)
    assert await standin.wait_reply(USER, timeout=0.1, allow_empty=True) == []


async def test_http_control_endpoints(polling: Dispatcher, standin: StandIn) -> None:
    base = f"{standin.base_url}/_standin"
    async with ClientSession() as http:
        await http.post(f"{base}/users", json={"user_id": 5005, "language_code": "en"})
        async with http.post(f"{base}/say", json={"user_id": 5005, "text": "/start"}) as resp:
            replies = (await resp.json())["result"]
        assert replies[0]["plain"] == "Welkom & hallo" and replies[0]["buttons"] == [["Ping"]]
        async with http.post(f"{base}/tap", json={"user_id": 5005, "label": "Ping"}) as resp:
            assert [r["method"] for r in (await resp.json())["result"]][-1] == "editMessageText"
        async with http.post(f"{base}/tap", json={"user_id": 5005, "label": "Nope"}) as resp:
            assert resp.status == 400 and "Nope" in (await resp.json())["error"]
        async with http.get(f"{base}/messages", params={"chat_id": 5005}) as resp:
            assert [m["plain"] for m in (await resp.json())["result"]] == ["/start", "Pong"]
        await http.post(f"{base}/block", json={"user_id": 5005})
        async with http.post(f"{base}/say", json={"user_id": 5005, "text": "hi"}) as resp:
            assert (await resp.json())["result"] == []  # the bot's answer was refused
        async with http.get(f"{base}/errors") as resp:
            errors = (await resp.json())["result"]
        assert errors[-1]["description"] == "Forbidden: bot was blocked by the user"
        async with http.get(f"{base}/stats") as resp:
            assert (await resp.json())["result"]["total_sends"] == 1
