""" "I hired someone": a real hire, added to the latest result. Their group, hours and contract
(as in the scan) and the month they started (this month, last month, or typed: "mrt '24",
"since March 2024"; not in the future), for a school leaver also the month they left school,
then a review; only its "add" records them.

Context (set by the service): "result_id", the result's "answers", "today".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from dialogs.engine import Flow
from dialogs.flows.common import (
    DONT_KNOW,
    NOT_KNOWN_YET,
    contract_step,
    durable_step,
    indication_valid_step,
    month_parser,
    subsidy_ongoing_step,
    target_group_step,
    today,
    unemployed_step,
    weekly_hours_step,
)
from dialogs.i18n import N_
from dialogs.model import UNKNOWN, Ctx, MonthParam, Option, Problem, Step, StepKind
from pso.counting import YearMonth
from pso.rules import load_rules

# What of the flow's answers describes the person (the rest are how they were asked).
PERSON_KEYS = (
    "target_group",
    "weekly_hours",
    "contract",
    "started",
    "subsidy_ongoing",
    "indication_valid",
    "durable",
    "unemployed_six_months",
)

ID = "hired"
EARLIEST_YEAR = 1950

MONTH_EXAMPLE = N_("Please type the month the person started, for example 3-2026 or March 2026.")
MONTH_IN_FUTURE = N_(
    "{month} is still to come. Record the person once they have started: please type a month "
    "up to {now}."
)
MONTH_TOO_EARLY = N_("Please type a month after {year}.")


def _this_month(ctx: Ctx) -> YearMonth:
    return YearMonth.of(today(ctx))


def _month_options(ctx: Ctx) -> tuple[Option, ...]:
    now = _this_month(ctx)
    return (
        Option("this", N_("This month ({month})"), {"month": MonthParam(str(now))}, shown=""),
        Option(
            "last",
            N_("Last month ({month})"),
            {"month": MonthParam(str(now.plus(-1)))},
            shown="",
        ),
    )


def _resolve_month(value: str, ctx: Ctx) -> str:
    now = _this_month(ctx)
    return str(now if value == "this" else now.plus(-1))


def _past_month_check(example: str, in_future: str) -> Callable[[str, Ctx], Problem | None]:
    """A month up to this one and after EARLIEST_YEAR, else a re-ask with `example` or
    `in_future`."""

    def check(value: str, ctx: Ctx) -> Problem | None:
        month = YearMonth.parse(value)
        now = _this_month(ctx)
        if month is None:
            return Problem(example)
        if month > now:
            return Problem(
                in_future, {"month": MonthParam(str(month)), "now": MonthParam(str(now))}
            )
        if month.year < EARLIEST_YEAR:
            return Problem(MONTH_TOO_EARLY, {"year": str(EARLIEST_YEAR)})
        return None

    return check


_check_month = _past_month_check(MONTH_EXAMPLE, MONTH_IN_FUTURE)
_parse_month = month_parser(MONTH_EXAMPLE, _check_month)


# A school leaver (VSO/PrO) counts from the month they left school, not from their start here
# (docs/pso-rules.md "Who counts"); on an internship, the start here is the internship's own.
SCHOOL_LEAVERS = "vso_pro"
LEFT_SCHOOL_EXAMPLE = N_("Please type the month the person left school, for example 6-2025.")
LEFT_SCHOOL_IN_FUTURE = N_(
    "{month} is still to come. Please type the month the person left school, up to {now}."
)


def _is_school_leaver(ctx: Ctx) -> bool:
    return ctx.answers.get("target_group") == SCHOOL_LEAVERS


def school_months() -> int:
    """How long a school leaver counts, in months (the rules' period for the group)."""
    return load_rules().period_months_by_group[SCHOOL_LEAVERS]


def _school_years(ctx: Ctx) -> dict[str, Any]:
    return {"years": school_months() // 12}


def _left_school_options(ctx: Ctx) -> tuple[Option, ...]:
    years = school_months() // 12
    return (
        Option("long_ago", N_("{years} years ago or longer"), {"years": years}),
        Option("month", N_("Month and year"), shown=""),
        Option(UNKNOWN, DONT_KNOW, shown=NOT_KNOWN_YET),
    )


def _left_school_month_applies(ctx: Ctx) -> bool:
    return _is_school_leaver(ctx) and ctx.answers.get("left_school_when") == "month"


_check_left_school = _past_month_check(LEFT_SCHOOL_EXAMPLE, LEFT_SCHOOL_IN_FUTURE)
_parse_left_school = month_parser(LEFT_SCHOOL_EXAMPLE, _check_left_school)


def person_for_assessment(asked: Mapping[str, Any], *, today: dt.date) -> dict[str, Any]:
    """The hire in the shape `pso.assess` reads: for a school leaver, `started` is the month
    they left school (absent when not known; "5 years ago or longer" is the month 5 years
    before today) and the start here is the internship's own start when the contract has one."""
    person = {k: asked[k] for k in PERSON_KEYS if k in asked}
    if person.get("target_group") != SCHOOL_LEAVERS:
        return person
    hired_in = person.pop("started", None)
    if hired_in and person.get("contract") in load_rules().own_start_contracts:
        person["internship_started"] = hired_in
    when = asked.get("left_school_when")
    if when == "long_ago":
        person["started"] = str(YearMonth.of(today).plus(-school_months()))
    elif when == "month" and asked.get("left_school"):
        person["started"] = str(asked["left_school"])
    return person


STEPS = (
    target_group_step(
        N_("Which group does the person you hired come from?"),
        hint=N_("Or type the name you know, for example Wajong or bijstand."),
    ),
    weekly_hours_step(N_("How many hours a week does this person work for you?")),
    contract_step(N_("What kind of contract does this person have?")),
    subsidy_ongoing_step(N_("Is the wage-cost subsidy (loonkostensubsidie) still paid?")),
    indication_valid_step(N_("Is this person's Wsw indication still valid?")),
    durable_step(N_("Is this secondment or flexible work for a year or more?")),
    Step(
        "started",
        StepKind.MONTH,
        N_("In which month did this person start? Tap a button, or type the month."),
        N_("Started"),
        hint=N_("For example 3-2026 or March 2026."),
        options=_month_options,
        resolve=_resolve_month,
        parse=_parse_month,
        check=_check_month,
        empty_problem=MONTH_EXAMPLE,
        shown=N_("since {month}"),
    ),
    Step(
        "left_school_when",
        StepKind.CHOICE,
        N_(
            "When did this person leave school (VSO or PrO)? A school leaver counts for "
            "{years} years from then. Tap a button, or type the month."
        ),
        N_("Left school"),
        text_params=_school_years,
        options=_left_school_options,
        applies=_is_school_leaver,
        typed_option="month",
    ),
    Step(
        "left_school",
        StepKind.MONTH,
        N_("In which month and year did this person leave school?"),
        N_("Left school in"),
        hint=N_("For example 6-2025 or June 2025."),
        applies=_left_school_month_applies,
        parse=_parse_left_school,
        check=_check_left_school,
        empty_problem=LEFT_SCHOOL_EXAMPLE,
    ),
    unemployed_step(
        N_("Did this person have WW for {months} months or more before starting with you?")
    ),
)

HIRED = Flow(
    STEPS,
    id=ID,
    review_text=N_(
        "Add this person to your answers? They are counted on top of your staff. Your current "
        "result stays as it is; a new result is made and compared with it. Tap ✏️ to change "
        "an answer."
    ),
)
