"""The conditions of a Trede (docs/pso-rules.md): what the audit checks besides the numbers.

Two answer shapes lead here: the chat inventory's top-level keys (``q_suitable_work`` …,
``two_fte_one_year``, ``own_kvk``) and the score contract's ``conditions`` object
(``suitable_work`` …, ``two_fte_one_year``, ``own_kvk``). Absent answers are "unknown".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

QUALITATIVE: tuple[str, ...] = ("suitable_work", "guidance", "integration", "development")
ORGANISATIONAL: tuple[str, ...] = ("two_fte_one_year", "own_kvk")
CONDITIONS: tuple[str, ...] = (*QUALITATIVE, *ORGANISATIONAL)

QUALITATIVE_CHOICES: tuple[str, ...] = ("yes", "partly", "no", "unknown")
ORGANISATIONAL_CHOICES: tuple[str, ...] = ("yes", "no", "unknown")


def choices(condition: str) -> tuple[str, ...]:
    return QUALITATIVE_CHOICES if condition in QUALITATIVE else ORGANISATIONAL_CHOICES


def inventory_key(condition: str) -> str:
    """Where the chat inventory stores a condition: the qualitative ones carry a ``q_`` prefix."""
    return f"q_{condition}" if condition in QUALITATIVE else condition


def answered_conditions(answers: Mapping[str, Any]) -> dict[str, str]:
    """Each condition as answered in either shape (validated beforehand); absent → "unknown"."""
    given = answers.get("conditions") or {}
    out: dict[str, str] = {}
    for c in CONDITIONS:
        value = given.get(c)
        if value is None:
            value = answers.get(inventory_key(c))
        out[c] = value if value is not None else "unknown"
    return out


def conflicting_condition(answers: Mapping[str, Any]) -> str | None:
    """A condition answered differently in the two shapes, if any (that input is ambiguous)."""
    given = answers.get("conditions") or {}
    for c in CONDITIONS:
        a, b = given.get(c), answers.get(inventory_key(c))
        if a is not None and b is not None and a != b:
            return c
    return None


def conditions_met(conditions: Mapping[str, str]) -> str:
    """docs/pso-rules.md: "no" if any is no; else "unknown" if any is unknown, partly or
    absent; else yes."""
    values = [conditions.get(c, "unknown") for c in CONDITIONS]
    if "no" in values:
        return "no"
    if any(v != "yes" for v in values):
        return "unknown"
    return "yes"
