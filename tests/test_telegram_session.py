"""Our Bot API session: calls without a file go as one JSON body, files as multipart, refusals
raise aiogram's errors, and each parsed response model stays alive across garbage collections
(pydantic rebuilt it after each one: a sixth of all CPU)."""

from __future__ import annotations

import gc
import json
import weakref
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ChatAction, ParseMode
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramRetryAfter,
)
from aiogram.methods import (
    BanChatMember,
    GetMyShortDescription,
    SendChatAction,
    SendMediaGroup,
    SendMessage,
    SendPhoto,
    TelegramMethod,
)
from aiogram.methods.base import Response
from aiogram.types import (
    BotShortDescription,
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    LinkPreviewOptions,
    Message,
    MessageEntity,
    ReplyParameters,
)
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.telegram_calls import (
    SentMessage,
    edit_reply_markup,
    edit_text,
    send_message,
    send_photo,
)
from bot.telegram_session import BotApiSession


async def test_parsed_response_models_survive_garbage_collection() -> None:
    session = BotApiSession()
    bot = Bot("42:TEST", session=session)
    try:
        answer = session.check_response(
            bot, GetMyShortDescription(), 200, '{"ok": true, "result": {"short_description": "x"}}'
        )
        assert answer.result.short_description == "x"
        model = weakref.ref(type(answer))
        del answer  # an answer keeps its own class alive
        gc.collect()
        assert model() is not None
        assert Response[BotShortDescription] is model()
    finally:
        await session.close()


