"""What several flows ask alike: yes/no options, a person's group, hours and contract, a
municipality, and the day the flow is answered on (never read from a clock here: the service
puts `today` in the flow's context each time it loads it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from dialogs import municipalities
from dialogs.categories import (
    AMBIGUOUS_NAMES,
    CONTRACT_HELP,
    CONTRACT_HELP_WSW,
    CONTRACT_NAMES,
    CONTRACTS,
    SECONDED_OUT,
    TARGET_GROUP_HELP,
    TARGET_GROUP_NAMES,
    TARGET_GROUP_REFINED,
    TARGET_GROUPS,
)
from dialogs.i18n import N_
from dialogs.model import (
    UNKNOWN,
    Check,
    Ctx,
    Doubt,
    NumberSpec,
    Option,
    Parse,
    Predicate,
    Problem,
    Reading,
    Sense,
    Step,
    StepKind,
)
from dialogs.parse.months import YearOnly, parse_month
from dialogs.parse.names import find_name, fold
from dialogs.parse.phrases import clean_text, has_letter_or_digit
from pso.counting import YearMonth
from pso.rules import load_rules

YES, NO = "yes", "no"
TODAY_KEY = "today"  # in the flow's context: ISO date, set by the service on every load
DEFAULT_FULL_TIME_HOURS = 40.0
MAX_HOURS_PER_PERSON = 60.0  # one person's week, as the assessment allows
MAX_FTE_PER_PERSON = 1.5  # hours at or under this look like FTE

YES_OPTION = Option(YES, N_("Yes"), shown=N_("yes"))
NO_OPTION = Option(NO, N_("No"), shown=N_("no"))
DONT_KNOW = N_("I don't know yet")  # every "not known" button says it so
NOT_KNOWN_YET = N_("not known yet")
DONT_KNOW_OPTION = Option(UNKNOWN, DONT_KNOW, shown=NOT_KNOWN_YET)
YES_NO_UNKNOWN = (YES_OPTION, NO_OPTION, DONT_KNOW_OPTION)
UNIT_HOURS = N_("hours a week")


def today(ctx: Ctx) -> dt.date:
    """The day the flow is answered on (the service's clock, in the bot's time zone)."""
    value = ctx.context.get(TODAY_KEY)
    if not isinstance(value, str):
        raise LookupError("the flow's context has no 'today': the service sets it on load")
    return dt.date.fromisoformat(value)


def is_(key: str, value: str) -> Predicate:
    return lambda ctx: ctx.answers.get(key) == value


def person_number(ctx: Ctx) -> dict[str, Any]:
    return {"n": (ctx.index or 0) + 1}


# ----------------------------------------------------------------------------- names
# Re-asks name examples in the reader's language: the English text gives English names, the
# Dutch translation Dutch ones (both are understood in either language).
TARGET_GROUP_UNKNOWN = N_(
    "I don't know “{text}” as a group. Tap the one that fits best, or type a name such as "
    "social assistance, Wajong, WIA, unemployment benefit, sheltered work or job agreement. "
    "Tap ℹ️ for all groups and their other names."
)
CONTRACT_UNKNOWN = N_(
    "I don't know “{text}” as a kind of contract. Tap the one that fits best, or type for "
    "example regular contract, internship or trial placement."
)


def named(
    names: Mapping[str, tuple[str, ...]],
    unknown: str,
    refined: Mapping[str, frozenset[str]] | None = None,
) -> Callable[[str, Ctx], str | Problem]:
    """A parse hook for a choice step: an option by any name employers use (typos too), or a
    re-ask naming what was typed."""

    def parse(text: str, ctx: Ctx) -> str | Problem:
        ambiguous = AMBIGUOUS_NAMES.get(fold(text))
        if ambiguous is not None:
            return Problem(ambiguous)
        found = find_name(text, names, refined)
        if found is not None:
            return found
        return Problem(unknown, {"text": " ".join(text.split())[:40]})

    return parse


# ----------------------------------------------------------------------------- a person
def full_time(ctx: Ctx) -> float:
    """The full-time week of the flow's answers, or of the result it builds on (its context),
    else 40 hours."""
    for source in (ctx.answers, ctx.context.get("answers") or {}):
        value = source.get("full_time_hours") if isinstance(source, Mapping) else None
        if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
            return float(value)
    return DEFAULT_FULL_TIME_HOURS


YES_HOURS = N_("Yes, {hours} hours a week")


def sense_weekly_hours(value: float, ctx: Ctx) -> Doubt | None:
    """One person above the full-time week, or hours that look like FTE (0.6)."""
    full = full_time(ctx)
    if value > full:
        return Doubt(
            N_(
                "{hours} hours a week is more than the full-time week of {full} hours. One "
                "person counts as 1 FTE at most. Is that right?"
            ),
            (Reading(YES_HOURS, value, {"hours": value}),),
            {"hours": value, "full": full},
        )
    if value <= MAX_FTE_PER_PERSON:
        hours = round(value * full, 1)
        return Doubt(
            N_("{hours} hours a week is very little. Is that right, or did you mean FTE?"),
            (
                Reading(YES_HOURS, value, {"hours": value}),
                Reading(
                    N_("No, {fte} FTE: {hours} hours a week"), hours, {"fte": value, "hours": hours}
                ),
            ),
            {"hours": value},
        )
    return None


def _may_be_seconded_out(ctx: Ctx) -> bool:
    """Seconded out is a contract of sheltered-work (Wsw) employees only."""
    return bool(ctx.item and ctx.item.get("target_group") == "sw_indicated")


def contract_options(ctx: Ctx) -> tuple[Option, ...]:
    return (*CONTRACTS, SECONDED_OUT) if _may_be_seconded_out(ctx) else CONTRACTS


def target_group_step(
    text: str,
    *,
    text_variants: tuple[tuple[Predicate, str], ...] = (),
    hint: str | None = None,
    section: Any = None,
) -> Step:
    return Step(
        "target_group",
        StepKind.CHOICE,
        text,
        N_("Group"),
        help=TARGET_GROUP_HELP,
        hint=hint,
        text_variants=text_variants,
        text_params=person_number,
        options=TARGET_GROUPS,
        parse=named(TARGET_GROUP_NAMES, TARGET_GROUP_UNKNOWN, TARGET_GROUP_REFINED),
        section=section,
    )


def weekly_hours_step(text: str, *, check: Check | None = None, sense: Sense | None = None) -> Step:
    return Step(
        "weekly_hours",
        StepKind.NUMBER,
        text,
        N_("Working time"),  # "Working time: 24 hours a week", not "hours a week" twice
        hint=N_("Type a number, for example 24."),
        text_params=person_number,
        number=NumberSpec(
            maximum=MAX_HOURS_PER_PERSON,
            too_high=N_(
                "{value} hours a week is more than one person can work. Please type "
                "the hours of this one person: at most {max}."
            ),
            unit=UNIT_HOURS,
        ),
        check=check,
        sense=sense or sense_weekly_hours,
    )


def contract_step(text: str) -> Step:
    return Step(
        "contract",
        StepKind.CHOICE,
        text,
        N_("Contract"),
        help=CONTRACT_HELP,
        help_variants=((_may_be_seconded_out, CONTRACT_HELP_WSW),),
        text_params=person_number,
        options=contract_options,
        parse=named(CONTRACT_NAMES, CONTRACT_UNKNOWN),
    )


# ----------------------------------------------------------------------------- municipality
MUNICIPALITY_SUGGEST = N_(
    "I don't know “{text}” as a Dutch municipality. Did you mean one of these?"
)
MUNICIPALITY_UNKNOWN = N_(
    "I don't know “{text}” as a Dutch municipality. Please check the spelling, or keep it as "
    "you typed it."
)
MUNICIPALITY_EMPTY = N_("Please type the name of your municipality.")


def municipality_parser(*, can_unknown: bool) -> Callable[[str, Ctx], str | Doubt | Problem]:
    """An official name (also "Den Bosch", "vriezenveen"); else the nearest names to choose,
    "keep what I typed", and (where the step allows it) "I don't know yet"."""

    def parse(text: str, ctx: Ctx) -> str | Doubt | Problem:
        typed = clean_text(text)
        if not has_letter_or_digit(typed):
            return Problem(MUNICIPALITY_EMPTY)
        found = municipalities.lookup(typed)
        if found is not None:
            return found
        if len(typed) > 60:
            return Problem(N_("That's a bit long for a municipality. Please type just its name."))
        keep = Reading(N_("Keep “{text}”"), typed, {"text": typed})
        extra = (Reading(DONT_KNOW, UNKNOWN),) if can_unknown else ()
        near = municipalities.suggestions(typed)
        if not near:
            return Doubt(MUNICIPALITY_UNKNOWN, (keep, *extra), {"text": typed})
        options = tuple(Reading(N_("{name}"), name, {"name": name}) for name in near)
        return Doubt(MUNICIPALITY_SUGGEST, (*options, keep, *extra), {"text": typed})

    return parse


# ----------------------------------------------------------------------------- who counts
# Questions the rules ask only of the people they concern (docs/pso-rules.md, "Who counts, and
# for how long"): is the wage-cost subsidy still paid, is the Wsw indication still valid, is
# flexible work durable. The scan asks them per person, "I hired someone" of its one person.
LKS_GROUP, WSW_GROUP, FLEX_CONTRACT = "participatiewet_lks", "sw_indicated", "secondment_flex"


def the_person(ctx: Ctx) -> Mapping[str, Any]:
    """The person a step is about: the current item of a group, or the flow's own answers."""
    return ctx.item if ctx.item is not None else ctx.answers


