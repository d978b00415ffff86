"""Database failures an operator has to fix (read-only, disk full, unreachable), told apart from
bugs, and described in one line: the driver's own words, never the statement or its parameters
(which may hold what a user typed)."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout


def is_unavailable(error: BaseException) -> bool:
    """The database cannot be used right now: an operational matter, not a bug."""
    return isinstance(error, OperationalError | InterfaceError | PoolTimeout | OSError)


def cause(error: BaseException) -> str:
    original = error.orig if isinstance(error, DBAPIError) else error
    lines = str(original).strip().splitlines()
    return f"{type(original).__name__}: {lines[0] if lines else ''}"
