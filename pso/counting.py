"""Who counts, and for how long (docs/pso-rules.md "Who counts, and for how long").

A person from the target group counts toward the contribution unless a rule of the rules version
says otherwise: an SW employee seconded out (counts for neither the contribution nor the size), a
WW employee who was not unemployed long enough before starting, a Wsw indication no longer
valid, or a counting period that has passed (each period from its own start: an internship's
from the internship's first month). A wage-cost subsidy that has stopped leaves the bijstand
period. "Don't know" is not a fact: the person counts, with a note that says what to check.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .rules import Rules

# Reasons a person does not count (the `reason` keys of `tredebot score`).
SECONDED_OUT = "seconded_out"
NOT_UNEMPLOYED_LONG_ENOUGH = "not_unemployed_six_months"
PERIOD_ENDED = "period_ended"
INDICATION_ENDED = "indication_ended"  # rules.toml while_running.sw_indicated.ended_reason
# Notes on a person who counts although an answer is not known.
STARTED_UNKNOWN = "started_unknown"
UNEMPLOYED_UNKNOWN = "unemployed_six_months_unknown"
SUBSIDY_UNKNOWN = "subsidy_ongoing_unknown"  # "<answer>_unknown" of while_running
INDICATION_UNKNOWN = "indication_valid_unknown"

_YEAR_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")


@dataclass(frozen=True, order=True)
class YearMonth:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> YearMonth | None:
        """ "2021-03" → YearMonth(2021, 3); None for anything else."""
        m = _YEAR_MONTH.fullmatch(text)
        return cls(int(m.group(1)), int(m.group(2))) if m else None

    @classmethod
    def of(cls, day: dt.date) -> YearMonth:
        return cls(day.year, day.month)

    def plus(self, months: int) -> YearMonth:
        index = self.year * 12 + self.month - 1 + months
        return YearMonth(index // 12, index % 12 + 1)

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def months_between(start: YearMonth, as_of: dt.date) -> int:
    """docs/pso-rules.md: months = (y_asof − y_start)·12 + (m_asof − m_start)."""
    return (as_of.year - start.year) * 12 + (as_of.month - start.month)


@dataclass(frozen=True)
class Period:
    """The counting period that applies to a person: the category whose limit is the shortest."""

    kind: str  # "target_group" or "contract"
    key: str
    months: int


@dataclass(frozen=True)
class Counting:
    counted: bool  # in the contribution (and in 30+, unless excluded there)
    in_size: bool  # in the organisation's size (False only for seconded out)
    reason: str | None  # why not counted; None when counted
    notes: tuple[str, ...]  # what is not known about a person who is counted
    period: Period | None  # the limit that applies, if any
    ends: YearMonth | None  # first month the person no longer counts (known start + period)


def applicable_periods(rules: Rules, target_group: str, contract: str) -> tuple[Period, ...]:
    """Every counting period that applies: the group's (from `started`) and the contract's
    (from its own start where the rules say so)."""
    group = rules.period_months_by_group.get(target_group)
    own = rules.period_months_by_contract.get(contract)
    return tuple(
        [Period("target_group", target_group, group)] if group is not None else []
    ) + tuple([Period("contract", contract, own)] if own is not None else [])


def count_employee(
    rules: Rules,
    *,
    target_group: str,
    contract: str,
    started: YearMonth | None,
    unemployed_six_months: str | None,
    as_of: dt.date,
    internship_started: YearMonth | None = None,
    running: str | None = None,
) -> Counting:
    """Whether one person counts on ``as_of``, and why not or what is not known.

    ``internship_started``: the start of a contract whose period runs from its own start
    (absent: ``started``). ``running``: the answer to the group's while-running question
    (is the wage-cost subsidy still paid, is the Wsw indication still valid).
    """
    con = rules.contracts[contract]
    if not (con.counts_for_contribution and con.counts_for_size):
        return Counting(False, con.counts_for_size, SECONDED_OUT, (), None, None)
    notes: list[str] = []
    if target_group in rules.unemployed_before_start_groups:
        if unemployed_six_months == "no":
            return Counting(False, True, NOT_UNEMPLOYED_LONG_ENOUGH, (), None, None)
        if unemployed_six_months != "yes":
            notes.append(UNEMPLOYED_UNKNOWN)
    group = target_group
    rule = rules.while_running.get(target_group)
    if rule is not None:
        if running == "no":
            if rule.otherwise is None:
                return Counting(False, True, rule.ended_reason, (), None, None)
            group = rule.otherwise
        elif running != "yes":
            notes.append(f"{rule.answer}_unknown")
    own_start = internship_started if contract in rules.own_start_contracts else None
    starts = {
        p: own_start if p.kind == "contract" and own_start else started
        for p in applicable_periods(rules, group, contract)
    }
    if not starts:
        return Counting(True, True, None, tuple(notes), None, None)
    known = {p: s for p, s in starts.items() if s is not None}
    ends = {p: s.plus(p.months) for p, s in known.items()}
    passed = [p for p, s in known.items() if months_between(s, as_of) >= p.months]
    if passed:
        first = min(passed, key=lambda p: ends[p])
        return Counting(False, True, PERIOD_ENDED, (), first, ends[first])
    if any(s is None for s in starts.values()):
        notes.append(STARTED_UNKNOWN)
    if ends:
        first = min(ends, key=lambda p: ends[p])
        return Counting(True, True, None, tuple(notes), first, ends[first])
    shortest = min(starts, key=lambda p: p.months)
    return Counting(True, True, None, tuple(notes), shortest, None)