def _group_is(group: str) -> Predicate:
    return lambda ctx: the_person(ctx).get("target_group") == group


def _indication_applies(ctx: Ctx) -> bool:
    person = the_person(ctx)
    return person.get("target_group") == WSW_GROUP and person.get("contract") != SECONDED_OUT


def _flexible(ctx: Ctx) -> bool:
    return the_person(ctx).get("contract") == FLEX_CONTRACT


def _running_step(
    key: str, text: str, label: str, help: str, options: tuple[Option, ...], applies: Predicate
) -> Step:
    """A yes / no / don't-know question about one person, asked only where it applies."""
    return Step(
        key,
        StepKind.CHOICE,
        text,
        label,
        help=help,
        text_params=person_number,
        options=options,
        applies=applies,
    )


def subsidy_ongoing_step(text: str) -> Step:
    return _running_step(
        "subsidy_ongoing",
        text,
        N_("Wage-cost subsidy"),
        N_(
            "Someone with a wage-cost subsidy (loonkostensubsidie) counts for as long as the "
            "subsidy is paid. Once it has stopped, they count as someone from the bijstand: "
            "for 5 years from the month they started. Not sure? Tap “I don't know yet”: the "
            "person counts for now, and your result says what to check."
        ),
        (
            Option(
                YES, N_("Yes, still paid"), shown=N_("still paid"), summary=N_("subsidy still paid")
            ),
            Option(
                NO, N_("No, it has stopped"), shown=N_("stopped"), summary=N_("subsidy stopped")
            ),
            Option(UNKNOWN, DONT_KNOW, shown=NOT_KNOWN_YET, summary=N_("subsidy: not known yet")),
        ),
        _group_is(LKS_GROUP),
    )


