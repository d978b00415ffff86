""" "I hired someone": a real hire, added to the latest result. Their group, hours and contract
(as in the scan) and the month they started (this month, last month, or typed: "mrt '24",
"since March 2024"; not in the future), then a review; only its "add" records them.

Context (set by the service): "result_id", the result's "answers", "today".
"""

from __future__ import annotations

from dialogs.engine import Flow
from dialogs.flows.common import (
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
from dialogs.model import Ctx, MonthParam, Option, Problem, Step, StepKind
from pso.counting import YearMonth

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


def _check_month(value: str, ctx: Ctx) -> Problem | None:
    started = YearMonth.parse(value)
    now = _this_month(ctx)
    if started is None:
        return Problem(MONTH_EXAMPLE)
    if started > now:
        return Problem(
            MONTH_IN_FUTURE, {"month": MonthParam(str(started)), "now": MonthParam(str(now))}
        )
    if started.year < EARLIEST_YEAR:
        return Problem(MONTH_TOO_EARLY, {"year": str(EARLIEST_YEAR)})
    return None


_parse_month = month_parser(MONTH_EXAMPLE, _check_month)


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
    unemployed_step(
        N_(
            "Had this person been out of work for at least {months} months when they started "
            "with you?"
        )
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