class RecordingApi:
    """A Bot API that notes how each call arrived and answers with a canned body."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, dict]] = []
        self.answer: tuple[int, dict] = (200, {"ok": True, "result": True})

    async def handle(self, request: web.Request) -> web.Response:
        if request.content_type == "application/json":
            fields = await request.json()
        else:
            form = await request.post()
            fields = {
                k: (v.filename if isinstance(v, web.FileField) else v) for k, v in form.items()
            }
        self.calls.append((request.match_info["method"], request.content_type, fields))
        status, body = self.answer
        return web.json_response(body, status=status)


@pytest.fixture
async def api() -> AsyncIterator[tuple[RecordingApi, Bot]]:
    recording = RecordingApi()
    app = web.Application()
    app.router.add_post("/bot{token}/{method}", recording.handle)
    async with TestServer(app) as server:
        session = BotApiSession(api=TelegramAPIServer.from_base(str(server.make_url(""))))
        bot = Bot(
            "42:TEST", session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML)
        )
        try:
            yield recording, bot
        finally:
            await session.close()


SENT = {
    "message_id": 5,
    "date": 1_700_000_000,
    "chat": {"id": 7, "type": "private"},
    "text": "Hoeveel mensen?",
}


async def test_a_call_goes_as_one_json_body_with_defaults_filled_in(
    api: tuple[RecordingApi, Bot],
) -> None:
    recording, bot = api
    recording.answer = (200, {"ok": True, "result": SENT})
    keyboard = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="Ja ✅", callback_data="a:c:y:3")]]
    )
    sent = await bot.send_message(7, "Hoeveel mensen?", reply_markup=keyboard)
    assert sent.message_id == 5 and sent.chat.id == 7
    [(method, content_type, fields)] = recording.calls
    assert (method, content_type) == ("sendMessage", "application/json")
    assert fields == {
        "chat_id": 7,
        "text": "Hoeveel mensen?",
        "parse_mode": "HTML",
        "reply_markup": {"inline_keyboard": [[{"text": "Ja ✅", "callback_data": "a:c:y:3"}]]},
    }


async def test_a_file_still_goes_as_multipart(api: tuple[RecordingApi, Bot]) -> None:
    recording, bot = api
    recording.answer = (200, {"ok": True, "result": {**SENT, "document": DOCUMENT}})
    await bot.send_document(7, BufferedInputFile(b"%PDF-1.4", filename="scan.pdf"), caption="PDF")
    [(method, content_type, fields)] = recording.calls
    assert (method, content_type) == ("sendDocument", "multipart/form-data")
    assert fields["caption"] == "PDF" and fields["chat_id"] == "7"
    assert "scan.pdf" in fields.values()


async def test_refusals_raise_the_matching_errors(api: tuple[RecordingApi, Bot]) -> None:
    recording, bot = api
    recording.answer = (400, {"ok": False, "error_code": 400, "description": "Bad Request: x"})
    with pytest.raises(TelegramBadRequest, match="Bad Request: x"):
        await bot.send_message(7, "hallo")
    recording.answer = (
        429,
        {
            "ok": False,
            "error_code": 429,
            "description": "Too Many",
            "parameters": {"retry_after": 3},
        },
    )
    with pytest.raises(TelegramRetryAfter) as error:
        await bot.send_message(7, "hallo")
    assert error.value.retry_after == 3
    recording.answer = (200, {"ok": True, "result": {"unexpected": "shape"}})
    with pytest.raises(ClientDecodeError):
        await bot.send_message(7, "hallo")


DOCUMENT = {"file_id": "f1", "file_unique_id": "u1", "file_name": "scan.pdf"}


KEYBOARD = InlineKeyboardMarkup(
    inline_keyboard=[
        [InlineKeyboardButton(text=f"Optie {n} ✅", callback_data=f"a:c:{n}:3")] for n in range(4)
    ]
)
CALLS: list[TelegramMethod[Any]] = [
    SendMessage(chat_id=7, text="<b>Vraag</b> & meer", reply_markup=KEYBOARD),
    SendMessage(
        chat_id=7,
        text="Zie mijnpso.nl",
        entities=[MessageEntity(type="bold", offset=0, length=3)],
        link_preview_options=LinkPreviewOptions(is_disabled=True),
        reply_parameters=ReplyParameters(message_id=3),
        disable_notification=False,
    ),
    BanChatMember(chat_id=-100, user_id=7, until_date=datetime(2026, 12, 1, 9, 30, tzinfo=UTC)),
    SendChatAction(chat_id=7, action=ChatAction.UPLOAD_DOCUMENT),
    # A default inside a nested object: filled in, or left out when the bot has none.
    SendMediaGroup(chat_id=7, media=[InputMediaPhoto(media="file-1", caption="<i>Ladder</i>")]),
]


BOT_DEFAULTS = {
    "html": DefaultBotProperties(parse_mode=ParseMode.HTML),
    "none": DefaultBotProperties(),
    # Ours (bot/factory.py): a default object with defaults of its own left unset inside.
    "html+no-previews": DefaultBotProperties(
        parse_mode=ParseMode.HTML, link_preview=LinkPreviewOptions(is_disabled=True)
    ),
}


@pytest.mark.parametrize("defaults", BOT_DEFAULTS.values(), ids=BOT_DEFAULTS.keys())
@pytest.mark.parametrize("call", CALLS, ids=lambda call: type(call).__name__)
async def test_the_json_body_is_the_one_aiogram_would_make(
    call: TelegramMethod[Any], defaults: DefaultBotProperties
) -> None:
    session = BotApiSession()
    bot = Bot("42:TEST", session=session, default=defaults)
    try:
        files: dict[str, Any] = {}
        stock = {
            key: prepared
            for key, value in call.model_dump(warnings=False).items()
            if (prepared := session.prepare_value(value, bot=bot, files=files, _dumps_json=False))
            not in (None, "")
        }
        body = session.json_body(bot, call)
        assert body is not None and not files
        assert json.loads(body) == stock
    finally:
        await session.close()


async def test_a_question_is_written_without_aiogram_s_slow_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The bot's default link preview has unset defaults inside; they must not force the
    stock preparation (it doubled the cost of every message sent)."""
    session = BotApiSession()
    bot = Bot("42:TEST", session=session, default=BOT_DEFAULTS["html+no-previews"])

    def stock_path(*_args: Any) -> bytes:
        raise AssertionError("took the stock path")

    monkeypatch.setattr(session, "_stock_json_body", stock_path)
    try:
        body = json.loads(session.json_body(bot, CALLS[0]) or b"")
        assert body["link_preview_options"] == {"is_disabled": True}
        assert body["parse_mode"] == "HTML"
    finally:
        await session.close()


