"""The indicative PSO assessment: a pure function of the answers, the rules and a date.

Follows docs/pso-rules.md "The computation" step by step. Numbers are never rounded here. The
answer keys are documented in ``pso/__init__.py``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from . import clock
from .conditions import (
    CONDITIONS,
    ORGANISATIONAL,
    ORGANISATIONAL_CHOICES,
    QUALITATIVE,
    QUALITATIVE_CHOICES,
    answered_conditions,
    choices,
    conditions_met,
    conflicting_condition,
)
from .counting import Counting, Period, YearMonth, count_employee
from .gap import (
    EPS,
    gap_after_hiring,
    hours_examples,
    norm_row,
    round_half_up,
)
from .rules import TREDES, Rules, load_rules, norms_for_size

__all__ = [
    "ANSWER_KEYS",
    "CONDITIONS",
    "LEVELS",
    "QUALITATIVE",
    "Assessment",
    "EmployeeResult",
    "Gap",
    "InvalidAnswers",
    "NextStep",
    "answers_for_assessment",
    "assess",
    "assessment_as_dict",
    "hours_examples",
    "validate_answers",
]

LEVELS: tuple[str, ...] = ("none", *TREDES)

MAX_WEEKLY_HOURS = 60.0
MAX_TOTAL_FTE = 100_000.0
MIN_FULL_TIME_HOURS, MAX_FULL_TIME_HOURS = 20.0, 60.0
_EPS = EPS

_CHOICES: Mapping[str, tuple[str, ...]] = {
    "social_purchasing": ("yes", "no", "unknown"),
    "purchasing_spend": ("lt_10k", "10k_50k", "50k_250k", "gt_250k", "unknown"),
    **{f"q_{q}": QUALITATIVE_CHOICES for q in QUALITATIVE},
    **{c: ORGANISATIONAL_CHOICES for c in ORGANISATIONAL},
    "intent_grow": ("yes", "maybe", "no"),
    "has_plan": ("yes", "started", "no"),
    # Whether anyone is from the target group: "unknown" means nobody is counted for now, and
    # the result says it could be higher.
    "has_target_group": ("yes", "no", "unknown"),
}
# Descriptive answers used by the presentation, not by the score.
_TEXT_KEYS = ("org_name", "municipality", "sector", "sector_other")
ANSWER_KEYS = frozenset(
    {
        "as_of",
        "assumptions",
        "conditions",
        "total_fte",
        "full_time_hours",
        "employees",
        "people_count",
        *_CHOICES,
        *_TEXT_KEYS,
    }
)
EMPLOYEE_KEYS = frozenset(
    {
        "target_group",
        "weekly_hours",
        "contract",
        "started",
        "unemployed_six_months",
        # third version (docs/pso-rules.md): asked only of the people they concern
        "internship_started",
        "subsidy_ongoing",
        "indication_valid",
        "durable",
    }
)
_UNEMPLOYED_CHOICES = ("yes", "no", "unknown")
_YES_NO_UNKNOWN_KEYS = ("unemployed_six_months", "subsidy_ongoing", "indication_valid", "durable")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def answers_for_assessment(answers: Mapping[str, Any]) -> dict[str, Any]:
    """The keys the assessment reads, from a larger answer set (the inventory stores more)."""
    out = {key: value for key, value in answers.items() if key in ANSWER_KEYS}
    employees = out.get("employees")
    if isinstance(employees, list):
        out["employees"] = [
            {k: v for k, v in e.items() if k in EMPLOYEE_KEYS} if isinstance(e, Mapping) else e
            for e in employees
        ]
    return out


class InvalidAnswers(ValueError):
    """The answers cannot be assessed; the message is one line, fit to show to a user/operator."""


@dataclass(frozen=True)
class EmployeeResult:
    index: int
    target_group: str
    contract: str
    weekly_hours: float
    fte: float  # weekly_hours / full_time_hours, capped at 1.0
    group_weight: float
    contract_weight: float
    weighted_fte: float  # 0 when the person does not count
    counted: bool  # in the contribution
    in_size: bool  # in the organisation's size (False only for SW seconded out)
    reason: str | None  # why not counted (counting.PERIOD_ENDED …)
    notes: tuple[str, ...]  # what is not known about a person who counts
    period: Period | None  # the counting period that applies
    started: YearMonth | None
    ends: YearMonth | None  # first month no longer counted, when the start is known
    in_pso_30_plus: bool  # counts toward the PSO 30+ share

    @property
    def counts(self) -> bool:
        """The first version's name for `counted`."""
        return self.counted