def indication_valid_step(text: str) -> Step:
    return _running_step(
        "indication_valid",
        text,
        N_("Wsw indication"),
        N_(
            "Someone with a sheltered-work (Wsw) indication counts for as long as the "
            "indication is valid. Not sure? Tap “I don't know yet”: the person counts for now, "
            "and your result says what to check."
        ),
        (
            Option(
                YES,
                N_("Yes, still valid"),
                shown=N_("still valid"),
                summary=N_("indication still valid"),
            ),
            Option(NO, N_("No, it has ended"), shown=N_("ended"), summary=N_("indication ended")),
            Option(
                UNKNOWN, DONT_KNOW, shown=NOT_KNOWN_YET, summary=N_("indication: not known yet")
            ),
        ),
        _indication_applies,
    )


def durable_step(text: str) -> Step:
    return _running_step(
        "durable",
        text,
        N_("Duration"),
        N_(
            "This does not change your score. It matters only for the PSO 30+ read-out, which "
            "counts flexible work only when it is meant to last a year or more."
        ),
        (
            Option(YES, N_("Yes, a year or more"), shown=N_("a year or more")),
            Option(NO, N_("No, shorter"), shown=N_("shorter than a year")),
            Option(UNKNOWN, DONT_KNOW, shown=NOT_KNOWN_YET, summary=N_("duration: not known yet")),
        ),
        _flexible,
    )


def _asks_unemployment(ctx: Ctx) -> bool:
    return the_person(ctx).get("target_group") in load_rules().unemployed_before_start_groups


def _unemployed_params(ctx: Ctx) -> dict[str, Any]:
    return {**person_number(ctx), "months": load_rules().unemployed_before_start_months}


def _unemployed_options(ctx: Ctx) -> tuple[Option, ...]:
    params = {"months": load_rules().unemployed_before_start_months}
    return tuple(
        Option(value, label, params, shown=shown, summary=summary)
        for value, label, shown, summary in (
            (
                YES,
                N_("Yes"),
                N_("{months} months or more"),
                N_("{months}+ months of WW before the start"),
            ),
            (
                NO,
                N_("No"),
                N_("less than {months} months"),
                N_("less than {months} months of WW before the start"),
            ),
            (
                UNKNOWN,
                DONT_KNOW,
                NOT_KNOWN_YET,
                N_("WW before the start ({months} months or more): not known yet"),
            ),
        )
    )


def unemployed_step(text: str) -> Step:
    return Step(
        "unemployed_six_months",
        StepKind.CHOICE,
        text,
        N_("WW before starting"),
        help=N_(
            "Someone from the WW counts for the PSO only if they had a WW benefit for at least "
            "this long before they started with you: the months of WW count, not the months "
            "without work. Not sure? Tap “I don't know yet”: the person counts for now, and "
            "your result says what to check."
        ),
        text_params=_unemployed_params,
        options=_unemployed_options,
        applies=_asks_unemployment,
    )


# ----------------------------------------------------------------------------- months
MONTH_YEAR_ONLY = N_("Which month of {year}? Please type it as well, for example 3-{year}.")


def month_parser(example: str, check: Check) -> Parse:
    """A typed month as people type it ("mrt '24", "since March 2024") as "YYYY-MM", then
    `check`ed; a year alone is asked back for its month, anything else re-asked with `example`."""

    def parse(text: str, ctx: Ctx) -> str | Problem:
        try:
            found = parse_month(text, today=today(ctx))
        except YearOnly as only:
            return Problem(MONTH_YEAR_ONLY, {"year": str(only.year)})
        if found is None:
            return Problem(example)
        month = str(YearMonth(*found))
        return check(month, ctx) or month

    return parse
