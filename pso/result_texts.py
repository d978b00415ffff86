"""The result's sentences in the reader's language: plain text, read top-down.

One plain sentence first (the headline), then the numbers, who counts, what the audit also checks,
and what it means for the route (Aspirant status, the Basistrede, PSO 30+, purchasing). The chat
(bot/ui) and the PDF (pso/pdf.py) lay the same sentences out in their own way. Every sentence
about the PSO follows from docs/pso-rules.md; where we are unsure we say less and point to
MijnPSO or the Werkgeversservicepunt.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from babel.lists import format_list

from .assess import LEVELS, Assessment, EmployeeResult, hours_examples
from .conditions import CONDITIONS, QUALITATIVE
from .counting import (
    INDICATION_ENDED,
    INDICATION_UNKNOWN,
    NOT_UNEMPLOYED_LONG_ENOUGH,
    PERIOD_ENDED,
    SECONDED_OUT,
    STARTED_UNKNOWN,
    SUBSIDY_UNKNOWN,
    UNEMPLOYED_UNKNOWN,
)
from .formatting import (
    contribution_decimals,
    fmt_contribution,
    fmt_norm,
    fmt_num,
    fmt_pct,
    people_text,
)
from .labels import CONDITION_HEADINGS, CONDITION_NAMES, MIJNPSO, period_groups, trede_name
from .rules import TREDES, Rules, load_rules
from .translation import N_, Gettext, NGettext

# Why a person no longer counts, by the category whose period passed ({years} from the data).
PERIOD_PASSED: Mapping[str, str] = {
    "participatiewet": N_("the {years} years since starting from bijstand have passed"),
    "vso_pro": N_("the {years} years since leaving VSO/PrO have passed"),
    "internship_reintegration": N_(
        "the {years} years of the internship, work-experience place or re-integration "
        "trajectory have passed"
    ),
}


def numbers_reach(a: Assessment, gettext: Gettext, ngettext: NGettext | None = None) -> str:
    """ "Your numbers reach Trede 2": never "you are on", since the audit also checks conditions.
    With an open answer that decides the level, what the numbers may reach and how many open
    answers decide it: never more than the answers carry. (Without ``ngettext`` the count is left
    out rather than said in the wrong number.)"""
    _ = gettext
    if is_range(a):
        low = a.unconfirmed_level or "none"
        high = trede_name(a.level, gettext)
        if ngettext is None:
            if low == "none":
                return _("Your numbers may reach {trede}, depending on answers still open").format(
                    trede=high
                )
            return _(
                "Your numbers reach {low}, maybe {high}, depending on answers still open"
            ).format(low=trede_name(low, gettext), high=high)
        count = open_answer_count(a)
        if low == "none":
            text = ngettext(
                "Your numbers may reach {trede}: {count} open answer decides",
                "Your numbers may reach {trede}: {count} open answers decide",
                count,
            )
            return text.format(trede=high, count=count)
        text = ngettext(
            "Your numbers reach {low}, maybe {high}: {count} open answer decides",
            "Your numbers reach {low}, maybe {high}: {count} open answers decide",
            count,
        )
        return text.format(low=trede_name(low, gettext), high=high, count=count)
    if a.level == "none":
        return _("Your numbers don't reach Trede 1 yet")
    return _("Your numbers reach {trede}").format(trede=trede_name(a.level, gettext))


def open_answer_count(a: Assessment) -> int:
    """How many answers about people who count are not known yet (each may decide the level)."""
    return sum(len(e.notes) for e in a.unconfirmed)


def gap_hours(a: Assessment, trede: str) -> tuple[int, ...]:
    """The gap to ``trede`` as whole hours per person (rounded up, so it is enough)."""
    g = a.gap(trede)
    return hours_examples(g.hours_per_week, a.full_time_hours) if g else ()


def gap_sentence(
    a: Assessment, trede: str, *, gettext: Gettext, ngettext: NGettext, locale: str
) -> str:
    """'Trede 1 needs about 6 more hours a week from the target group. For example one person
    for 6 hours a week, on a regular contract.' and, when the hire moves the organisation onto
    another norm row, the size and norm that then apply."""
    _ = gettext
    g = a.gap(trede)
    if g is None:
        return ""
    people = gap_hours(a, trede)
    hours = sum(people)
    if is_range(a):
        # After the sentence saying what the open answer would reach: the gap from what the
        # known answers carry.
        needed = ngettext(
            "Otherwise {trede} needs about {hours} more hour a week from the target group.",
            "Otherwise {trede} needs about {hours} more hours a week from the target group.",
            hours,
        )
    else:
        needed = ngettext(
            "{trede} needs about {hours} more hour a week from the target group.",
            "{trede} needs about {hours} more hours a week from the target group.",
            hours,
        )
    needed = needed.format(trede=trede_name(trede, gettext), hours=hours)
    example = _("For example {people}, on a regular contract.").format(
        people=people_text(people, ngettext=ngettext, locale=locale)
    )
    return " ".join([needed, example, *_row_after_hiring(a, trede, gettext=gettext, locale=locale)])


def _row_after_hiring(a: Assessment, trede: str, *, gettext: Gettext, locale: str) -> list[str]:
    _ = gettext
    g = a.gap(trede)
    if g is None or g.norm_size_after == a.norm_size:
        return []
    return [
        _("With those hours you grow to {size} FTE, where the norm is {norm}.").format(
            size=g.norm_size_after, norm=fmt_pct(g.norm_pct_after, locale)
        )
    ]


def gap_example(
    a: Assessment, trede: str, *, gettext: Gettext, ngettext: NGettext, locale: str
) -> str:
    """The headline's hours made concrete, for someone who counts in full, and what other hires
    need; when the gap is small and a colleague already counts, more hours for them first."""
    _ = gettext
    if a.gap(trede) is None:
        return ""
    if small_gap_colleague(a):
        return _("The quickest way: more hours for a colleague who already counts.")
    hours = gap_hours(a, trede)
    example = ngettext(
        "That is {people}, from someone who counts in full (for example Wajong, WIA or "
        "bijstand, on a regular contract); a WW hire, an apprentice or an intern needs more "
        "hours.",
        "That is {people}, from people who count in full (for example Wajong, WIA or "
        "bijstand, on a regular contract); a WW hire, an apprentice or an intern needs more "
        "hours.",
        len(hours),
    ).format(people=people_text(hours, ngettext=ngettext, locale=locale))
    return " ".join([example, *_row_after_hiring(a, trede, gettext=gettext, locale=locale)])


SMALL_GAP_HOURS = 8  # docs/pso-rules.md: under 8 hours a week, more hours for a colleague first


def small_gap_colleague(a: Assessment) -> bool:
    """The gap to the next Trede is under 8 hours a week and a colleague already counts."""
    g = a.carried_gaps[0] if a.carried_gaps else None
    if g is None or a.below_two_fte or g.hours_per_week >= SMALL_GAP_HOURS:
        return False
    return any(e.counted and e.group_weight * e.contract_weight > 0 for e in a.employees)


def disclaimer(a: Assessment, *, gettext: Gettext) -> str:
    _ = gettext
    return _(
        "Indicative, not a certificate. The official scan is MijnPSO ({site}). Calculated with"
        " our rules, version {version}."
    ).format(site=MIJNPSO, version=a.rules_version)


# --- the headline and the numbers -----------------------------------------------------------


def pct_decimals(a: Assessment) -> int:
    """The decimals the contribution and the norms are shown with (one, unless a contribution
    just below a norm needs more to read below it)."""
    return contribution_decimals(a.contribution_pct, a.norms.values())


def contribution_text(a: Assessment, locale: str) -> str:
    """The contribution as shown beside the norms: never equal to or above a norm it misses."""
    return fmt_contribution(a.contribution_pct, a.norms.values(), locale)


def low_text(a: Assessment, locale: str) -> str:
    """The low end of the range (without the people whose counting is not known)."""
    return fmt_contribution(a.unconfirmed_contribution_pct or 0.0, a.norms.values(), locale)


def is_range(a: Assessment) -> bool:
    """An answer that decides the level is not known: without the people whose counting is not
    known, the numbers reach less."""
    return a.unconfirmed_contribution_pct is not None and a.unconfirmed_level != a.level


def carried_level(a: Assessment) -> str:
    """The level the known answers carry: with an open answer that decides the level, the low
    end's; otherwise the level itself."""
    return (a.unconfirmed_level or "none") if is_range(a) else a.level


