"""Logs carry ids and events, never personal data (names, phone numbers, typed texts).

Our own log calls follow that rule; these libraries would break it at DEBUG by logging SQL
parameters (the answers themselves), so they never go below WARNING, whatever LOG_LEVEL says.
"""

from __future__ import annotations

import logging

PARAMETER_LOGGERS = ("aiosqlite", "sqlalchemy.engine", "asyncpg")


def protect_personal_data() -> None:
    for name in PARAMETER_LOGGERS:
        logger = logging.getLogger(name)
        if logger.level == logging.NOTSET or logger.level < logging.WARNING:
            logger.setLevel(logging.WARNING)
