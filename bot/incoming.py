"""The type incoming updates are read as: aiogram's `Update`, without the tapped message's keyboard.

A button tap arrives with the whole message it sits under, keyboard included, and the
inventory's taps are most of all updates. No handler reads that keyboard (the tap's own
`data` says which button it was), yet validating it into buttons was a third of the cost of
reading a tap (58 -> 39 µs under a question with six buttons). Here the keyboard of a tapped
message is skipped while the JSON is parsed; everything else is aiogram's types, so handlers,
filters and shortcuts see the objects they expect (`IncomingUpdate` is an `Update`,
`TappedMessage` a `Message`). Polling (`BotApiSession`) and the webhook
(`GuardedRequestHandler`) both read updates as `IncomingUpdate`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from aiogram.methods import GetUpdates
from aiogram.types import CallbackQuery, InaccessibleMessage, InlineKeyboardMarkup, Message, Update
from pydantic import ConfigDict, Field


class TappedMessage(Message):
    """The message under a tapped button, read without its keyboard."""

    # Unknown keys are dropped, not kept as extras; the keyboard is such a key, because its
    # field reads from a name Telegram never sends. The parser then skips it without building it.
    model_config = ConfigDict(extra="ignore", validate_by_name=False)

    reply_markup: InlineKeyboardMarkup | None = Field(
        None, validation_alias="tredebot_unread_keyboard"
    )


class IncomingCallbackQuery(CallbackQuery):
    message: TappedMessage | InaccessibleMessage | None = None


class IncomingUpdate(Update):
    callback_query: IncomingCallbackQuery | None = None


class GetIncomingUpdates(GetUpdates):
    """aiogram's getUpdates, answered as `IncomingUpdate`s."""

    __returning__: ClassVar[Any] = list[IncomingUpdate]


def answer_type(method: Any) -> Any:
    """What to read the Bot API's answer to `method` as."""
    if type(method) is GetUpdates:
        return GetIncomingUpdates.__returning__
    return method.__returning__