@dataclass(frozen=True)
class Gap:
    trede: str
    fte: float  # extra weighted FTE needed (weight-1 regular staff; total grows by it)
    hours_per_week: float  # fte × full_time_hours
    norm_size_after: int  # the norm row of the size after hiring
    norm_pct_after: float  # that row's norm for this Trede


@dataclass(frozen=True)
class NextStep:
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))


@dataclass(frozen=True)
class Assessment:
    rules_version: str
    full_time_hours: float
    total_fte: float  # as answered
    seconded_out_fte: float  # subtracted from the size
    size_fte: float  # total_fte − seconded_out_fte: the T of the formulas
    employees: tuple[EmployeeResult, ...]
    weighted_fte: float  # W
    target_group_fte: float  # unweighted FTE of counted target-group employees
    contribution_pct: float
    target_group_share_pct: float  # unweighted share of everyone who counts
    norm_size: int
    norms: Mapping[str, float]  # trede_1/2/3 → % for norm_size
    interpolated: bool
    below_minimum_size: bool
    level: str  # one of LEVELS: what the numbers reach (quantitative only)
    pso_30_plus: bool  # read out (level qualifies) and reached
    gaps: tuple[Gap, ...]  # one per Trede above the level, in order
    purchasing_upside: bool
    route: str  # "aspirant" (below Trede 1), "next_trede", or "top" (Trede 3)
    next_steps: tuple[NextStep, ...]
    as_of: dt.date  # the day counting periods are measured to
    pso_30_plus_applies: bool  # the level qualifies, so 30+ is read out at all
    pso_30_plus_share_pct: float  # unweighted, without the groups 30+ excludes
    pso_30_plus_min_pct: float
    conditions: Mapping[str, str]  # the answers as used ("unknown" where absent)
    conditions_met: str  # "yes" / "no" / "unknown"
    official_ready: bool  # a Trede by the numbers and every condition met
    below_two_fte: bool  # own size (without SW staff seconded out) below 2 FTE, whatever answered
    # The contribution and level without the people whose counting is not known (None: all known).
    unconfirmed_contribution_pct: float | None
    unconfirmed_level: str | None
    # "Don't know yet" whether anyone is from the target group: nobody counted, could be higher.
    target_group_unknown: bool = False
    # Answer keys whose value was assumed rather than given (e.g. "full_time_hours": 40 hours).
    assumptions: tuple[str, ...] = ()
    # The gaps the texts speak of: from what the known answers carry. While an answer that
    # decides the level is open, from the low end (without the people whose counting is not
    # known); otherwise the same as `gaps` (which `tredebot score` reports, from the figure).
    carried_gaps: tuple[Gap, ...] = ()

    @property
    def next_trede(self) -> str | None:
        """The next Trede the known answers do not carry yet."""
        return self.carried_gaps[0].trede if self.carried_gaps else None

    def gap(self, trede: str) -> Gap | None:
        """The gap to ``trede`` from what the known answers carry."""
        return next((g for g in self.carried_gaps if g.trede == trede), None)

    def reached(self, trede: str) -> bool:
        return LEVELS.index(self.level) >= LEVELS.index(trede)

    @property
    def not_counted(self) -> tuple[EmployeeResult, ...]:
        return tuple(e for e in self.employees if not e.counted)

    @property
    def unconfirmed(self) -> tuple[EmployeeResult, ...]:
        return tuple(e for e in self.employees if e.counted and e.notes)


# --- validation -----------------------------------------------------------------------------


