"""Logs carry events, never personal data (names, phone numbers, typed texts), and never a
person's Telegram id: anyone may erase their data (/delete, or retention), and a log kept for
weeks must not keep their id after that. A person appears as `who(user_id)`: a pseudonym keyed
with a secret that lives only in this process's memory, so the lines of one run can be followed
("user u3f9a1c0 ..." twice is one person), but no one can turn it back into an id afterwards,
not even by trying every id.

Our own log calls follow that rule; these libraries would break it at DEBUG by logging SQL
parameters (the answers themselves), so they never go below WARNING, whatever LOG_LEVEL says.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets

PARAMETER_LOGGERS = ("aiosqlite", "sqlalchemy.engine", "asyncpg")

_KEY = secrets.token_bytes(32)  # never stored, never logged: gone with the process


def who(user_id: int | None) -> str:
    """How a log line names a person: "u" and 8 hex digits, stable within this process."""
    if user_id is None:
        return "u-"
    digest = hmac.new(_KEY, str(user_id).encode(), hashlib.sha256).hexdigest()
    return "u" + digest[:8]


def protect_personal_data() -> None:
    for name in PARAMETER_LOGGERS:
        logger = logging.getLogger(name)
        if logger.level == logging.NOTSET or logger.level < logging.WARNING:
            logger.setLevel(logging.WARNING)
