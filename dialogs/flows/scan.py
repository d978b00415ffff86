"""The PSO pre-scan inventory, as data. Reorder or add steps here (plus translations); the
engine and the handlers don't change.

Stored values: option keys (short ASCII), numbers as float (people_count as int), texts as
cleaned str, skipped as None; `employees` is a list of {"target_group", "weekly_hours",
"contract"} plus, where the rules need it, "started_when" ("long_ago" / "month" / "unknown"),
"started" ("YYYY-MM", with "month") and "unemployed_six_months" (yes / no / unknown).
Derived: `total_fte` when the size is given in hours. `for_assessment` turns the answers into
the shape `pso` reads (a start "N years ago or longer" becomes the month N years before today).

Unknown stays unknown: "I don't know yet" is stored as "unknown" (`model.UNKNOWN`), at the
full-time week and the municipality too, and shown as "not known yet". Where a computation
needs a value, `for_assessment` supplies it and names it in `ASSUMPTIONS_KEY`:
`"assumptions": ["full_time_hours"]` means the full-time week was not known and
`full_time_hours` (40, `DEFAULT_FULL_TIME_HOURS`) is an assumption the result should say
("assumed: a 40-hour week"). `pso.assess` accepts the key (a list of answer keys) and ignores
it in the score. An unknown municipality is handed on as None (not known, like skipped).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

from dialogs.engine import Flow
from dialogs.flows.common import (
    DEFAULT_FULL_TIME_HOURS,
    DONT_KNOW,
    DONT_KNOW_OPTION,
    MAX_FTE_PER_PERSON,
    MAX_HOURS_PER_PERSON,
    NO,
    NO_OPTION,
    NOT_KNOWN_YET,
    UNIT_HOURS,
    YES,
    YES_NO_UNKNOWN,
    YES_OPTION,
    contract_step,
    durable_step,
    indication_valid_step,
    is_,
    month_parser,
    municipality_parser,
    person_number,
    subsidy_ongoing_step,
    target_group_step,
    today,
    unemployed_step,
    weekly_hours_step,
)
from dialogs.i18n import N_
from dialogs.model import (
    UNKNOWN,
    Ctx,
    Doubt,
    Group,
    NumberSpec,
    Option,
    Problem,
    Reading,
    Section,
    Step,
    StepKind,
)
from pso.counting import YearMonth, applicable_periods
from pso.rules import Rules, load_rules

FTE_TOLERANCE = 0.05  # rounding slack when comparing target-group FTE with the total

ASSUMPTIONS_KEY = "assumptions"

_YES, _NO, _DONT_KNOW = YES_OPTION, NO_OPTION, DONT_KNOW_OPTION
QUALITY = (_YES, Option("partly", N_("Partly"), shown=N_("partly")), _NO, _DONT_KNOW)

UNIT_FTE = N_("FTE")


# ----------------------------------------------------------------------------- helpers
def _number(answers: Mapping[str, Any], key: str) -> float | None:
    value = answers.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        return None
    return float(value)


def _full_time(answers: Mapping[str, Any]) -> float:
    return _number(answers, "full_time_hours") or DEFAULT_FULL_TIME_HOURS


def _total_fte(answers: Mapping[str, Any]) -> float | None:
    if answers.get("size_unit") == "hours":
        hours = _number(answers, "total_hours")
        return None if hours is None else round(hours / _full_time(answers), 4)
    return _number(answers, "total_fte")


def _person_fte(person: Mapping[str, Any], full_time: float) -> float:
    hours = person.get("weekly_hours")
    if person.get("contract") == "seconded_out" or not isinstance(hours, int | float):
        return 0.0  # seconded out: counts for neither the contribution nor the size
    return min(1.0, max(0.0, float(hours)) / full_time)


def _target_group_fte(
    answers: Mapping[str, Any], replace: tuple[int, float] | None = None
) -> float:
    full_time = _full_time(answers)
    total = 0.0
    for index, person in enumerate(answers.get("employees") or []):
        if not isinstance(person, Mapping):
            continue
        if replace and replace[0] == index:
            person = {**person, "weekly_hours": replace[1]}
        total += _person_fte(person, full_time)
    if replace and replace[0] >= len(answers.get("employees") or []):
        total += min(1.0, replace[1] / full_time)
    return total


_is = is_


def _rules() -> Rules:
    """The rules the inventory asks for: the current version (who counts, and how long)."""
    return load_rules()


# ----------------------------------------------------------------------------- who counts
def _period_months(item: Mapping[str, Any] | None) -> int | None:
    """The counting period measured from a person's `started` (their group's, or their
    contract's when it has no start of its own here), in months; None: no limit."""
    item = item or {}
    group, contract = item.get("target_group"), item.get("contract")
    if not isinstance(group, str):
        return None
    rules = _rules()
    running = rules.while_running.get(group)
    if running and running.otherwise and item.get(running.answer) == NO:
        group = running.otherwise  # a stopped wage-cost subsidy: the bijstand's 5 years
    periods = applicable_periods(rules, group, contract if isinstance(contract, str) else "")
    if _asks_internship_start(item):
        periods = tuple(p for p in periods if p.kind != "contract")
    return min(p.months for p in periods) if periods else None


