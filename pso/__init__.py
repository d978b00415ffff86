"""Pure PSO domain: versioned rules, the indicative assessment, and its presentation."""

from .assess import (
    Assessment,
    EmployeeResult,
    Gap,
    InvalidAnswers,
    NextStep,
    assess,
    assessment_as_dict,
    hours_examples,
    validate_answers,
)
from .rules import Category, NormPoint, Rules, load_rules

__all__ = [
    "Assessment",
    "Category",
    "EmployeeResult",
    "Gap",
    "InvalidAnswers",
    "NextStep",
    "NormPoint",
    "Rules",
    "assess",
    "assessment_as_dict",
    "hours_examples",
    "load_rules",
    "validate_answers",
]
