"""The classes aiogram checks Bot API answers against are built once and kept: a garbage
collection does not make aiogram build them again (bot/telegram/response_types.py)."""

from __future__ import annotations

import gc
import weakref

from aiogram.methods import AnswerCallbackQuery, EditMessageText, GetUpdates, SendMessage
from aiogram.methods.base import Response
from pydantic import BaseModel

from bot.telegram.response_types import keep_response_types, return_types


def test_pydantic_lets_an_unreferenced_response_class_go() -> None:
    """What the module works around: without a reference, the class is built anew. When this
    fails, pydantic keeps them itself and bot/telegram/response_types.py can go."""

    class Ghost(BaseModel):  # a return type no aiogram method has
        value: int

    assert repr(Ghost) not in return_types()
    built = weakref.ref(Response[Ghost])
    gc.collect()
    assert built() is None


def test_the_response_classes_of_the_methods_the_bot_calls_survive_a_collection() -> None:
    kept = keep_response_types()
    for method in (SendMessage, EditMessageText, AnswerCallbackQuery, GetUpdates):
        before = Response[method.__returning__]  # type: ignore[name-defined]
        assert before in kept
        del before
        gc.collect()
        assert Response[method.__returning__] in kept  # type: ignore[name-defined]
