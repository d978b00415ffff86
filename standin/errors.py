"""Error responses of the stand-in, in the exact shapes Telegram answers with.

The canned responses come from ``errors.json`` (generated from the community-collected
real responses by ``scripts/gen_standin_methods.py``).
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

_ERRORS_FILE = Path(__file__).with_name("errors.json")

# Status-only failures a test can inject with ``fail_next(method, "500")``.
_STATUS_DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    429: "Too Many Requests: retry after X",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


@cache
def canned_errors() -> dict[str, dict[str, Any]]:
    errors: dict[str, dict[str, Any]] = json.loads(_ERRORS_FILE.read_text())
    return errors


class ApiError(Exception):
    """A refused request; ``payload`` is the JSON body Telegram would answer with."""

    def __init__(self, payload: dict[str, Any]) -> None:
        super().__init__(payload["description"])
        self.payload = payload

    @property
    def status(self) -> int:
        return int(self.payload["error_code"])

    @property
    def description(self) -> str:
        return str(self.payload["description"])


def from_file(stem: str) -> ApiError:
    """The error of ``errors/<stem>.json``, e.g. ``from_file("bad-request-chat-not-found")``."""
    return ApiError(copy.deepcopy(canned_errors()[stem]))


def bad_request(detail: str) -> ApiError:
    return ApiError({"ok": False, "error_code": 400, "description": f"Bad Request: {detail}"})


def too_many_requests(retry_after: int) -> ApiError:
    payload = copy.deepcopy(canned_errors()["too-many-requests"])
    payload["description"] = payload["description"].replace("X", str(retry_after))
    payload["parameters"] = {"retry_after": retry_after}
    return ApiError(payload)


def not_found() -> ApiError:
    return ApiError({"ok": False, "error_code": 404, "description": "Not Found"})


def unauthorized() -> ApiError:
    return from_file("unauthorized")


def injected(error: str, retry_after: int | None = None) -> ApiError:
    """Resolve ``fail_next``'s ``error``: an errors/ file stem or an HTTP status like "500"."""
    if error.isdigit():
        status = int(error)
        if status == 429:
            return too_many_requests(retry_after or 1)
        description = _STATUS_DESCRIPTIONS.get(status, "Error")
        return ApiError({"ok": False, "error_code": status, "description": description})
    if error == "too-many-requests":
        return too_many_requests(retry_after or 1)
    if error not in canned_errors():
        known = ", ".join(sorted(canned_errors()))
        raise ValueError(f"unknown error {error!r}; use an HTTP status or one of: {known}")
    err = from_file(error)
    if retry_after is not None:
        err.payload["parameters"] = {"retry_after": retry_after}
    return err