async def test_a_call_with_a_file_has_no_json_body() -> None:
    session = BotApiSession()
    bot = Bot("42:TEST", session=session)
    try:
        photo = SendPhoto(chat_id=7, photo=BufferedInputFile(b"\xff\xd8", filename="l.jpg"))
        assert session.json_body(bot, photo) is None
        media = SendMediaGroup(
            chat_id=7, media=[InputMediaPhoto(media=BufferedInputFile(b"x", filename="l.jpg"))]
        )
        assert session.json_body(bot, media) is None
    finally:
        await session.close()


# --- calls answered with the message's id only (bot/telegram_calls.py) -----------------------
async def test_the_inventory_s_calls_send_what_aiogram_s_own_would(
    api: tuple[RecordingApi, Bot],
) -> None:
    recording, bot = api
    recording.answer = (200, {"ok": True, "result": SENT})
    question = Message.model_validate({**SENT, "reply_markup": KEYBOARD.model_dump()})
    question = question.as_(bot)

    await bot.send_message(7, "Vraag 3", reply_markup=KEYBOARD)
    assert await send_message(bot, 7, "Vraag 3", reply_markup=KEYBOARD) == 5
    await question.edit_text("Vraag 3\n\n✅ Ja", reply_markup=KEYBOARD)
    assert await edit_text(question, "Vraag 3\n\n✅ Ja", reply_markup=KEYBOARD) == SentMessage(
        message_id=5
    )
    await bot.edit_message_reply_markup(chat_id=7, message_id=5)
    await edit_reply_markup(bot, 7, 5)

    stock, ours = recording.calls[0::2], recording.calls[1::2]
    assert [method for method, _, _ in stock] == [
        "sendMessage",
        "editMessageText",
        "editMessageReplyMarkup",
    ]
    assert ours == stock
    assert stock[0][2]["parse_mode"] == "HTML"


async def test_only_the_id_of_the_answered_message_is_read(api: tuple[RecordingApi, Bot]) -> None:
    """Not a valid `Message` (no chat, no date): aiogram's own call would refuse it."""
    recording, bot = api
    recording.answer = (200, {"ok": True, "result": {"message_id": 9, "text": "x"}})
    with pytest.raises(ClientDecodeError):
        await bot.send_message(7, "Vraag")
    assert await send_message(bot, 7, "Vraag") == 9
    recording.answer = (200, {"ok": True, "result": True})  # an inline message's edit
    assert await edit_reply_markup(bot, 7, 9) is True


def same_upload(fields: dict[str, str]) -> dict[str, str]:
    """The fields with the upload's random part name (`attach://...`) taken out."""
    part = fields["photo"].removeprefix("attach://")
    rest = {key: value for key, value in fields.items() if key not in ("photo", part)}
    return {**rest, "file": fields[part]}


async def test_the_result_s_picture_goes_as_aiogram_s_own_and_only_its_id_is_read(
    api: tuple[RecordingApi, Bot],
) -> None:
    recording, bot = api
    photo = {**SENT, "photo": [{"file_id": "p", "file_unique_id": "u", "width": 1, "height": 1}]}
    recording.answer = (200, {"ok": True, "result": photo})
    ladder = BufferedInputFile(b"\xff\xd8jpeg", filename="pso-ladder.jpg")
    await bot.send_photo(7, ladder, caption="Ladder")
    assert await send_photo(bot, 7, ladder, caption="Ladder") == 5
    stock, ours = recording.calls
    assert ours[:2] == stock[:2] == ("sendPhoto", "multipart/form-data")
    assert same_upload(ours[2]) == same_upload(stock[2])
    assert same_upload(ours[2])["file"] == "pso-ladder.jpg"
    recording.answer = (200, {"ok": True, "result": {"message_id": 6}})  # no chat, no date
    assert await send_photo(bot, 7, ladder, caption="Ladder") == 6


async def test_the_inventory_s_calls_raise_aiogram_s_errors(api: tuple[RecordingApi, Bot]) -> None:
    recording, bot = api
    recording.answer = (
        400,
        {
            "ok": False,
            "error_code": 400,
            "description": "Bad Request: message is not modified: specified new message content "
            "and reply markup are exactly the same",
        },
    )
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await edit_reply_markup(bot, 7, 5)
    recording.answer = (403, {"ok": False, "error_code": 403, "description": "Forbidden: x"})
    with pytest.raises(TelegramForbiddenError):
        await send_message(bot, 7, "Vraag")
