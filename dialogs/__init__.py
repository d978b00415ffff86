"""The conversation as data plus a small pure engine (no aiogram, no database)."""

from dialogs.engine import (
    Accepted,
    Flow,
    FlowState,
    Outcome,
    Prompt,
    Rejected,
    ReviewLine,
)
from dialogs.model import Option, Problem, StepKind

__all__ = [
    "Accepted",
    "Flow",
    "FlowState",
    "Option",
    "Outcome",
    "Problem",
    "Prompt",
    "Rejected",
    "ReviewLine",
    "StepKind",
]