def _asks_internship_start(item: Mapping[str, Any] | None) -> bool:
    """A school leaver on an internship has two dates: leaving school (`started`) and the
    internship's own start, from which its 3 years run."""
    item = item or {}
    return (
        item.get("target_group") == "vso_pro"
        and item.get("contract") in _rules().own_start_contracts
    )


def _internship_period_months(item: Mapping[str, Any] | None) -> int:
    contract = (item or {}).get("contract")
    return _rules().period_months_by_contract.get(contract if isinstance(contract, str) else "", 0)


def _internship_start_applies(ctx: Ctx) -> bool:
    return _asks_internship_start(ctx.item)


def _internship_month_applies(ctx: Ctx) -> bool:
    return (ctx.item or {}).get("internship_started_when") == "month" and _asks_internship_start(
        ctx.item
    )


def _internship_started_options(ctx: Ctx) -> tuple[Option, ...]:
    years = _internship_period_months(ctx.item) // 12
    return (
        Option(
            "long_ago",
            N_("{years} years ago or longer"),
            {"years": years},
            summary=N_("internship started {years}+ years ago"),
        ),
        Option("month", N_("Month and year"), shown=""),
        Option(
            UNKNOWN,
            DONT_KNOW,
            shown=NOT_KNOWN_YET,
            summary=N_("internship start: not known yet"),
        ),
    )


def _has_period(ctx: Ctx) -> bool:
    return _period_months(ctx.item) is not None


def _start_month_applies(ctx: Ctx) -> bool:
    return (ctx.item or {}).get("started_when") == "month" and _has_period(ctx)


def _is_school_leaver(ctx: Ctx) -> bool:
    return (ctx.item or {}).get("target_group") == "vso_pro"


