"""The in-process transport (standin/inprocess.py) against aiogram's own HTTP session.

Each request must reach the stand-in with the very parameters and files it has over HTTP, and
each answer must come back as the same object or the same exception. This is the test that
fails when an aiogram upgrade changes what the in-process session relies on (`prepare_value`,
`model_dump`, `check_response`, `InputFile.read`).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from aiogram import Bot, Dispatcher, F, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import TelegramAPIError
from aiogram.types import (
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)

from standin import StandIn
from standin.inprocess import InProcessSession, feed
from standin.spec import Upload
from tests.standin.standin_support import TOKEN, USER, LoopbackSession

Request = tuple[str, dict[str, Any], dict[str, tuple[str, bytes, str]]]


class RecordingStandIn(StandIn):
    """Keeps each request as the stand-in received it, file keys numbered in order (aiogram
    names each attachment at random)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.requests: list[Request] = []

    async def call(
        self,
        token: str,
        name: str,
        params: dict[str, Any],
        uploads: dict[str, Upload] | None = None,
    ) -> tuple[int, dict[str, Any]]:
        uploads = uploads or {}
        names = {key: f"file{n}" for n, key in enumerate(uploads)}
        shown = dict(params)
        for key, value in shown.items():
            if isinstance(value, str) and value.startswith("attach://"):
                shown[key] = "attach://" + names[value.removeprefix("attach://")]
        files = {names[k]: (u.filename, u.data, u.content_type) for k, u in uploads.items()}
        self.requests.append((name, shown, files))
        return await super().call(token, name, params, uploads)


def keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="Ja ✅", callback_data="yes:1")]]
    )


def defaults() -> DefaultBotProperties:
    return DefaultBotProperties(parse_mode=ParseMode.HTML)


Script = Callable[[Bot], Awaitable[list[Any]]]


async def outcome(call: Awaitable[Any]) -> Any:
    """What a call gives back, comparable across sessions: the result without its dates, or
    the exception's type, message and retry_after."""
    try:
        result = await call
    except TelegramAPIError as error:
        return (type(error).__name__, error.message, getattr(error, "retry_after", None))
    if isinstance(result, Message):
        return result.model_dump(exclude={"date", "edit_date"}, exclude_none=True)
    return result


async def script(bot: Bot, standin: StandIn) -> list[Any]:
    """Requests of every shape the bot makes, and each kind of refusal."""
    sent = await bot.send_message(USER, "<b>Hallo</b> &amp; welkom", reply_markup=keyboard())
    results = [
        sent.model_dump(exclude={"date"}, exclude_none=True),
        await outcome(bot.send_message(USER, "plain", parse_mode=None)),
        await outcome(bot.edit_message_text("<i>Anders</i>", chat_id=USER, message_id=1)),
        await outcome(
            bot.send_photo(
                USER,
                BufferedInputFile(b"\x89PNG\r\n\x1a\n" + bytes(200), "ladder.png"),
                caption="<b>De ladder</b>",
            )
        ),
        await outcome(
            bot.send_document(USER, BufferedInputFile(b"%PDF-1.4\n", "plan.pdf"), caption="x")
        ),
        await outcome(bot.send_chat_action(USER, "typing")),
        await outcome(
            bot.set_my_commands(
                [BotCommand(command="start", description="Begin")],
                scope=BotCommandScopeAllPrivateChats(),
                language_code="nl",
            )
        ),
        await outcome(bot.delete_message(USER, 2)),
        # Refusals: not modified, 403, 429 with retry_after, 5xx, a stand-in limit.
        await outcome(bot.edit_message_text("<i>Anders</i>", chat_id=USER, message_id=1)),
        await outcome(bot.send_message(USER, "x" * 5000)),
    ]
    standin.fail_next("sendMessage", "too-many-requests", retry_after=7)
    results.append(await outcome(bot.send_message(USER, "flood")))
    standin.fail_next("sendMessage", "502")
    results.append(await outcome(bot.send_message(USER, "gateway")))
    standin.block_user(USER)
    results.append(await outcome(bot.send_message(USER, "blocked")))
    return results


async def run_over(session_for: Callable[[StandIn], Any]) -> tuple[list[Any], list[Request]]:
    standin = RecordingStandIn()
    await standin.start()
    standin.add_user(USER)
    bot = Bot(TOKEN, session=session_for(standin), default=defaults())
    try:
        return await script(bot, standin), standin.requests
    finally:
        await bot.session.close()
        await standin.stop()