def headline(a: Assessment, *, gettext: Gettext, ngettext: NGettext, locale: str) -> str:
    """The one plain sentence the result starts with; never more than the answers carry."""
    _ = gettext
    pct = contribution_text(a, locale)
    if a.below_two_fte:
        return _("First you need at least 2 FTE for a year; you have {fte} FTE.").format(
            fte=fmt_num(a.total_fte, locale, "#,##0.0#")
        )
    if is_range(a):
        return _("Your contribution is between {low} and {pct}.").format(
            low=low_text(a, locale), pct=pct
        )
    nxt = a.next_trede
    if nxt is None:
        return _("Your numbers reach {level} ({pct}).").format(
            level=trede_name(a.level, gettext), pct=pct
        )
    hours = sum(gap_hours(a, nxt))
    if a.target_group_unknown:
        return _(
            "For now you're at {pct}: I haven't counted anyone from the target group yet."
        ).format(pct=pct)
    if a.level == "none":
        return ngettext(
            "You're at {pct}; {trede} needs about {hours} more hour a week.",
            "You're at {pct}; {trede} needs about {hours} more hours a week.",
            hours,
        ).format(pct=pct, trede=trede_name(nxt, gettext), hours=hours)
    return ngettext(
        "Your numbers reach {level} ({pct}); {trede} needs about {hours} more hour a week.",
        "Your numbers reach {level} ({pct}); {trede} needs about {hours} more hours a week.",
        hours,
    ).format(
        level=trede_name(a.level, gettext), pct=pct, trede=trede_name(nxt, gettext), hours=hours
    )


