"""aiogram's Telegram objects get one flat `model_post_init` instead of pydantic's nested ones.

Every aiogram type and method (631 classes) has one private attribute, `_bot`, set by
`BotContextController.model_post_init`. Pydantic wraps an inherited `model_post_init` again at
every level of a class hierarchy that has private attributes, so a `Message` ran four nested
wrappers and four `init_private_attributes` calls, and each button of a keyboard did the same.
Parsing an answer to sendMessage with six buttons took 71 µs, 39 µs with one flat function
(`tests/test_telegram_types.py` keeps the figures honest: the behaviour is the same).

Only classes whose private attributes are just `_bot` and whose post-init is aiogram's own are
changed; anything else keeps pydantic's wrappers.
"""

from __future__ import annotations

from typing import Any

from aiogram.client.context_controller import BotContextController

_set = object.__setattr__


def _flat_post_init(self: BotContextController, context: Any, /) -> None:
    # What the wrappers did: `_bot` has no default, so the private dict starts empty, and
    # aiogram's own post-init then stores the bot from the validation context. A subclass
    # defined later with private state of its own wraps this again, and has filled it in first.
    bot = context.get("bot") if context else None
    private = getattr(self, "__pydantic_private__", None)
    if private is None:
        _set(self, "__pydantic_private__", {"_bot": bot})
    else:
        private["_bot"] = bot


def _innermost(function: Any) -> Any:
    while hasattr(function, "__wrapped__"):
        function = function.__wrapped__
    return function


_AIOGRAM_POST_INIT = _innermost(BotContextController.model_post_init)


def flattens(cls: type[BotContextController]) -> bool:
    """Whether `cls` is one of the classes whose wrappers do nothing but aiogram's post-init."""
    return set(cls.__private_attributes__) == {"_bot"} and (
        _innermost(cls.model_post_init) in (_AIOGRAM_POST_INIT, _flat_post_init)
    )


def flatten_post_init() -> int:
    """Give every loaded aiogram type and method the flat post-init; returns how many."""
    changed = 0
    pending: list[type[BotContextController]] = [BotContextController]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__dict__.get("model_post_init") is not _flat_post_init and flattens(cls):
            cls.model_post_init = _flat_post_init  # type: ignore[method-assign]
            changed += 1
    return changed