def _started_options(ctx: Ctx) -> tuple[Option, ...]:
    months = _period_months(ctx.item) or 0
    school = _is_school_leaver(ctx)
    if months % 12 == 0:
        params: dict[str, Any] = {"years": months // 12}
        label, shown = (
            N_("{years} years ago or longer"),
            (N_("left school {years}+ years ago") if school else N_("started {years}+ years ago")),
        )
    else:
        params = {"months": months}
        label, shown = (
            N_("{months} months ago or longer"),
            (
                N_("left school {months}+ months ago")
                if school
                else N_("started {months}+ months ago")
            ),
        )
    # Under the label ("Started: 5 years ago or longer") the button's words; in a person's
    # line, where no label stands, what they are about ("started 5+ years ago").
    return (
        Option("long_ago", label, params, summary=shown),
        Option("month", N_("Month and year"), shown=""),
        Option(
            UNKNOWN,
            DONT_KNOW,
            shown=NOT_KNOWN_YET,
            summary=N_("left school: not known yet") if school else N_("start: not known yet"),
        ),
    )


MONTH_EXAMPLE = N_("Please type the month and year, for example 3-2024 or March 2024.")
MONTH_IN_FUTURE = N_(
    "That month hasn't come yet. Please type a month up to this one, for example 3-2024 or "
    "March 2024."
)


def _check_started(value: str, ctx: Ctx) -> Problem | None:
    start = YearMonth.parse(value)
    if start is None:
        return Problem(MONTH_EXAMPLE)
    if start > YearMonth.of(today(ctx)):
        return Problem(MONTH_IN_FUTURE)
    return None


_parse_started = month_parser(MONTH_EXAMPLE, _check_started)


def _below_two_fte(answers: Mapping[str, Any]) -> bool:
    minimum = _rules().conditions_min_total_fte
    total = _total_fte(answers)
    return minimum is not None and total is not None and total < minimum


def _asks_two_fte(ctx: Ctx) -> bool:
    # Below the minimum today the condition cannot be met (pso answers "no" itself): not asked.
    return not _below_two_fte(ctx.answers)


# ----------------------------------------------------------------------------- checks
def _check_total_fte(value: float, ctx: Ctx) -> Problem | None:
    people = ctx.answers.get("people_count")
    if isinstance(people, int) and value > people * MAX_FTE_PER_PERSON:
        return Problem(
            N_(
                "{people} people can work at most about {max_fte} FTE together. "
                "Please check the number."
            ),
            {"people": people, "max_fte": people * MAX_FTE_PER_PERSON},
        )
    return None


def _check_total_hours(value: float, ctx: Ctx) -> Problem | None:
    people = ctx.answers.get("people_count")
    if isinstance(people, int) and value > people * MAX_HOURS_PER_PERSON:
        return Problem(
            N_(
                "{people} people can work at most about {max_hours} hours a week together. "
                "Please check the number."
            ),
            {"people": people, "max_hours": people * MAX_HOURS_PER_PERSON},
        )
    return None


# ----------------------------------------------------------------------------- sense checks
YES_FTE = N_("Yes, {fte} FTE")
MEANT_HOURS_TOTAL = N_("No, {hours} hours a week in total")
YES_HOURS_TOTAL = N_("Yes, {hours} hours a week in total")
MEANT_FTE = N_("No, I meant {fte} FTE")


def _people(ctx: Ctx) -> int | None:
    people = ctx.answers.get("people_count")
    return people if isinstance(people, int) and not isinstance(people, bool) else None


def _sense_total_fte(value: float, ctx: Ctx) -> Doubt | None:
    """More FTE than people, or FTE that look like hours; under a tenth of the people."""
    people = _people(ctx)
    if people is None:
        return None
    hours = Reading(
        MEANT_HOURS_TOTAL, value, {"hours": value}, "total_hours", {"size_unit": "hours"}
    )
    if value > people:
        readings: tuple[Reading, ...] = (hours,)
        if value <= people * MAX_FTE_PER_PERSON:
            readings = (Reading(YES_FTE, value, {"fte": value}), hours)
        return Doubt(
            N_("{fte} FTE for {people} people is more than a full-time job each. Is that right?"),
            readings,
            {"fte": value, "people": people},
        )
    if value < people / 10:
        return Doubt(
            N_(
                "{fte} FTE for {people} people is less than a tenth of a full-time job each. "
                "Is that right?"
            ),
            (Reading(YES_FTE, value, {"fte": value}), hours),
            {"fte": value, "people": people},
        )
    return None


def _sense_total_hours(value: float, ctx: Ctx) -> Doubt | None:
    """Total hours that look like FTE (8.5 for 9 people), or above a full-time week each."""
    people = _people(ctx)
    if people is None:
        return None
    if value <= people * MAX_FTE_PER_PERSON:
        return Doubt(
            N_(
                "{hours} hours a week for {people} people together is less than {each} hours "
                "each. Is that right, or did you mean FTE?"
            ),
            (
                Reading(YES_HOURS_TOTAL, value, {"hours": value}),
                Reading(MEANT_FTE, value, {"fte": value}, "total_fte", {"size_unit": "fte"}),
            ),
            {"hours": value, "people": people, "each": math.ceil(value / people * 10) / 10},
        )
    full = _full_time(ctx.answers)
    if value > people * full:
        return Doubt(
            N_(
                "{hours} hours a week for {people} people is more than a full-time week of "
                "{full} hours each. Is that right?"
            ),
            (Reading(YES_HOURS_TOTAL, value, {"hours": value}),),
            {"hours": value, "people": people, "full": full},
        )
    return None


def _check_weekly_hours(value: float, ctx: Ctx) -> Problem | None:
    total = _total_fte(ctx.answers)
    if total is None or ctx.index is None:
        return None
    if ctx.item and ctx.item.get("contract") == "seconded_out":
        return None
    fte = _target_group_fte(ctx.answers, replace=(ctx.index, value))
    if fte > total + FTE_TOLERANCE:
        return Problem(
            N_(
                "With {hours} hours a week for this person, your target-group employees "
                "together would work {fte} FTE: more than the {total_fte} FTE of your whole "
                "organisation. Please check the hours."
            ),
            {"hours": value, "fte": round(fte, 2), "total_fte": total},
        )
    return None


def _check_employees(ctx: Ctx) -> Problem | None:
    people = ctx.answers.get("people_count")
    count = len(ctx.answers.get("employees") or [])
    if isinstance(people, int) and count > people:
        return Problem(
            N_(
                "You said {people} people work in your organisation, but this list has "
                "{count}. Please remove someone, or change the number of people."
            ),
            {"people": people, "count": count},
        )
    total = _total_fte(ctx.answers)
    fte = _target_group_fte(ctx.answers)
    if total is not None and fte > total + FTE_TOLERANCE:
        return Problem(
            N_(
                "Together these people work {fte} FTE: more than the {total_fte} FTE of your "
                "whole organisation. Please change someone's hours, or the total."
            ),
            {"fte": round(fte, 2), "total_fte": total},
        )
    return None


def _max_employees(ctx: Ctx) -> int:
    people = ctx.answers.get("people_count")
    return people if isinstance(people, int) and people > 0 else 1


# ----------------------------------------------------------------------------- options
def _municipality_options(ctx: Ctx) -> tuple[Option, ...]:
    suggested = ctx.context.get("municipality")
    if isinstance(suggested, str) and suggested.strip():
        return (Option("suggested", N_("In {municipality}"), {"municipality": suggested}),)
    return ()


_person = person_number


def _no_target_group_yet(ctx: Ctx) -> bool:
    return ctx.answers.get("has_target_group") != YES


def _nobody_from_target_group(ctx: Ctx) -> bool:
    return ctx.answers.get("has_target_group") == NO


def _quality(
    step_id: str,
    label: str,
    text: str,
    hypothetical: tuple[str, str],
    help_: str,
    section: Section | None = None,
) -> Step:
    """A qualitative requirement; phrased hypothetically when nobody from the target group
    works there (yet): same step, other text. `hypothetical`: for an owner who has nobody
    ("If you hire someone…"), and for one who doesn't know ("If you have or hire someone…")."""
    hire, have_or_hire = hypothetical
    return Step(
        step_id,
        StepKind.CHOICE,
        text,
        label,
        help=help_,
        text_variants=((_nobody_from_target_group, hire), (_no_target_group_yet, have_or_hire)),
        options=QUALITY,
        section=section,
    )


# ----------------------------------------------------------------------------- steps
SECTORS = (
    Option("bakery", N_("Bakery")),
    Option("retail", N_("Shop or retail")),
    Option("hospitality", N_("Hospitality")),
    Option("construction", N_("Construction")),
    Option("cleaning", N_("Cleaning")),
    Option("garage", N_("Garage or car repair")),
    Option("care", N_("Care and welfare")),
    Option("ict", N_("IT")),
    Option("manufacturing", N_("Manufacturing")),
    Option("other", N_("Something else")),
)

PURCHASING_SPEND = (
    Option("lt_10k", N_("Less than €10,000"), shown=N_("less than €10,000 a year")),
    Option("10k_50k", N_("€10,000 to €50,000"), shown=N_("€10,000–50,000 a year")),
    Option("50k_250k", N_("€50,000 to €250,000"), shown=N_("€50,000–250,000 a year")),
    Option("gt_250k", N_("More than €250,000"), shown=N_("more than €250,000 a year")),
    _DONT_KNOW,
)

STEPS: tuple[Step | Group, ...] = (
    # 1. Organisation ----------------------------------------------------------------
    Step(
        "org_name",
        StepKind.TEXT,
        N_("What's the name of your business?"),
        N_("Business name"),
        hint=N_("Only used in your summary. You can skip this."),
        can_skip=True,
        empty_problem=N_("Please type the name, or tap Skip."),
        section=Section(N_("your business")),
    ),
    Step(
        "sector",
        StepKind.CHOICE,
        N_("What kind of business is it?"),
        N_("Sector"),
        options=SECTORS,
    ),
    Step(
        "sector_other",
        StepKind.TEXT,
        N_("What does your business do? A few words are enough."),
        N_("Sector"),
        hint=N_("For example: florist, accountancy, removals."),
        applies=_is("sector", "other"),
        empty_problem=N_("Please describe your business in a few words."),
    ),
    Step(
        "municipality",
        StepKind.TEXT,
        N_("In which municipality is your business?"),
        N_("Municipality"),
        hint=N_("Type the name, for example Almelo or Twenterand."),
        options=_municipality_options,
        resolve=lambda value, ctx: str(ctx.context.get("municipality", "")).strip(),
        empty_problem=N_("Please type the name of your municipality."),
        parse=municipality_parser(can_unknown=True),
        can_unknown=True,
    ),
    Step(
        "people_count",
        StepKind.NUMBER,
        N_("How many people work in your organisation, including you?"),
        N_("Staff"),  # not "people" again: the review reads "Staff: 9 people"
        help=N_(
            "Count everyone on your payroll, full-time and part-time, including yourself and "
            "any target-group employees. Don't count freelancers you hire for a job."
        ),
        hint=N_("Type a whole number, for example 9."),
        number=NumberSpec(
            integer=True,
            minimum=1,
            maximum=100000,
            too_high=N_("That's more people than I can handle here (at most {max})."),
            unit=N_("people"),
            unit_one=N_("person"),
        ),
    ),
    Step(
        "full_time_hours",
        StepKind.NUMBER,
        N_("How many hours is a full-time working week in your business?"),
        N_("Full-time week"),
        help=N_(
            "Your collective labour agreement (CAO) says how many hours a full-time job has: "
            "often 36, 38 or 40. No CAO? Then choose 40. Not sure? Tap “I don't know yet”: "
            "I'll assume 40 hours, and your result says so."
        ),
        hint=N_("Tap a button, or type the hours, for example 37.5."),
        options=tuple(
            Option(h, N_("{hours} hours"), {"hours": int(h)}) for h in ("40", "38", "36")
        ),
        resolve=lambda value, ctx: float(value),
        number=NumberSpec(
            minimum=24,
            maximum=48,
            too_low=N_("A full-time week has at least {min} hours. Please check the number."),
            too_high=N_("A full-time week has at most {max} hours. Please check the number."),
            unit=N_("hours"),  # under the label "Full-time week": not "a week" again
        ),
        can_unknown=True,
    ),
    Step(
        "size_unit",
        StepKind.CHOICE,
        N_("Do you know your staff size in FTE or in hours per week?"),
        N_("Size"),
        help=N_(
            "FTE means full-time equivalent: 1 FTE is one full-time job. Two people who each "
            "work half-time are 1 FTE together. Don't know the FTE? Then give the total hours "
            "a week and I'll work it out."
        ),
        options=(
            Option("fte", N_("In FTE"), shown=N_("in FTE")),
            Option("hours", N_("In hours per week"), shown=N_("in hours a week")),
        ),
    ),
    Step(
        "total_fte",
        StepKind.NUMBER,
        N_("How many FTE does your organisation have in total, including you?"),
        N_("Total FTE"),
        help=N_(
            "Add up everyone's working hours and divide by a full-time week. Include yourself "
            "and any target-group employees."
        ),
        hint=N_("Type a number, for example 7.5."),
        applies=_is("size_unit", "fte"),
        number=NumberSpec(unit=UNIT_FTE),
        check=_check_total_fte,
        sense=_sense_total_fte,
    ),
    Step(
        "total_hours",
        StepKind.NUMBER,
        N_(
            "How many hours a week do all people in your organisation work in total, including you?"
        ),
        N_("Total hours a week"),
        hint=N_("Type a number, for example 290."),
        applies=_is("size_unit", "hours"),
        number=NumberSpec(unit=UNIT_HOURS),
        check=_check_total_hours,
        sense=_sense_total_hours,
    ),
    # 2. Target group -----------------------------------------------------------------
    Step(
        "has_target_group",
        StepKind.CHOICE,
        N_("Does anyone work for you who belongs to the PSO target group?"),
        N_("Anyone from the target group"),
        help=N_(
            "The PSO target group is made up of people who find it hard to get a job: for example "
            "people who had a social-assistance benefit (bijstand), people with a Wajong, WIA or "
            "WAO benefit, people with a sheltered-work (Wsw) indication, school leavers from "
            "special or practical education, MBO level 1 or 2 students on a placement, and people "
            "who were unemployed for a long time. If you answer yes, you'll see the full list with "
            "explanations."
        ),
        options=YES_NO_UNKNOWN,
        section=Section(N_("target-group employees")),
    ),
    Group(
        "employees",
        N_("These are the target-group employees you entered. Is that everyone?"),
        N_("Target-group employees"),
        hint=N_(
            "I never ask for names. Several people with the same answers? Tap “One more like "
            "person…”."
        ),
        applies=_is("has_target_group", YES),
        max_items=_max_employees,
        too_many=N_(
            "You said {max} people work in your organisation, including you, so you can't "
            "add more. You can change that number in the review."
        ),
        check=_check_employees,
        item_steps=(
            target_group_step(
                N_("Person {n}: which of these fits this person best?"),
                hint=N_(
                    "Or type the name of the scheme, for example banenafspraak or beschut werk. "
                    "I never ask for people's names."
                ),
            ),
            weekly_hours_step(
                N_("Person {n}: how many hours a week does this person work for you?"),
                check=_check_weekly_hours,
            ),
            contract_step(N_("Person {n}: what kind of contract does this person have?")),
            subsidy_ongoing_step(
                N_("Person {n}: is the wage-cost subsidy (loonkostensubsidie) still paid?")
            ),
            indication_valid_step(N_("Person {n}: is this person's Wsw indication still valid?")),
            durable_step(N_("Person {n}: is this secondment or flexible work for a year or more?")),
            Step(
                "started_when",
                StepKind.CHOICE,
                N_("Person {n}: when did this person start working for you?"),
                N_("Started"),
                help=N_(
                    "Some groups count for a limited number of years after the start: bijstand "
                    "without wage subsidy, school leavers from VSO/PrO (from leaving school), "
                    "and an internship, work-experience place or re-integration trajectory. "
                    "Month and year are enough. Not sure? Tap “I don't know yet”: the person "
                    "counts for now, and your result says what to check."
                ),
                label_variants=((_is_school_leaver, N_("Left school")),),
                hint=N_("Tap a button, or type the month, for example 3-2024 or March 2024."),
                text_variants=(
                    (
                        _is_school_leaver,
                        N_("Person {n}: when did this person leave school (VSO/PrO)?"),
                    ),
                ),
                text_params=_person,
                options=_started_options,
                applies=_has_period,
                typed_option="month",
            ),
            Step(
                "started",
                StepKind.MONTH,
                N_("Person {n}: in which month and year did this person start working for you?"),
                N_("Start month"),
                hint=N_("Type for example 3-2024 or March 2024."),
                label_variants=((_is_school_leaver, N_("Left school in")),),
                text_variants=(
                    (
                        _is_school_leaver,
                        N_("Person {n}: in which month and year did this person leave school?"),
                    ),
                ),
                text_params=_person,
                applies=_start_month_applies,
                parse=_parse_started,
                check=_check_started,
                empty_problem=MONTH_EXAMPLE,
                shown=N_("since {month}"),
            ),
            Step(
                "internship_started_when",
                StepKind.CHOICE,
                N_("Person {n}: when did the internship or work-experience place start?"),
                N_("Internship started"),
                help=N_(
                    "A school leaver counts for 5 years after leaving school, and an internship "
                    "for 3 years from its own start: both dates matter."
                ),
                hint=N_("Tap a button, or type the month, for example 3-2024 or March 2024."),
                text_params=_person,
                options=_internship_started_options,
                applies=_internship_start_applies,
                typed_option="month",
            ),
            Step(
                "internship_started",
                StepKind.MONTH,
                N_("Person {n}: in which month and year did the internship start?"),
                N_("Internship start month"),
                hint=N_("Type for example 3-2024 or March 2024."),
                text_params=_person,
                applies=_internship_month_applies,
                parse=_parse_started,
                check=_check_started,
                empty_problem=MONTH_EXAMPLE,
                shown=N_("since {month}"),
                summary=N_("internship since {month}"),
            ),
            unemployed_step(
                N_(
                    "Person {n}: did this person have WW for {months} months or more before "
                    "starting with you?"
                )
            ),
        ),
    ),
    # 3. Social purchasing --------------------------------------------------------------
    Step(
        "social_purchasing",
        StepKind.CHOICE,
        N_(
            "Do you buy products or services from PSO-certified companies or from a sheltered "
            "employment company (sociaal werkbedrijf)?"
        ),
        N_("Social purchasing"),
        help=N_(
            "Buying from organisations that employ many people from the target group can add "
            "to your PSO score. That means companies with a PSO certificate, and sheltered "
            "employment companies (sociale werkbedrijven), for example for catering, cleaning, "
            "packing or garden maintenance."
        ),
        options=YES_NO_UNKNOWN,
        section=Section(N_("social purchasing")),
    ),
    Step(
        "purchasing_spend",
        StepKind.CHOICE,
        N_("Roughly how much do you spend with them a year?"),
        N_("Spend on social purchasing"),
        applies=_is("social_purchasing", YES),
        options=PURCHASING_SPEND,
    ),
    # 4. Qualitative requirements ---------------------------------------------------------
    _quality(
        "q_suitable_work",
        N_("Suitable work"),
        N_("Does the work of your target-group employees suit what they can do?"),
        (
            N_(
                "If you hire someone from the target group: could you offer work that suits "
                "what they can do?"
            ),
            N_(
                "If you have or hire someone from the target group: could you offer work that "
                "suits what they can do?"
            ),
        ),
        N_(
            "Suitable work (passend werk) means tasks that fit what the person can and can't "
            "do. Sometimes you split simpler tasks off existing jobs (job carving) or adapt the "
            "workplace."
        ),
        Section(N_("how you work with them")),
    ),
    _quality(
        "q_guidance",
        N_("Guidance"),
        N_(
            "Do your target-group employees get guidance at work, for example a buddy or job coach?"
        ),
        (
            N_(
                "If you hire someone from the target group: could you arrange guidance at "
                "work, for example a buddy or job coach?"
            ),
            N_(
                "If you have or hire someone from the target group: could you arrange guidance "
                "at work, for example a buddy or job coach?"
            ),
        ),
        N_(
            "Guidance (begeleiding) means the person has someone at work to turn to: a buddy, "
            "or a job coach from inside or outside, with clear agreements about who does what."
        ),
    ),
    _quality(
        "q_integration",
        N_("Integration"),
        N_("Are your target-group employees part of the team, like everyone else?"),
        (
            N_(
                "If you hire someone from the target group: would they be part of the team, "
                "like everyone else?"
            ),
            N_(
                "If you have or hire someone from the target group: would they be part of the "
                "team, like everyone else?"
            ),
        ),
        N_(
            "Integration (integratie) means the person works together with colleagues, joins "
            "breaks, meetings and staff outings, and has the same rights: not a separate place "
            "on the side."
        ),
    ),
    _quality(
        "q_development",
        N_("Development"),
        N_(
            "Do you talk with your target-group employees about how work is going and how they "
            "can grow?"
        ),
        (
            N_(
                "If you hire someone from the target group: would you talk with them about how "
                "work is going and how they can grow?"
            ),
            N_(
                "If you have or hire someone from the target group: would you talk with them "
                "about how work is going and how they can grow?"
            ),
        ),
        N_(
            "Functioning and development (functioneren en ontwikkeling) means regular talks "
            "about how work is going, and chances to learn: for example a course, a certificate "
            "or more responsibility."
        ),
    ),
    # The conditions of a Trede besides the numbers (docs/pso-rules.md) -----------------------
    Step(
        "two_fte_one_year",
        StepKind.CHOICE,
        N_("Has your organisation had at least 2 FTE of working people for at least a year?"),
        N_("At least 2 FTE for a year"),
        help=N_(
            "PSO grants a step on the ladder only to organisations that have had at least 2 FTE "
            "of working people (for example two full-time jobs, or four half-time) for at least "
            "one year. Your payroll shows it."
        ),
        section=Section(N_("conditions and plans")),
        applies=_asks_two_fte,
        options=YES_NO_UNKNOWN,
    ),
    Step(
        "own_kvk",
        StepKind.CHOICE,
        N_("Does your organisation have its own KvK number?"),
        N_("Own KvK number"),
        help=N_(
            "The PSO audit checks that your organisation is registered with the KvK (Chamber of "
            "Commerce) under a number of its own. You find it on your invoices and in the KvK "
            "register."
        ),
        options=YES_NO_UNKNOWN,
    ),
    # 5. Intentions -----------------------------------------------------------------------
    Step(
        "intent_grow",
        StepKind.CHOICE,
        N_("Would you like to reach a step on the PSO ladder within two years?"),
        N_("Reach a Trede within two years"),
        help=N_(
            "The PSO ladder's steps are Aspirant status, the Basistrede, and Trede 1, 2 and 3. "
            "Below Trede 1 you can request Aspirant status with a plan of action, adopted and "
            "started, to reach at least Trede 1 within two years."
        ),
        options=(_YES, Option("maybe", N_("Maybe"), shown=N_("maybe")), _NO),
    ),
    Step(
        "has_plan",
        StepKind.CHOICE,
        N_("Do you have a plan of action for employing people from the target group?"),
        N_("Plan of action"),
        help=N_(
            "A plan of action (plan van aanpak) describes your goal, for example Trede 1 within "
            "two years; which jobs or tasks suit someone from the target group; which groups "
            "you'll look for; a timeline; and who will guide new colleagues. You need one for "
            "Aspirant status. I can draft one from your answers."
        ),
        options=(_YES, Option("started", N_("I've started one"), shown=N_("started")), _NO),
    ),
)


def derive(answers: Mapping[str, Any]) -> dict[str, Any]:
    """total_fte follows from total_hours when the size was given in hours."""
    if answers.get("size_unit") == "hours":
        total = _total_fte(answers)
        if total is not None:
            return {"total_fte": total}
    return {}


SCAN = Flow(STEPS, derive, id="scan")


def for_assessment(answers: Mapping[str, Any], *, today: dt.date) -> dict[str, Any]:
    """The applicable answers (`Flow.applicable_answers`) in the shape `pso.assess` reads, as
    of `today`: per person `started` as "YYYY-MM" or absent when not known; "N years ago or
    longer" is the month N years before today (the person's period has passed: months only
    grow). `as_of` pins the day, so the stored result reads the same later."""
    out = dict(answers)
    if _number(answers, "full_time_hours") is None:  # not known: assumed, and said so
        out["full_time_hours"] = DEFAULT_FULL_TIME_HOURS
        out[ASSUMPTIONS_KEY] = ["full_time_hours"]
    if out.get("municipality") == UNKNOWN:
        out["municipality"] = None
    people = []
    for person in answers.get("employees") or []:
        person = dict(person)
        when = person.pop("started_when", None)
        if when == "long_ago":
            months = _period_months(person)
            if months is not None:
                person["started"] = str(YearMonth.of(today).plus(-months))
        elif when != "month":
            person.pop("started", None)
        internship = person.pop("internship_started_when", None)
        if internship == "long_ago":
            months = _internship_period_months(person)
            person["internship_started"] = str(YearMonth.of(today).plus(-months))
        elif internship != "month":
            person.pop("internship_started", None)
        people.append(person)
    out["employees"] = people
    out["as_of"] = today.isoformat()
    return out