def _deciding_condition(a: Assessment, *, gettext: Gettext, ngettext: NGettext) -> str:
    """ "if your WW colleague had WW for six months or more before starting": the answer that
    decides the level, as a condition in words."""
    _ = gettext
    people = a.unconfirmed
    notes = {n for e in people for n in e.notes}
    if len(people) == 1 and len(notes) == 1:
        e = people[0]
        note = next(iter(notes))
        if note == UNEMPLOYED_UNKNOWN:
            return _("if your WW colleague had WW for six months or more before starting")
        if note == SUBSIDY_UNKNOWN:
            return _("if your colleague's wage-cost subsidy is still paid")
        if note == INDICATION_UNKNOWN:
            return _("if your colleague's Wsw indication is still valid")
        if note == STARTED_UNKNOWN and e.period is not None and e.period.months % 12 == 0:
            text = STARTED_WITHIN.get(e.period.key)
            if text is not None:
                return _(text).format(years=e.period.months // 12)
    return ngettext(
        "if the colleague whose answers you don't know yet still counts",
        "if the colleagues whose answers you don't know yet still count",
        len(people),
    )


# "if …": a start month that decides whether a person still counts ({years} from the data).
STARTED_WITHIN: Mapping[str, str] = {
    "participatiewet": N_("if your colleague from bijstand started less than {years} years ago"),
    "vso_pro": N_("if your colleague from VSO/PrO left school less than {years} years ago"),
    "internship_reintegration": N_(
        "if your colleague's internship or re-integration place started less than {years} years ago"
    ),
}


def deciding_sentence(a: Assessment, *, gettext: Gettext, ngettext: NGettext) -> str | None:
    """Beside a range headline: which answer decides the level, and what the numbers reach then.
    "If your WW colleague had WW for six months or more before starting, your numbers reach
    Trede 1." (None when the level does not depend on an unknown answer.)"""
    _ = gettext
    if not is_range(a):
        return None
    condition = _deciding_condition(a, gettext=gettext, ngettext=ngettext)
    if a.level == "none":  # cannot happen: the full figure reaches more than the low end
        return None
    reach = _("{condition}, your numbers reach {trede}.").format(
        condition=condition, trede=trede_name(a.level, gettext)
    )
    return reach[:1].upper() + reach[1:]


def norm_lines(a: Assessment, *, gettext: Gettext, locale: str) -> list[tuple[str, str, bool]]:
    """(Trede name, norm %, reached) for the three Tredes, at the contribution's decimals.
    "Reached" is what the known answers carry: with an open answer that decides the level, a
    Trede only the open answer would reach is not marked reached."""
    d = pct_decimals(a)
    carried = carried_level(a)
    return [
        (
            trede_name(t, gettext),
            fmt_norm(a.norms[t], d, locale),
            LEVELS.index(carried) >= LEVELS.index(t),
        )
        for t in TREDES
    ]


def norms_title(a: Assessment, *, gettext: Gettext, locale: str = "en") -> str:
    """ "Norms for 7 FTE (7.2 rounded)": the size the norms are for, and how it was found."""
    _ = gettext
    size = fmt_num(a.size_fte, locale, "#,##0.0#")
    if a.below_minimum_size:
        return _("Norms for 2 FTE, the smallest size on the ladder")
    exact = abs(a.size_fte - a.norm_size) < 1e-9
    if a.interpolated and exact:
        return _("Norms for {size} FTE (interpolated between published sizes)").format(
            size=a.norm_size
        )
    if a.interpolated:
        return _(
            "Norms for {size} FTE ({exact} rounded; interpolated between published sizes)"
        ).format(size=a.norm_size, exact=size)
    if exact:
        return _("Norms for {size} FTE").format(size=a.norm_size)
    return _("Norms for {size} FTE ({exact} rounded)").format(size=a.norm_size, exact=size)


def contribution_sentence(a: Assessment, *, gettext: Gettext, locale: str) -> str:
    _ = gettext
    fte = fmt_num(a.size_fte, locale, "#,##0.0#")
    if a.unconfirmed_contribution_pct is not None:
        # An open answer: the figure is the high end, said as such (the range follows).
        return _(
            "With everyone counted, your contribution is {pct} of your {fte} FTE, weighted as "
            "the PSO does."
        ).format(pct=contribution_text(a, locale), fte=fte)
    return _("Your contribution is {pct} of your {fte} FTE, weighted as the PSO does.").format(
        pct=contribution_text(a, locale), fte=fte
    )


def unknown_target_group_sentence(a: Assessment, *, gettext: Gettext) -> str | None:
    """ "Don't know yet" whether anyone is from the target group is not "nobody": say what it
    means for the number."""
    _ = gettext
    if not a.target_group_unknown:
        return None
    return _(
        "You don't know yet whether anyone on your staff belongs to the target group, so I "
        "haven't counted anyone. If someone does, your contribution is higher and the gap smaller."
    )


# What an assumed answer was taken to be ({hours} etc. from the assessment).
ASSUMPTIONS: Mapping[str, str] = {
    "full_time_hours": N_("You didn't know your full working week yet, so I used {hours} hours."),
}


def assumption_sentence(a: Assessment, *, gettext: Gettext, locale: str) -> str | None:
    """ "You didn't know your full working week yet, so I used 40 hours." for answers not known
    but needed to compute (never listed as answers); keys without a text are left out."""
    _ = gettext
    parts = [
        _(ASSUMPTIONS[key]).format(hours=fmt_num(a.full_time_hours, locale, "#,##0.#"))
        for key in a.assumptions
        if key in ASSUMPTIONS
    ]
    return " ".join(parts) or None


def number_notes(a: Assessment, *, gettext: Gettext, locale: str) -> list[str]:
    """Small print under the numbers: what was assumed, size below the table, weights that are
    not public."""
    _ = gettext
    notes = []
    assumed = assumption_sentence(a, gettext=gettext, locale=locale)
    if assumed:
        notes.append(assumed)
    if a.below_minimum_size:
        notes.append(
            _(
                "The ladder is built for organisations of 2 FTE and more; "
                "I used the norms for 2 FTE."
            )
        )
    rules = load_rules(a.rules_version)
    if any(
        e.counted and not rules.target_groups[e.target_group].weight_public for e in a.employees
    ):
        notes.append(
            _(
                "BBL/BOL students count partly; their exact weight is not public, so MijnPSO "
                "has the exact figure."
            )
        )
    return notes


# --- who counts -----------------------------------------------------------------------------


def not_counted_reason(e: EmployeeResult, *, gettext: Gettext, rules: Rules) -> str:
    """Why one person does not count, as a clause ("the 5 years since … have passed")."""
    _ = gettext
    if e.reason == PERIOD_ENDED and e.period is not None:
        text = PERIOD_PASSED.get(e.period.key)
        if text is not None and e.period.months % 12 == 0:
            return _(text).format(years=e.period.months // 12)
        return _("the period in which this group counts has passed")
    if e.reason == NOT_UNEMPLOYED_LONG_ENOUGH:
        return _("they did not receive WW benefit for {months} months before starting").format(
            months=rules.unemployed_before_start_months
        )
    if e.reason == SECONDED_OUT:
        return _("seconded out to another organisation, so not part of your size either")
    if e.reason == INDICATION_ENDED:
        return _("their Wsw indication is no longer valid")
    return _("this person does not count")


def counting_sentences(
    a: Assessment, *, gettext: Gettext, ngettext: NGettext, locale: str
) -> list[str]:
    """Who does not count (by category, with the reason) and who counts although something is
    not known, with what that means for the contribution."""
    rules = load_rules(a.rules_version)
    return [
        *_not_counted_lines(a, gettext=gettext, ngettext=ngettext, rules=rules),
        *_unconfirmed_lines(a, gettext=gettext, ngettext=ngettext, locale=locale, rules=rules),
    ]


def _not_counted_lines(
    a: Assessment, *, gettext: Gettext, ngettext: NGettext, rules: Rules
) -> list[str]:
    groups: Counter[tuple[bool, str]] = Counter(
        (e.reason == PERIOD_ENDED, not_counted_reason(e, gettext=gettext, rules=rules))
        for e in a.not_counted
    )
    lines = []
    for (ended, reason), n in groups.items():
        if ended:
            line = ngettext(
                "{count} person no longer counts: {reason}.",
                "{count} people no longer count: {reason}.",
                n,
            )
        else:
            line = ngettext(
                "{count} person does not count: {reason}.",
                "{count} people do not count: {reason}.",
                n,
            )
        lines.append(line.format(count=n, reason=reason))
    return lines


def _unconfirmed_lines(
    a: Assessment, *, gettext: Gettext, ngettext: NGettext, locale: str, rules: Rules
) -> list[str]:
    _ = gettext
    unknown_start = [e for e in a.unconfirmed if STARTED_UNKNOWN in e.notes]
    unknown_ww = [e for e in a.unconfirmed if UNEMPLOYED_UNKNOWN in e.notes]
    unknown_subsidy = [e for e in a.unconfirmed if SUBSIDY_UNKNOWN in e.notes]
    unknown_indication = [e for e in a.unconfirmed if INDICATION_UNKNOWN in e.notes]
    lines = []
    if unknown_start:
        n = len(unknown_start)
        lines.append(
            ngettext(
                "{count} person counts although their start month is not known ({groups}).",
                "{count} people count although their start months are not known ({groups}).",
                n,
            ).format(count=n, groups=period_groups(unknown_start, gettext=gettext, locale=locale))
        )
    if unknown_ww:
        n = len(unknown_ww)
        lines.append(
            ngettext(
                "{count} person (WW) counts for now. Still to find out: did they have WW for "
                "{months} months or more before starting?",
                "{count} people (WW) count for now. Still to find out: did they have WW for "
                "{months} months or more before starting?",
                n,
            ).format(count=n, months=rules.unemployed_before_start_months)
        )
    if unknown_subsidy:
        n = len(unknown_subsidy)
        lines.append(
            ngettext(
                "{count} person (wage-cost subsidy) counts for now. Still to find out: is the "
                "subsidy still paid?",
                "{count} people (wage-cost subsidy) count for now. Still to find out: is the "
                "subsidy still paid?",
                n,
            ).format(count=n)
        )
    if unknown_indication:
        n = len(unknown_indication)
        lines.append(
            ngettext(
                "{count} person (Wsw) counts for now. Still to find out: is their indication "
                "still valid?",
                "{count} people (Wsw) count for now. Still to find out: are their indications "
                "still valid?",
                n,
            ).format(count=n)
        )
    if lines and a.unconfirmed_contribution_pct is not None:
        lines.append(_range_sentence(a, gettext=gettext, ngettext=ngettext, locale=locale))
    return lines


def _range_sentence(a: Assessment, *, gettext: Gettext, ngettext: NGettext, locale: str) -> str:
    """An unknown answer is not a fact: the contribution is a range until it is known."""
    _ = gettext
    text = _("Until you know, your contribution is between {low} and {pct}.").format(
        low=low_text(a, locale),
        pct=contribution_text(a, locale),
    )
    n = len(a.unconfirmed)
    if a.unconfirmed_level == a.level:
        return text
    if a.unconfirmed_level in (None, "none"):
        without = ngettext(
            "Without this person, your numbers don't reach Trede 1.",
            "Without them, your numbers don't reach Trede 1.",
            n,
        )
    else:
        without = ngettext(
            "Without this person, your numbers reach {trede}.",
            "Without them, your numbers reach {trede}.",
            n,
        ).format(trede=trede_name(a.unconfirmed_level, gettext))
    return f"{text} {without}"


# --- what the audit also checks -------------------------------------------------------------


def conditions_planned(a: Assessment) -> bool:
    """Nobody from the target group yet: the qualitative answers say how the owner *would*
    arrange it, so they are "planned", never "met"."""
    return not a.employees


def condition_answer(a: Assessment, condition: str) -> str:
    """The answer as shown: "yes", "partly", "no", "unknown" or "planned" ("2 FTE for a year"
    is "no" below 2 FTE whatever was answered)."""
    answer = a.conditions.get(condition, "unknown")
    if answer == "yes" and condition in QUALITATIVE and conditions_planned(a):
        return "planned"
    return answer


def condition_status(a: Assessment, condition: str, *, gettext: Gettext, locale: str) -> str:
    """The answer as given: met, partly, not met, not known yet, or planned."""
    _ = gettext
    answer = condition_answer(a, condition)
    if condition == "two_fte_one_year" and a.below_two_fte:
        return _("not met (you have {fte} FTE)").format(
            fte=fmt_num(a.total_fte, locale, "#,##0.0#")
        )
    planned = condition in QUALITATIVE and conditions_planned(a)
    if answer == "planned":
        return _("planned (nobody from the target group yet)")
    if answer == "yes":
        return _("met")
    if answer == "no":
        return _("not arranged yet") if planned else _("not met")
    if answer == "partly":
        return _("partly; the audit wants it fully arranged")
    return _("not known yet")


def conditions_lines(a: Assessment, *, gettext: Gettext, locale: str) -> list[tuple[str, str]]:
    """(answer, "Guidance: partly; the audit wants it fully arranged") for each condition, in
    the rules' order; the answer ("yes", "partly", "no", "unknown", "planned") picks the mark
    the chat or the PDF shows beside it."""
    _ = gettext
    return [
        (
            condition_answer(a, c),
            _("{condition}: {status}").format(
                condition=_(CONDITION_HEADINGS[c]),
                status=condition_status(a, c, gettext=gettext, locale=locale),
            ),
        )
        for c in CONDITIONS
    ]


# The chat's short form: one line per answer, the conditions listed after it.
SUMMARY_ORDER: tuple[str, ...] = ("no", "partly", "unknown", "planned", "yes")
SUMMARY_LABELS: Mapping[str, str] = {
    "yes": N_("Met: {conditions}"),
    "no": N_("Not met: {conditions}"),
    "partly": N_("Partly: {conditions} (the audit wants it fully arranged)"),
    "unknown": N_("Not known yet: {conditions}"),
    "planned": N_("Planned: {conditions}"),
}


def conditions_summary(a: Assessment, *, gettext: Gettext, locale: str) -> list[tuple[str, str]]:
    """(answer, "Not met: integration") grouped by answer, the ones to act on first: at most
    five lines for the six conditions."""
    _ = gettext
    by_answer: dict[str, list[str]] = {}
    for c in CONDITIONS:
        answer = "no" if c == "two_fte_one_year" and a.below_two_fte else condition_answer(a, c)
        by_answer.setdefault(answer, []).append(_(CONDITION_NAMES[c]))
    return [
        (
            answer,
            _(SUMMARY_LABELS[answer]).format(
                conditions=format_list(by_answer[answer], locale=locale)
            ),
        )
        for answer in SUMMARY_ORDER
        if answer in by_answer
    ]


def failing_conditions(a: Assessment, *, gettext: Gettext, locale: str) -> str:
    """The conditions known to fail, as a list ("at least 2 FTE for a year"); "" when none."""
    _ = gettext
    failing = [
        _(CONDITION_NAMES[c])
        for c in CONDITIONS
        if a.conditions.get(c) == "no"  # "2 FTE for a year" is "no" below 2 FTE (assess)
    ]
    return format_list(failing, locale=locale) if failing else ""


def conditions_title(gettext: Gettext) -> str:
    _ = gettext
    return _("What the audit also checks")


def aspirant_offered(a: Assessment) -> bool:
    """The owner does not aim at a Trede within two years: the Aspirant plan is offered, not
    assumed (docs/pso-rules.md)."""
    return any(
        s.code == "plan_of_action" and s.params.get("intent_grow") == "no" for s in a.next_steps
    )


def aspirant_is_the_route(a: Assessment) -> bool:
    """Below Trede 1 on what the known answers carry, and Aspirant status is the route to name:
    not when the gap is small and a colleague already counts (more hours first), nor when the
    owner does not aim at a Trede within two years (then it is only offered)."""
    return carried_level(a) == "none" and not small_gap_colleague(a) and not aspirant_offered(a)


def audit_sentence(a: Assessment, *, gettext: Gettext, ngettext: NGettext) -> str:
    """Whether to request the audit: only when the numbers reach a Trede and nothing is known to
    fail; when only an open answer makes them reach one, on that answer. Below Trede 1 Aspirant
    status asks for a plan, not for the four requirements."""
    _ = gettext
    if a.conditions_met != "no" and carried_level(a) == "none" and a.level != "none":
        # Only the top of the range reaches a Trede: the audit depends on the open answer.
        condition = _deciding_condition(a, gettext=gettext, ngettext=ngettext)
        if a.conditions_met == "yes":
            return _(
                "First find out what is not known yet: {condition}, you can request the audit in "
                "step 6 of MijnPSO."
            ).format(condition=condition)
        return _(
            "First find out what is not known yet: {condition} and the open conditions are in "
            "order, you can request the audit in step 6 of MijnPSO."
        ).format(condition=condition)
    if a.level == "none":
        if aspirant_offered(a):
            return _("If you aim at Trede 1 later, it asks for these conditions.")
        if small_gap_colleague(a):
            return _("Trede 1 asks for these conditions too: start on them now.")
        return _(
            "Aspirant status asks for a plan of action, not for the four requirements (suitable "
            "work, guidance, integration, development). Start on those requirements now: Trede 1 "
            "asks for them."
        )
    if a.conditions_met == "yes":
        return _(
            "Everything you answered meets the conditions, so you can request the audit in step "
            "6 of MijnPSO."
        )
    if a.conditions_met == "unknown":
        return _(
            "Find out what is not known yet; if it is in order, you can request the audit in "
            "step 6 of MijnPSO."
        )
    return _(
        "A Trede is granted only when every condition is met, so arrange what is not met first."
    )


# --- the route: Aspirant status, PSO 30+, purchasing ----------------------------------------


def aspirant_text(gettext: Gettext, *, hours_first: bool = False) -> str:
    """Aspirant status as it is: a plan checked by an audit, two years, one extension. With
    ``hours_first`` (a small gap and a colleague who already counts) it is the route only for an
    owner who does not want to add the hours."""
    _ = gettext
    if hours_first:
        return _(
            "If you'd rather not add the hours, you can request Aspirant status in step 6 of "
            "MijnPSO. It asks for a plan of action that is adopted and started and aims at "
            "Trede 1 within two years; an audit checks the plan. It lasts up to two years and "
            "can be extended once, after a new audit."
        )
    return _(
        "Below Trede 1 you can request Aspirant status in step 6 of MijnPSO. It asks for a plan "
        "of action that is adopted and started and aims at Trede 1 within two years; an audit "
        "checks the plan. It lasts up to two years and can be extended once, after a new audit."
    )


def basistrede_text(gettext: Gettext) -> str:
    _ = gettext
    return _(
        "The ladder: Aspirant status, Basistrede, Trede 1, 2 and 3. The Basistrede's norm is "
        "not public, so I don't compute it."
    )


def pso_30_plus_text(a: Assessment, *, gettext: Gettext, locale: str) -> str | None:
    """Only where the level qualifies (Trede 3), with what 30+ is for."""
    _ = gettext
    if not a.pso_30_plus_applies:
        return None
    share = fmt_pct(a.pso_30_plus_share_pct, locale)
    needed = fmt_pct(a.pso_30_plus_min_pct, locale, "0")
    failing = failing_conditions(a, gettext=gettext, locale=locale)
    if a.pso_30_plus and failing:
        # Beside it, like a Trede's: the certificate needs Trede 3's conditions (docs/pso-rules.md).
        first = _(
            "PSO 30+: {share} of your FTE counts for PSO 30+, but the certificate also needs "
            "Trede 3's conditions; not met: {conditions}."
        ).format(share=share, conditions=failing)
    elif a.pso_30_plus:
        first = _(
            "PSO 30+: {share} of your FTE counts for PSO 30+, so the separate PSO 30+ read-out "
            "may apply."
        ).format(share=share)
    else:
        first = _("PSO 30+ needs {needed} of your FTE to count for it; you have {share}.").format(
            share=share, needed=needed
        )
    how = _(
        "It is counted without weights and without MBO 1–2 and VSO/PrO students, internships, "
        "work-experience and re-integration places, trial placements, and flex or zero-hours "
        "work."
    )
    what = _("It is meant for tenders reserved under article 2.82 of the Aanbestedingswet.")
    return f"{first} {how} {what}"


def purchasing_text(a: Assessment, answers: Mapping[str, Any], *, gettext: Gettext) -> str | None:
    _ = gettext
    answer = answers.get("social_purchasing")
    if answer == "yes":
        return _(
            "You buy from a PSO-certified supplier or a sociaal werkbedrijf: that may raise "
            "your score. MijnPSO computes it exactly."
        )
    if answer in (None, "unknown") and a.carried_gaps:
        return _(
            "Your score could be higher if you buy from a PSO-certified supplier or a sociaal "
            "werkbedrijf; MijnPSO computes that."
        )
    return None


def route_texts(
    a: Assessment, answers: Mapping[str, Any], *, gettext: Gettext, locale: str
) -> list[str]:
    """Aspirant status and the Basistrede below Trede 1, 30+ at Trede 3, purchasing upside."""
    texts = []
    if a.level == "none":
        hours_first = small_gap_colleague(a)
        texts += [aspirant_text(gettext, hours_first=hours_first), basistrede_text(gettext)]
    p30 = pso_30_plus_text(a, gettext=gettext, locale=locale)
    if p30:
        texts.append(p30)
    purchasing = purchasing_text(a, answers, gettext=gettext)
    if purchasing:
        texts.append(purchasing)
    return texts