def _number(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidAnswers(f"{name} must be a number, got {value!r}")
    if not math.isfinite(value):
        raise InvalidAnswers(f"{name} must be a finite number, got {value!r}")
    return float(value)


def _fmt(x: float) -> str:
    return f"{x:g}"


def _choice(value: Any, options: Sequence[str], name: str) -> None:
    if value is not None and value not in options:
        raise InvalidAnswers(f"{name} must be one of {', '.join(options)}, got {value!r}")


def parse_as_of(value: Any) -> dt.date:
    """``as_of`` of the score contract: a day written ``YYYY-MM-DD``."""
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise InvalidAnswers(f"as_of must be a date written YYYY-MM-DD, got {value!r}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidAnswers(f"as_of is not a valid date, got {value!r}") from None


def _as_of(answers: Mapping[str, Any], as_of: dt.date | None) -> dt.date:
    """The day of the assessment: the argument, else the answers' ``as_of``, else today."""
    if as_of is not None:
        return as_of
    if answers.get("as_of") is not None:
        return parse_as_of(answers["as_of"])
    return clock.today()


def _validate_totals(answers: Mapping[str, Any]) -> None:
    if "total_fte" not in answers:
        raise InvalidAnswers("total_fte is required")
    total = _number(answers["total_fte"], "total_fte")
    if not 0 < total <= MAX_TOTAL_FTE:
        raise InvalidAnswers(
            f"total_fte must be above 0 and at most {MAX_TOTAL_FTE:,.0f}, got {_fmt(total)}"
        )
    fth = answers.get("full_time_hours")
    if fth is not None:
        fth = _number(fth, "full_time_hours")
        if not MIN_FULL_TIME_HOURS <= fth <= MAX_FULL_TIME_HOURS:
            raise InvalidAnswers(
                f"full_time_hours must be between {_fmt(MIN_FULL_TIME_HOURS)} and "
                f"{_fmt(MAX_FULL_TIME_HOURS)} hours, got {_fmt(fth)}"
            )
    pc = answers.get("people_count")
    if pc is not None and (isinstance(pc, bool) or not isinstance(pc, int) or not 0 < pc <= 10**6):
        raise InvalidAnswers(f"people_count must be a whole number above 0, got {pc!r}")


def _validate_choices(answers: Mapping[str, Any]) -> None:
    for key, options in _CHOICES.items():
        _choice(answers.get(key), options, key)
    for key in _TEXT_KEYS:
        v = answers.get(key)
        if v is not None and not isinstance(v, str):
            raise InvalidAnswers(f"{key} must be text, got {v!r}")


def _validate_conditions(answers: Mapping[str, Any]) -> None:
    given = answers.get("conditions")
    if given is None:
        return
    if not isinstance(given, Mapping):
        raise InvalidAnswers("conditions must be an object")
    unknown = sorted(set(given) - set(CONDITIONS))
    if unknown:
        raise InvalidAnswers(f"conditions: unknown key {unknown[0]!r}")
    for c in CONDITIONS:
        _choice(given.get(c), choices(c), f"conditions.{c}")
    clash = conflicting_condition(answers)
    if clash is not None:
        raise InvalidAnswers(
            f"conditions.{clash} and {'q_' if clash in QUALITATIVE else ''}{clash} disagree"
        )


def _validate_employee(e: Any, where: str, rules: Rules, as_of: dt.date) -> None:
    if not isinstance(e, Mapping):
        raise InvalidAnswers(f"{where} must be an object")
    extra = sorted(set(e) - EMPLOYEE_KEYS)
    if extra:
        raise InvalidAnswers(f"{where}: unknown key {extra[0]!r}")
    for req in ("target_group", "weekly_hours"):
        if req not in e:
            raise InvalidAnswers(f"{where}.{req} is required")
    tg, ct = e["target_group"], e.get("contract", "regular")
    if tg not in rules.target_groups:
        raise InvalidAnswers(f"{where}.target_group: unknown target group {tg!r}")
    if ct not in rules.contracts:
        raise InvalidAnswers(f"{where}.contract: unknown contract {ct!r}")
    only = rules.contracts[ct].only_with_target_groups
    if only and tg not in only:
        raise InvalidAnswers(
            f"{where}.contract {ct!r} is only valid with target group "
            f"{' or '.join(only)}, got {tg!r}"
        )
    h = _number(e["weekly_hours"], f"{where}.weekly_hours")
    if not 0 < h <= MAX_WEEKLY_HOURS:
        raise InvalidAnswers(
            f"{where}.weekly_hours must be between 0 and {_fmt(MAX_WEEKLY_HOURS)} hours, "
            f"got {_fmt(h)}"
        )
    _started(e.get("started"), where, as_of)
    _started(e.get("internship_started"), where, as_of, key="internship_started")
    for key in _YES_NO_UNKNOWN_KEYS:
        _choice(e.get(key), _UNEMPLOYED_CHOICES, f"{where}.{key}")


def validate_employee(
    e: Any, where: str, *, rules: Rules | None = None, as_of: dt.date | None = None
) -> None:
    """Raise InvalidAnswers when one employee object (as in ``employees``) cannot be read;
    `where` names it in the message ("hire")."""
    _validate_employee(e, where, rules or load_rules(), as_of or clock.today())


def assessment_day(answers: Mapping[str, Any], as_of: dt.date | None = None) -> dt.date:
    """The day an assessment of these answers is made: `as_of`, else theirs, else today."""
    return _as_of(answers, as_of)


def _started(value: Any, where: str, as_of: dt.date, *, key: str = "started") -> YearMonth | None:
    if value is None:
        return None
    start = YearMonth.parse(value) if isinstance(value, str) else None
    if start is None:
        raise InvalidAnswers(f"{where}.{key} must be a month written YYYY-MM, got {value!r}")
    if start > YearMonth.of(as_of):
        raise InvalidAnswers(f"{where}.{key} {value} is after as_of {as_of.isoformat()}")
    return start


def validate_answers(
    answers: Mapping[str, Any], rules: Rules | None = None, *, as_of: dt.date | None = None
) -> None:
    """Raise InvalidAnswers with a clear one-line message if the answers cannot be assessed."""
    rules = rules or load_rules()
    if not isinstance(answers, Mapping):
        raise InvalidAnswers("answers must be an object")
    unknown = sorted(set(answers) - ANSWER_KEYS)
    if unknown:
        raise InvalidAnswers(f"unknown key {unknown[0]!r}")
    # Keys the presentation has no words for are passed over, not refused: a newer inventory
    # may assume more than this version knows how to say.
    assumed = answers.get("assumptions", [])
    if not isinstance(assumed, list) or not all(isinstance(a, str) for a in assumed):
        raise InvalidAnswers(f"assumptions must be a list of answer keys, got {assumed!r}")
    day = _as_of(answers, as_of)
    _validate_totals(answers)
    _validate_choices(answers)
    _validate_conditions(answers)
    emps = answers.get("employees") or []
    if not isinstance(emps, Sequence) or isinstance(emps, str):
        raise InvalidAnswers("employees must be a list")
    for i, e in enumerate(emps):
        _validate_employee(e, f"employees[{i}]", rules, day)


# --- computation ----------------------------------------------------------------------------


def _employee(
    i: int, e: Mapping[str, Any], rules: Rules, fth: float, as_of: dt.date
) -> EmployeeResult:
    grp = rules.target_groups[e["target_group"]]
    con = rules.contracts[e.get("contract", "regular")]
    started = _started(e.get("started"), f"employees[{i}]", as_of)
    running = rules.while_running.get(grp.key)
    c: Counting = count_employee(
        rules,
        target_group=grp.key,
        contract=con.key,
        started=started,
        unemployed_six_months=e.get("unemployed_six_months"),
        as_of=as_of,
        internship_started=_started(
            e.get("internship_started"), f"employees[{i}]", as_of, key="internship_started"
        ),
        running=e.get(running.answer) if running else None,
    )
    fte = min(float(e["weekly_hours"]) / fth, 1.0)
    p30 = rules.pso_30_plus
    return EmployeeResult(
        index=i,
        target_group=grp.key,
        contract=con.key,
        weekly_hours=float(e["weekly_hours"]),
        fte=fte,
        group_weight=grp.weight,
        contract_weight=con.weight,
        weighted_fte=fte * grp.weight * con.weight if c.counted else 0.0,
        counted=c.counted,
        in_size=c.in_size,
        reason=c.reason,
        notes=c.notes,
        period=c.period,
        started=started,
        ends=c.ends,
        in_pso_30_plus=c.counted
        and grp.key not in p30.excluded_target_groups
        and con.key not in p30.excluded_contracts
        and (con.key not in p30.durable_contracts or e.get("durable") == "yes"),
    )


def _level(contribution: float, norms: Mapping[str, float]) -> str:
    """The highest Trede whose norm ≤ contribution; "none" below Trede 1."""
    level = "none"
    for t in TREDES:
        if contribution + _EPS >= norms[t]:
            level = t
    return level


def _gaps(rules: Rules, level: str, weighted: float, size: float, fth: float) -> tuple[Gap, ...]:
    out = []
    for t in TREDES[LEVELS.index(level) :]:
        g = gap_after_hiring(rules, t, weighted, size)
        out.append(Gap(t, g.fte, g.fte * fth, g.row, g.norm_pct))
    return tuple(out)


def _below_minimum_for_conditions(rules: Rules, own_size: float) -> bool:
    """The organisation's own size (SW staff seconded out are not in it) is below the 2 FTE
    the conditions ask, whatever was answered."""
    minimum = rules.conditions_min_total_fte
    return minimum is not None and own_size + _EPS < minimum


def _effective_conditions(
    answers: Mapping[str, Any], rules: Rules, own_size: float
) -> dict[str, str]:
    """The conditions as answered, except "2 FTE for a year" below that size: "no"."""
    conditions = answered_conditions(answers)
    if _below_minimum_for_conditions(rules, own_size):
        conditions["two_fte_one_year"] = "no"
    return conditions


def assess(
    answers: Mapping[str, Any], rules: Rules | None = None, *, as_of: dt.date | None = None
) -> Assessment:
    """The indicative assessment of validated answers (raises InvalidAnswers otherwise).

    ``as_of``: the day counting periods are measured to; else the answers' ``as_of``, else today
    in the Netherlands (`clock.today`).
    """
    rules = rules or load_rules()
    if not isinstance(answers, Mapping):
        raise InvalidAnswers("answers must be an object")
    day = _as_of(answers, as_of)
    validate_answers(answers, rules, as_of=day)
    total = float(answers["total_fte"])
    fth = float(answers.get("full_time_hours") or rules.default_full_time_hours)
    results = tuple(
        _employee(i, e, rules, fth, day) for i, e in enumerate(answers.get("employees") or [])
    )
    # math.fsum: the result must not depend on employee order.
    all_fte = math.fsum(r.fte for r in results)
    if all_fte > total + _EPS:
        raise InvalidAnswers(
            f"target-group employees add up to {_fmt(all_fte)} FTE, more than total_fte "
            f"{_fmt(total)}"
        )
    seconded = math.fsum(r.fte for r in results if not r.in_size)
    size = total - seconded
    if size <= _EPS:
        raise InvalidAnswers(
            "total_fte minus employees seconded out leaves nobody to assess; "
            "total_fte must include your own staff"
        )
    weighted = math.fsum(r.weighted_fte for r in results)
    contribution = 100 * weighted / size
    norm_size = norm_row(rules, size)
    norms, interpolated = norms_for_size(rules, norm_size)
    level = _level(contribution, norms)
    gaps = _gaps(rules, level, weighted, size, fth)

    p30 = rules.pso_30_plus
    share_30 = 100 * math.fsum(r.fte for r in results if r.in_pso_30_plus) / size
    p30_applies = level == p30.level
    pso30 = p30_applies and share_30 + _EPS >= p30.min_share_pct

    conditions = _effective_conditions(answers, rules, size)
    met = conditions_met(conditions)
    unconfirmed = [r for r in results if r.counted and r.notes]
    low_weighted = weighted - math.fsum(r.weighted_fte for r in unconfirmed)
    low = 100 * low_weighted / size
    # What the known answers carry: the low end's level and gaps while an open answer decides
    # the level (docs/pso-rules.md: a result never says more than the answers carry).
    carried = _level(low, norms) if unconfirmed else level
    carried_gaps = _gaps(rules, carried, low_weighted, size, fth) if carried != level else gaps
    route = {"none": "aspirant", "trede_3": "top"}.get(level, "next_trede")
    return Assessment(
        rules_version=rules.version,
        full_time_hours=fth,
        total_fte=total,
        seconded_out_fte=seconded,
        size_fte=size,
        employees=results,
        weighted_fte=weighted,
        target_group_fte=math.fsum(r.fte for r in results if r.counted),
        contribution_pct=contribution,
        target_group_share_pct=100 * math.fsum(r.fte for r in results if r.counted) / size,
        norm_size=norm_size,
        norms=MappingProxyType(norms),
        interpolated=interpolated,
        below_minimum_size=round_half_up(size) < rules.min_size,
        level=level,
        pso_30_plus=pso30,
        gaps=gaps,
        purchasing_upside=answers.get("social_purchasing") == "yes",
        route=route,
        next_steps=_next_steps(
            answers, carried, carried_gaps, fth, pso30, conditions, results, contribution, low
        ),
        as_of=day,
        pso_30_plus_applies=p30_applies,
        pso_30_plus_share_pct=share_30,
        pso_30_plus_min_pct=p30.min_share_pct,
        conditions=MappingProxyType(conditions),
        conditions_met=met,
        official_ready=level != "none" and met == "yes",
        below_two_fte=_below_minimum_for_conditions(rules, size),
        unconfirmed_contribution_pct=low if unconfirmed else None,
        unconfirmed_level=_level(low, norms) if unconfirmed else None,
        target_group_unknown=_target_group_unknown(answers),
        assumptions=tuple(dict.fromkeys(answers.get("assumptions") or ())),
        carried_gaps=carried_gaps,
    )


def _target_group_unknown(answers: Mapping[str, Any]) -> bool:
    return answers.get("has_target_group") == "unknown" and not answers.get("employees")


# --- next steps -----------------------------------------------------------------------------


def _condition_steps(conditions: Mapping[str, str]) -> list[NextStep]:
    """Each failing condition a step of its own (the ones that block any audit first), then one
    step to find out every condition that is not known (partly counts as not known)."""
    order = (*ORGANISATIONAL, *QUALITATIVE)
    steps = [NextStep(f"meet_{c}", {"answer": "no"}) for c in order if conditions[c] == "no"]
    open_ = tuple((c, conditions[c]) for c in order if conditions[c] in ("partly", "unknown"))
    if open_:
        steps.append(NextStep("check_conditions", {"conditions": open_}))
    return steps


def _counting_step(
    results: Sequence[EmployeeResult], contribution: float, low: float
) -> list[NextStep]:
    unconfirmed = [r for r in results if r.counted and r.notes]
    if not unconfirmed:
        return []
    return [
        NextStep(
            "check_counting",
            {
                "employees": tuple(r.index for r in unconfirmed),
                "notes": tuple(sorted({n for r in unconfirmed for n in r.notes})),
                "low_pct": low,
                "pct": contribution,
            },
        )
    ]


def _next_steps(
    a: Mapping[str, Any],
    level: str,
    gaps: Sequence[Gap],
    fth: float,
    pso30: bool,
    conditions: Mapping[str, str],
    results: Sequence[EmployeeResult],
    contribution: float,
    low: float,
) -> tuple[NextStep, ...]:
    """Most useful first: what the audit would refuse, what is not known, then the numbers."""
    steps = _condition_steps(conditions)
    if _target_group_unknown(a):
        # What could change the numbers most comes before the open conditions.
        at = sum(1 for s in steps if s.code.startswith("meet_"))
        steps.insert(at, NextStep("check_target_group", {}))
    steps += _counting_step(results, contribution, low)
    if gaps:
        g = gaps[0]
        steps.append(
            NextStep(
                "close_gap",
                {
                    "trede": g.trede,
                    "fte": g.fte,
                    "hours": g.hours_per_week,
                    "people_hours": hours_examples(g.hours_per_week, fth),
                    "norm_size_after": g.norm_size_after,
                },
            )
        )
    intent = a.get("intent_grow") or "maybe"
    # The Aspirant route: an adopted, started plan aiming at Trede 1 within two years; offered,
    # not pushed, to an owner who does not want a Trede within two years (after the rest).
    plan = NextStep(
        "plan_of_action",
        {
            "target": "trede_1",
            "years": 2,
            "status": a.get("has_plan") or "no",
            "intent_grow": intent,
        },
    )
    if level == "none" and intent != "no":
        steps.append(plan)
    if gaps:
        purchasing = NextStep(
            "social_purchasing",
            {
                "answer": a.get("social_purchasing") or "unknown",
                "spend": a.get("purchasing_spend") or "unknown",
            },
        )
        grow = [NextStep("find_candidates", {"intent_grow": intent}), NextStep("apprentices", {})]
        # Someone who does not want to hire hears about purchasing first.
        steps += [purchasing, *grow] if intent == "no" else [*grow, purchasing]
    if level == "none" and intent == "no":
        steps.append(plan)
    if pso30:
        steps.append(NextStep("pso_30_plus", {}))
    met = conditions_met(conditions)
    steps.append(
        NextStep(
            "mijnpso",
            {"level": level, "audit_ready": level != "none" and met != "no", "conditions_met": met},
        )
    )
    return tuple(steps)


# --- JSON -----------------------------------------------------------------------------------


def _employee_dict(e: EmployeeResult) -> dict[str, Any]:
    return {
        "counted": e.counted,
        "reason": e.reason,
        "notes": list(e.notes),
        "target_group": e.target_group,
        "contract": e.contract,
        "weekly_hours": e.weekly_hours,
        "fte": e.fte,
        "weighted_fte": e.weighted_fte,
        "counts": e.counted,
        "counts_until": str(e.ends) if e.counted and e.ends else None,
    }


def assessment_as_dict(a: Assessment) -> dict[str, Any]:
    """A JSON-ready dict of the assessment (unrounded numbers): the `tredebot score` output."""
    return {
        "rules_version": a.rules_version,
        "as_of": a.as_of.isoformat(),
        "level": a.level,
        "contribution_pct": a.contribution_pct,
        "norm_size": a.norm_size,
        "norms": dict(a.norms),
        "interpolated": a.interpolated,
        "below_minimum_size": a.below_minimum_size,
        "pso_30_plus": a.pso_30_plus,
        "pso_30_plus_share_pct": a.pso_30_plus_share_pct,
        "target_group_share_pct": a.target_group_share_pct,
        "gap_fte": {g.trede: g.fte for g in a.gaps},
        "gap_hours_per_week": {g.trede: g.hours_per_week for g in a.gaps},
        "gap_norm_size": {g.trede: g.norm_size_after for g in a.gaps},
        "weighted_fte": a.weighted_fte,
        "target_group_fte": a.target_group_fte,
        "total_fte": a.total_fte,
        "seconded_out_fte": a.seconded_out_fte,
        "size_fte": a.size_fte,
        "full_time_hours": a.full_time_hours,
        "employees": [_employee_dict(e) for e in a.employees],
        "conditions": dict(a.conditions),
        "conditions_met": a.conditions_met,
        "official_ready": a.official_ready,
        "unconfirmed_contribution_pct": a.unconfirmed_contribution_pct,
        "purchasing_upside": a.purchasing_upside,
        "route": a.route,
        "next_steps": [
            {"code": s.code, "params": {k: _jsonable(v) for k, v in s.params.items()}}
            for s in a.next_steps
        ],
    }


def _jsonable(v: Any) -> Any:
    if isinstance(v, tuple):
        return [_jsonable(x) for x in v]
    return v
