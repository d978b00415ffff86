"""The indicative PSO assessment: a pure function of the inventory answers and the rules.

Follows rules.md "The computation" step by step. Numbers are never rounded here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from .rules import TREDES, Rules, load_rules, norms_for_size

LEVELS: tuple[str, ...] = ("none", *TREDES)
QUALITATIVE: tuple[str, ...] = ("suitable_work", "guidance", "integration", "development")

MAX_WEEKLY_HOURS = 60.0
MAX_TOTAL_FTE = 100_000.0
MIN_FULL_TIME_HOURS, MAX_FULL_TIME_HOURS = 20.0, 60.0
MAX_HOURS_PER_PERSON = 32  # for expressing a gap as people
PSO_30_PLUS_PCT = 30.0
_EPS = 1e-9  # float noise tolerance: a contribution equal to a norm must reach it

_CHOICES: Mapping[str, tuple[str, ...]] = {
    "social_purchasing": ("yes", "no", "unknown"),
    "purchasing_spend": ("lt_10k", "10k_50k", "50k_250k", "gt_250k", "unknown"),
    **{f"q_{q}": ("yes", "partly", "no", "unknown") for q in QUALITATIVE},
    "intent_grow": ("yes", "maybe", "no"),
    "has_plan": ("yes", "started", "no"),
}
# Descriptive answers used by the presentation, not by the score.
_TEXT_KEYS = ("org_name", "municipality", "sector", "sector_other")
ANSWER_KEYS = frozenset(
    {"total_fte", "full_time_hours", "employees", "people_count", *_CHOICES, *_TEXT_KEYS}
)
_EMPLOYEE_KEYS = frozenset({"target_group", "weekly_hours", "contract"})


def answers_for_assessment(answers: Mapping[str, Any]) -> dict[str, Any]:
    """The keys the assessment reads, from a larger answer set (the inventory stores more)."""
    return {key: value for key, value in answers.items() if key in ANSWER_KEYS}


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
    weighted_fte: float  # 0 when the contract does not count (seconded_out)
    counts: bool  # False: counts for neither the contribution nor the size


@dataclass(frozen=True)
class Gap:
    trede: str
    fte: float  # extra weighted FTE needed (weight-1 regular staff; total grows by it)
    hours_per_week: float  # fte × full_time_hours


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
    target_group_share_pct: float  # unweighted, for PSO 30+
    norm_size: int
    norms: Mapping[str, float]  # trede_1/2/3 → % for norm_size
    interpolated: bool
    below_minimum_size: bool
    level: str  # one of LEVELS
    pso_30_plus: bool
    gaps: tuple[Gap, ...]  # one per Trede above the level, in order
    purchasing_upside: bool
    route: str  # "aspirant" (below Trede 1), "next_trede", or "top" (Trede 3)
    next_steps: tuple[NextStep, ...]

    @property
    def next_trede(self) -> str | None:
        return self.gaps[0].trede if self.gaps else None

    def gap(self, trede: str) -> Gap | None:
        return next((g for g in self.gaps if g.trede == trede), None)

    def reached(self, trede: str) -> bool:
        return LEVELS.index(self.level) >= LEVELS.index(trede)


# --- validation -----------------------------------------------------------------------------


def _number(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidAnswers(f"{name} must be a number, got {value!r}")
    if not math.isfinite(value):
        raise InvalidAnswers(f"{name} must be a finite number, got {value!r}")
    return float(value)


def _fmt(x: float) -> str:
    return f"{x:g}"


def validate_answers(answers: Mapping[str, Any], rules: Rules | None = None) -> None:
    """Raise InvalidAnswers with a clear one-line message if the answers cannot be assessed."""
    rules = rules or load_rules()
    if not isinstance(answers, Mapping):
        raise InvalidAnswers("answers must be an object")
    unknown = sorted(set(answers) - ANSWER_KEYS)
    if unknown:
        raise InvalidAnswers(f"unknown key {unknown[0]!r}")
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
    for key, choices in _CHOICES.items():
        v = answers.get(key)
        if v is not None and v not in choices:
            raise InvalidAnswers(f"{key} must be one of {', '.join(choices)}, got {v!r}")
    for key in _TEXT_KEYS:
        v = answers.get(key)
        if v is not None and not isinstance(v, str):
            raise InvalidAnswers(f"{key} must be text, got {v!r}")
    pc = answers.get("people_count")
    if pc is not None and (isinstance(pc, bool) or not isinstance(pc, int) or not 0 < pc <= 10**6):
        raise InvalidAnswers(f"people_count must be a whole number above 0, got {pc!r}")

    emps = answers.get("employees") or []
    if not isinstance(emps, Sequence) or isinstance(emps, str):
        raise InvalidAnswers("employees must be a list")
    for i, e in enumerate(emps):
        where = f"employees[{i}]"
        if not isinstance(e, Mapping):
            raise InvalidAnswers(f"{where} must be an object")
        extra = sorted(set(e) - _EMPLOYEE_KEYS)
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


# --- computation ----------------------------------------------------------------------------


def _round_half_up(x: float) -> int:
    return math.floor(x + 0.5)


def gap_fte(norm_pct: float, total: float, weighted: float) -> float:
    """Extra weight-1 FTE x with (W + x) / (T + x) = n/100; the total grows by x. Never < 0."""
    n = norm_pct / 100
    return max(0.0, (n * total - weighted) / (1 - n))


def hours_examples(
    gap_hours: float, full_time_hours: float = 40.0, max_per_person: int = MAX_HOURS_PER_PERSON
) -> tuple[int, ...]:
    """A gap in hours/week as whole hours per person: 5.5 → (6,); 70 → (24, 23, 23).

    Rounded up to whole hours, split evenly over as few people as possible at ≤ max_per_person
    (and never more than a full-time week, since FTE per person is capped at 1.0).
    """
    total = math.ceil(gap_hours - _EPS) if gap_hours > 0 else 0
    if total <= 0:
        return ()
    cap = max(1, min(max_per_person, math.floor(full_time_hours)))
    people = math.ceil(total / cap)
    base, extra = divmod(total, people)
    return tuple(base + 1 if i < extra else base for i in range(people))


def _next_steps(a: Mapping[str, Any], level: str, gaps: Sequence[Gap], fth: float, pso30: bool):
    steps: list[NextStep] = []
    qual_steps: list[NextStep] = []
    for q in QUALITATIVE:
        ans = a.get(f"q_{q}") or "unknown"
        if ans == "no":
            qual_steps.append(NextStep(f"qualitative_{q}", {"answer": ans}))
        elif ans in ("partly", "unknown"):
            qual_steps.append(NextStep(f"check_{q}", {"answer": ans}))
    purchasing = NextStep(
        "social_purchasing",
        {
            "answer": a.get("social_purchasing") or "unknown",
            "spend": a.get("purchasing_spend") or "unknown",
        },
    )
    intent = a.get("intent_grow") or "maybe"
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
                },
            )
        )
    if level == "none":
        # The Aspirant route: a started plan of action aiming at Trede 1 within two years.
        steps.append(
            NextStep(
                "plan_of_action",
                {"target": "trede_1", "years": 2, "status": a.get("has_plan") or "no"},
            )
        )
    grow_steps = []
    if gaps:
        grow_steps = [
            NextStep("find_candidates", {"intent_grow": intent}),
            NextStep("apprentices", {}),
        ]
    # Someone who does not want to hire hears about purchasing first.
    steps += [purchasing, *grow_steps] if intent == "no" else [*grow_steps, purchasing]
    steps += qual_steps
    if pso30:
        steps.append(NextStep("pso_30_plus", {}))
    steps.append(NextStep("mijnpso", {"level": level, "audit_ready": level != "none"}))
    return tuple(steps)


def assess(answers: Mapping[str, Any], rules: Rules | None = None) -> Assessment:
    """The indicative assessment of validated answers (raises InvalidAnswers otherwise)."""
    rules = rules or load_rules()
    validate_answers(answers, rules)
    total = float(answers["total_fte"])
    fth = float(answers.get("full_time_hours") or rules.default_full_time_hours)

    results: list[EmployeeResult] = []
    for i, e in enumerate(answers.get("employees") or []):
        grp = rules.target_groups[e["target_group"]]
        con = rules.contracts[e.get("contract", "regular")]
        hours = float(e["weekly_hours"])
        fte = min(hours / fth, 1.0)
        counts = con.counts_for_contribution and con.counts_for_size
        results.append(
            EmployeeResult(
                index=i,
                target_group=grp.key,
                contract=con.key,
                weekly_hours=hours,
                fte=fte,
                group_weight=grp.weight,
                contract_weight=con.weight,
                weighted_fte=fte * grp.weight * con.weight if counts else 0.0,
                counts=counts,
            )
        )
    # math.fsum: the result must not depend on employee order.
    all_fte = math.fsum(r.fte for r in results)
    if all_fte > total + _EPS:
        raise InvalidAnswers(
            f"target-group employees add up to {_fmt(all_fte)} FTE, more than total_fte "
            f"{_fmt(total)}"
        )
    seconded = math.fsum(r.fte for r in results if not r.counts)
    size = total - seconded
    if size <= _EPS:
        raise InvalidAnswers(
            "total_fte minus employees seconded out leaves nobody to assess; "
            "total_fte must include your own staff"
        )
    weighted = math.fsum(r.weighted_fte for r in results)
    tg_fte = math.fsum(r.fte for r in results if r.counts)
    contribution = 100 * weighted / size
    share = 100 * tg_fte / size

    rounded = _round_half_up(size)
    norm_size = max(rules.min_size, min(rules.max_size, rounded))
    norms, interpolated = norms_for_size(rules, norm_size)

    level = "none"
    for t in TREDES:
        if contribution + _EPS >= norms[t]:
            level = t
    gaps = tuple(
        Gap(t, x, x * fth)
        for t in TREDES[LEVELS.index(level) :]
        for x in [gap_fte(norms[t], size, weighted)]
    )
    pso30 = share + _EPS >= PSO_30_PLUS_PCT
    route = {"none": "aspirant", "trede_3": "top"}.get(level, "next_trede")

    return Assessment(
        rules_version=rules.version,
        full_time_hours=fth,
        total_fte=total,
        seconded_out_fte=seconded,
        size_fte=size,
        employees=tuple(results),
        weighted_fte=weighted,
        target_group_fte=tg_fte,
        contribution_pct=contribution,
        target_group_share_pct=share,
        norm_size=norm_size,
        norms=MappingProxyType(norms),
        interpolated=interpolated,
        below_minimum_size=rounded < rules.min_size,
        level=level,
        pso_30_plus=pso30,
        gaps=gaps,
        purchasing_upside=answers.get("social_purchasing") == "yes",
        route=route,
        next_steps=_next_steps(answers, level, gaps, fth, pso30),
    )


def assessment_as_dict(a: Assessment) -> dict[str, Any]:
    """A JSON-ready dict of the assessment (unrounded numbers)."""
    return {
        "rules_version": a.rules_version,
        "level": a.level,
        "contribution_pct": a.contribution_pct,
        "norm_size": a.norm_size,
        "norms": dict(a.norms),
        "interpolated": a.interpolated,
        "below_minimum_size": a.below_minimum_size,
        "pso_30_plus": a.pso_30_plus,
        "target_group_share_pct": a.target_group_share_pct,
        "gap_fte": {g.trede: g.fte for g in a.gaps},
        "gap_hours_per_week": {g.trede: g.hours_per_week for g in a.gaps},
        "weighted_fte": a.weighted_fte,
        "target_group_fte": a.target_group_fte,
        "total_fte": a.total_fte,
        "seconded_out_fte": a.seconded_out_fte,
        "size_fte": a.size_fte,
        "full_time_hours": a.full_time_hours,
        "employees": [
            {
                "target_group": e.target_group,
                "contract": e.contract,
                "weekly_hours": e.weekly_hours,
                "fte": e.fte,
                "weighted_fte": e.weighted_fte,
                "counts": e.counts,
            }
            for e in a.employees
        ],
        "purchasing_upside": a.purchasing_upside,
        "route": a.route,
        "next_steps": [
            {"code": s.code, "params": {k: _jsonable(v) for k, v in s.params.items()}}
            for s in a.next_steps
        ],
    }


def _jsonable(v: Any) -> Any:
    return list(v) if isinstance(v, tuple) else v
