"""aiogram's objects behave the same with the flat post-init: they know their bot or have none."""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.methods import SendMessage
from aiogram.methods.base import Response
from aiogram.types import InlineKeyboardButton, Message, TelegramObject, Update
from pydantic import PrivateAttr

from bot.telegram_session import response_type
from bot.telegram_types import flatten_post_init, flattens

MESSAGE: dict[str, Any] = {
    "message_id": 5,
    "date": 1764300000,
    "chat": {"id": 7, "type": "private", "first_name": "Ilse"},
    "text": "Which sector?",
    "reply_markup": {"inline_keyboard": [[{"text": "Bakery", "callback_data": "i:c:bakery:1"}]]},
}


def test_every_aiogram_type_and_method_gets_the_flat_post_init() -> None:
    flatten_post_init()
    assert flatten_post_init() == 0  # all done the first time
    for cls in (Message, Update, InlineKeyboardButton, SendMessage):
        assert flattens(cls)
        assert cls.model_post_init.__name__ == "_flat_post_init"


def test_parsed_objects_and_everything_inside_them_know_the_bot() -> None:
    flatten_post_init()
    bot = Bot("42:TEST")
    model: type[Response[Any]] = response_type(Message)
    response = model.model_validate({"ok": True, "result": MESSAGE}, context={"bot": bot})
    message = response.result
    assert message.bot is bot and message.chat.bot is bot
    assert message.reply_markup.inline_keyboard[0][0].bot is bot
    assert message.reply_markup.inline_keyboard[0][0].callback_data == "i:c:bakery:1"
    assert message.answer("hi").chat_id == 7  # shortcuts still work


def test_objects_made_without_a_bot_have_none_and_can_be_given_one() -> None:
    flatten_post_init()
    button = InlineKeyboardButton(text="Yes", callback_data="y")
    assert button.bot is None
    bot = Bot("42:TEST")
    assert button.as_(bot).bot is bot
    assert button.model_copy().bot is bot  # the private state is copied too


def test_a_type_with_other_private_state_keeps_pydantic_s_wrappers() -> None:
    class WithMore(TelegramObject):
        _seen: int = PrivateAttr(default=3)

    flatten_post_init()
    assert not flattens(WithMore)
    assert WithMore()._seen == 3