async def test_requests_and_answers_are_those_over_http() -> None:
    over_http, http_requests = await run_over(
        lambda s: LoopbackSession(api=TelegramAPIServer.from_base(s.base_url))
    )
    in_process, requests = await run_over(InProcessSession)
    assert requests == http_requests
    assert in_process == over_http
    # And the refusals are aiogram's own exceptions, as the bot's error handling expects.
    assert [r[0] for r in in_process[-5:]] == [
        "TelegramBadRequest",
        "TelegramBadRequest",
        "TelegramRetryAfter",
        "TelegramServerError",
        "TelegramForbiddenError",
    ]
    assert in_process[-3][2] == 7


async def test_a_stalled_request_times_out_as_over_http() -> None:
    standin = StandIn()
    standin.add_user(USER)
    bot = Bot(TOKEN, session=InProcessSession(standin, timeout=0.2))
    standin.stall("sendMessage", chat_id=USER)
    try:
        assert await outcome(bot.send_message(USER, "hallo")) == (
            "TelegramNetworkError",
            "Request timeout error",
            None,
        )
    finally:
        standin.unstall("sendMessage", chat_id=USER)
        await bot.session.close()


@pytest.fixture
async def fed() -> AsyncIterator[tuple[StandIn, list[str]]]:
    """A stand-in that is never started (no HTTP at all) feeding a small dispatcher; the
    stand-in waits 60 s for quiet, so only the exact signal can end a wait in time."""
    standin = StandIn(quiet_seconds=60)
    standin.add_user(USER)
    bot = Bot(TOKEN, session=InProcessSession(standin))
    router = Router()
    seen: list[str] = []

    @router.message(F.text == "slow")
    async def slow(message: Message) -> None:
        await message.answer("one")
        await asyncio.sleep(0.3)  # a slow commit between two answers
        await message.answer("two")

    @router.message(F.text == "silent")
    async def silent(message: Message) -> None:
        seen.append("silent")

    @router.message(F.text == "boom")
    async def boom(message: Message) -> None:
        raise RuntimeError("a bug")

    @router.message(F.text)
    async def echo(message: Message) -> None:
        await message.answer(message.text or "")

    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    standin.allowed_updates = dispatcher.resolve_used_update_types()
    standin.deliver_to(feed(dispatcher, bot))
    try:
        yield standin, seen
    finally:
        standin.deliver_to(None)
        await bot.session.close()


async def test_say_returns_when_the_handler_has_finished(
    fed: tuple[StandIn, list[str]],
) -> None:
    standin, seen = fed
    started = time.monotonic()
    assert [o.text for o in await standin.say(USER, "slow")] == ["one", "two"]
    assert [o.text for o in await standin.say(USER, "hallo")] == ["hallo"]
    assert time.monotonic() - started < 5  # never a quiet period of 60 s
    update = await standin.send_text(USER, "silent")
    assert seen == ["silent"]  # handled before send_text returned
    await standin.wait_handled(update["update_id"], timeout=0.1)
    assert await standin.wait_reply(USER, allow_empty=True) == []
    with pytest.raises(TimeoutError):
        await standin.wait_reply(USER, timeout=0.1)  # handled, and no answer came


async def test_a_failing_handler_is_logged_and_the_bot_goes_on(
    fed: tuple[StandIn, list[str]], caplog: pytest.LogCaptureFixture
) -> None:
    standin, _ = fed
    await standin.send_text(USER, "boom")
    assert any("a bug" in str(r.exc_info[1]) for r in caplog.records if r.exc_info)
    assert [o.text for o in await standin.say(USER, "nog steeds")] == ["nog steeds"]


async def test_updates_nobody_handles_are_dropped_as_by_get_updates(
    fed: tuple[StandIn, list[str]],
) -> None:
    standin, _ = fed
    assert "callback_query" not in standin.allowed_updates
    update = await standin.press_data(
        USER, "x", message_id=(await standin.say(USER, "a"))[0].message_id or 0
    )
    await standin.wait_handled(update["update_id"], timeout=0.1)
    assert [o.method for o in standin.outgoing(USER)] == ["sendMessage"]
