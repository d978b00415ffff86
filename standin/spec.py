"""Check a request's parameters against the official Bot API spec (``methods.json``).

Parameters arrive either as strings (form fields, aiogram's way: non-strings are JSON-dumped)
or as native JSON values (``application/json`` bodies). ``validate`` returns them converted to
native Python values, or raises a 400 ``ApiError`` worded like Telegram.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from standin.errors import ApiError, bad_request

_METHODS_FILE = Path(__file__).with_name("methods.json")

Spec = dict[str, dict[str, Any]]


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart request."""

    filename: str
    data: bytes
    content_type: str = "application/octet-stream"


@cache
def methods() -> dict[str, Spec]:
    found: dict[str, Spec] = json.loads(_METHODS_FILE.read_text())
    return found


@cache
def _by_lower_name() -> dict[str, str]:
    # Telegram matches method names case-insensitively
    return {name.lower(): name for name in methods()}


def canonical_method(name: str) -> str | None:
    return _by_lower_name().get(name.lower())


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return None
    return None


def _as_float(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def _as_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "1", "false", "0"):
        return value.strip().lower() in ("true", "1")
    if isinstance(value, int):
        return bool(value)
    return None


def _as_json(value: Any, want: type) -> Any:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    return value if isinstance(value, want) else None


def _convert(name: str, types: list[str], value: Any, uploads: dict[str, Upload]) -> Any:
    """Return the converted value or raise ApiError."""
    if isinstance(value, Upload):
        if "InputFile" in types:
            return value
        raise bad_request(f'parameter "{name}" can\'t be a file')
    for t in types:
        if t == "Integer" and (integer := _as_int(value)) is not None:
            return integer
        if t == "Float" and (number := _as_float(value)) is not None:
            return number
        if t == "Boolean" and (flag := _as_bool(value)) is not None:
            return flag
        if t == "String" and isinstance(value, str | int | float) and not isinstance(value, bool):
            return str(value)
        if t == "InputFile" and isinstance(value, str) and value.startswith("attach://"):
            part = uploads.get(value.removeprefix("attach://"))
            if part is None:
                raise bad_request(f'file "{value}" for parameter "{name}" not found in request')
            return part
        if t.startswith("Array of ") and (v := _as_json(value, list)) is not None:
            return v
        # an object type such as InlineKeyboardMarkup, given as a JSON object
        is_object = t not in _SCALARS and not t.startswith("Array of ")
        if is_object and (v := _as_json(value, dict)) is not None:
            return v
    wanted = " or ".join(types)
    if any(t.startswith("Array of ") or t not in _SCALARS for t in types):
        raise bad_request(f'can\'t parse "{name}" JSON object: expected {wanted}')
    raise bad_request(f'parameter "{name}" must be of type {wanted}')


_SCALARS = ("Integer", "Float", "Boolean", "String", "InputFile")


def validate(method: str, params: dict[str, Any], uploads: dict[str, Upload]) -> dict[str, Any]:
    """Check ``params`` (file parts referenced by ``attach://`` come from ``uploads``)."""
    spec = methods()[method]
    out: dict[str, Any] = {}
    for name, value in params.items():
        field = spec.get(name)
        if field is None:
            raise bad_request(f'unknown parameter "{name}"')
        out[name] = _convert(name, field["types"], value, uploads)
    for name, field in spec.items():
        if field["required"] and name not in out:
            raise _missing(method, name)
    return out


def _missing(method: str, name: str) -> ApiError:
    # Telegram's own wording for the most common ones
    if name == "text":
        return bad_request("message text is empty")
    if name == "chat_id":
        return bad_request("chat_id is empty")
    return bad_request(f'parameter "{name}" is required')
