"""Pure PSO domain: versioned rules, the indicative assessment, and its texts, picture and PDF.

No I/O besides loading the packaged rules data (and reading ``TZ_NAME`` for today's date when no
``as_of`` is given); never imports ``bot`` or ``dialogs``.

The modules: ``rules`` (the versioned data), ``counting``, ``conditions``, ``gap`` and
``assess`` (the assessment); ``translation`` (how texts are translated: the caller's gettext is
passed in), ``formatting`` (numbers, percentages, dates, hours), ``labels`` (names of Treden,
conditions, answers, sectors), ``result_texts`` (the result's sentences) and ``next_steps`` (which
steps apply and what they say), all plain text without HTML; ``plan`` (the plan of action as
data: baseline, dated milestones, what to do per condition, evidence); ``ladder_image`` (the
picture) and ``pdf`` (the document, laid out once with fpdf2).

Answer keys ``assess`` reads (``answers_for_assessment`` keeps exactly these from a larger set):

- ``total_fte`` (required), ``full_time_hours``, ``people_count``; descriptive ``org_name``,
  ``municipality``, ``sector``, ``sector_other``.
- ``employees``: a list of ``{"target_group", "weekly_hours", "contract"}`` (keys of
  ``pso/data/<version>/weights.csv``) plus, since rules 2026.2:

  - ``started``: ``"YYYY-MM"``, the month the person started with the organisation (for
    ``vso_pro``: the month they left school), or ``null``/absent when not known (the person
    counts, with a note and a step to find out). Only the categories with a counting period need
    it (``participatiewet``, ``vso_pro``, and any employee on ``internship_reintegration``).
    "Longer ago than N years" is stored as the month N years before the answer: months only
    grow, so that person stays past the period. A month after ``as_of`` is invalid.
  - ``unemployed_six_months``: ``"yes"`` / ``"no"`` / ``"unknown"`` (or absent), read for
    ``ww`` only: whether the person was unemployed at least six months before starting. ``"no"``
    means they do not count; unknown counts them with a note.
- The conditions of a Trede, in either shape (the same answer in both is fine, different ones are
  invalid; absent = ``"unknown"``):

  - the chat inventory's top-level keys ``q_suitable_work``, ``q_guidance``, ``q_integration``,
    ``q_development`` (``yes``/``partly``/``no``/``unknown``), ``two_fte_one_year`` and
    ``own_kvk`` (``yes``/``no``/``unknown``);
  - the score contract's ``conditions: {"suitable_work", "guidance", "integration",
    "development", "two_fte_one_year", "own_kvk"}`` with the same values.
- ``has_target_group`` (``yes``/``no``/``unknown``): ``unknown`` with no employees means nobody
  is counted for now; the result says it could be higher and how to find out.
- ``social_purchasing``, ``purchasing_spend``, ``intent_grow``, ``has_plan``
  (``yes``/``started``/``no``; ``yes`` and ``started`` both mean a plan that has started).
- ``assumptions``: optional list of answer keys whose value the owner did not know and the
  inventory assumed (``["full_time_hours"]``: the 40-hour week); not read by the score, kept
  so that the result can say "assumed: a 40-hour week".
- ``as_of``: ``"YYYY-MM-DD"``, the day of the assessment; ``assess(..., as_of=date)`` overrides
  it; default today in ``TZ_NAME`` (Europe/Amsterdam).
"""

from .assess import (
    LEVELS,
    Assessment,
    EmployeeResult,
    Gap,
    InvalidAnswers,
    NextStep,
    answers_for_assessment,
    assess,
    assessment_as_dict,
    hours_examples,
    validate_answers,
)
from .conditions import CONDITIONS, conditions_met
from .rules import Category, NormPoint, Pso30Rule, Rules, load_rules

__all__ = [
    "CONDITIONS",
    "LEVELS",
    "Assessment",
    "Category",
    "EmployeeResult",
    "Gap",
    "InvalidAnswers",
    "NextStep",
    "NormPoint",
    "Pso30Rule",
    "Rules",
    "answers_for_assessment",
    "assess",
    "assessment_as_dict",
    "conditions_met",
    "hours_examples",
    "load_rules",
    "validate_answers",
]
