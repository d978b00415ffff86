"""aiogram checks every Bot API answer against `Response[<the method's return type>]`
(`BaseSession.check_response`). pydantic keeps a parametrised class like that only while
something refers to it (its cache of generic classes holds weak references), so after a garbage
collection aiogram has the class built again: 4-5 ms with the event loop stalled, about 20
times per 2,400 updates under `make bench`. The bot refers to one class per return type of
aiogram's methods (41 of them, built once at start in about 60 ms, 2 MB), so none is rebuilt.

tests/test_response_types.py fails when pydantic or aiogram change what this relies on.
"""

from __future__ import annotations

import inspect
from functools import cache
from typing import Any

import aiogram.methods
from aiogram.methods.base import Response, TelegramMethod


def return_types() -> dict[str, Any]:
    """Every Bot API method's return type, by its spelling (`Message`, `list[Update]`…)."""
    found: dict[str, Any] = {}
    for name in aiogram.methods.__all__:
        method = getattr(aiogram.methods, name)
        if inspect.isclass(method) and issubclass(method, TelegramMethod):
            returning = getattr(method, "__returning__", None)
            if returning is not None and not isinstance(returning, property):  # the base class
                found.setdefault(repr(returning), returning)
    return found


@cache
def keep_response_types() -> tuple[type, ...]:
    """Build the response classes once and keep them for the life of the process."""
    return tuple(Response[returning] for returning in return_types().values())  # type: ignore[valid-type]
