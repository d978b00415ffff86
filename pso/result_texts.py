"""The result's sentences in the reader's language: plain text, read top-down.

One plain sentence first (the headline), then the numbers, who counts, what the audit also checks,
and what it means for the route (Aspirant status, the Basistrede, PSO 30+, purchasing). The chat
(bot/ui) and the PDF (pso/pdf.py) lay the same sentences out in their own way. Every sentence
about the PSO follows from rules.md; where we are unsure we say less and point to MijnPSO or the
Werkgeversservicepunt.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from babel.lists import format_list

from .assess import Assessment, EmployeeResult, hours_examples
from .conditions import CONDITIONS
from .counting import (
    NOT_UNEMPLOYED_LONG_ENOUGH,
    PERIOD_ENDED,
    SECONDED_OUT,
    STARTED_UNKNOWN,
    UNEMPLOYED_UNKNOWN,
)
from .formatting import fmt_num, fmt_pct, people_text
from .labels import CONDITION_HEADINGS, MIJNPSO, period_groups, trede_name
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


def numbers_reach(a: Assessment, gettext: Gettext) -> str:
    """ "Your numbers reach Trede 2": never "you are on", since the audit also checks conditions."""
    _ = gettext
    if a.level == "none":
        return _("Your numbers don't reach Trede 1 yet")
    return _("Your numbers reach {trede}").format(trede=trede_name(a.level, gettext))


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
    needed = ngettext(
        "{trede} needs about {hours} more hour a week from the target group.",
        "{trede} needs about {hours} more hours a week from the target group.",
        hours,
    ).format(trede=trede_name(trede, gettext), hours=hours)
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
    """The headline's hours made concrete: 'For example one person … on a regular contract.'"""
    _ = gettext
    if a.gap(trede) is None:
        return ""
    people = people_text(gap_hours(a, trede), ngettext=ngettext, locale=locale)
    example = _("For example {people} from the target group, on a regular contract.").format(
        people=people
    )
    return " ".join([example, *_row_after_hiring(a, trede, gettext=gettext, locale=locale)])


def disclaimer(a: Assessment, *, gettext: Gettext) -> str:
    _ = gettext
    return _(
        "Indicative, not a certificate. The official scan is MijnPSO ({site}). Rules {version}."
    ).format(site=MIJNPSO, version=a.rules_version)


# --- the headline and the numbers -----------------------------------------------------------


def _contribution_digits(a: Assessment, locale: str) -> str:
    # If one decimal would show a not-reached norm as equal to the contribution, show two.
    one = fmt_num(a.contribution_pct, locale)
    if any(not a.reached(t) and fmt_num(a.norms[t], locale) == one for t in TREDES):
        return "#,##0.00"
    return "#,##0.0"


def contribution_text(a: Assessment, locale: str) -> str:
    return fmt_pct(a.contribution_pct, locale, _contribution_digits(a, locale))


def headline(a: Assessment, *, gettext: Gettext, ngettext: NGettext, locale: str) -> str:
    """The one plain sentence the result starts with."""
    _ = gettext
    pct = contribution_text(a, locale)
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


def norm_lines(a: Assessment, *, gettext: Gettext, locale: str) -> list[tuple[str, str, bool]]:
    """(Trede name, norm %, reached) for the three Tredes."""
    return [(trede_name(t, gettext), fmt_pct(a.norms[t], locale), a.reached(t)) for t in TREDES]


def norms_title(a: Assessment, *, gettext: Gettext) -> str:
    _ = gettext
    if a.interpolated:
        return _("Norms for {size} FTE (interpolated between published sizes)").format(
            size=a.norm_size
        )
    return _("Norms for {size} FTE").format(size=a.norm_size)


def contribution_sentence(a: Assessment, *, gettext: Gettext, locale: str) -> str:
    _ = gettext
    return _("Your contribution is {pct} of your {fte} FTE, weighted as the PSO does.").format(
        pct=contribution_text(a, locale), fte=fmt_num(a.size_fte, locale, "#,##0.0#")
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
    "full_time_hours": N_("a full working week of {hours} hours"),
}


def assumption_sentence(a: Assessment, *, gettext: Gettext, locale: str) -> str | None:
    """ "Assumed: a full working week of 40 hours." for answers not known but needed to compute;
    keys without a text of their own are left out rather than failing."""
    _ = gettext
    parts = [
        _(ASSUMPTIONS[key]).format(hours=fmt_num(a.full_time_hours, locale, "#,##0.#"))
        for key in a.assumptions
        if key in ASSUMPTIONS
    ]
    if not parts:
        return None
    return _("Assumed, as you didn't know yet: {assumptions}.").format(
        assumptions=format_list(parts, locale=locale)
    )


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
        return _("they were not unemployed for at least {months} months before starting").format(
            months=rules.unemployed_before_start_months
        )
    if e.reason == SECONDED_OUT:
        return _("seconded out to another organisation, so not part of your size either")
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
                "{count} person from WW counts although it is not known whether they were "
                "unemployed for at least {months} months before starting.",
                "{count} people from WW count although it is not known whether they were "
                "unemployed for at least {months} months before starting.",
                n,
            ).format(count=n, months=rules.unemployed_before_start_months)
        )
    if lines and a.unconfirmed_contribution_pct is not None:
        lines.append(_range_sentence(a, gettext=gettext, ngettext=ngettext, locale=locale))
    return lines


def _range_sentence(a: Assessment, *, gettext: Gettext, ngettext: NGettext, locale: str) -> str:
    """An unknown answer is not a fact: the contribution is a range until it is known."""
    _ = gettext
    text = _("Until you know, your contribution is between {low} and {pct}.").format(
        low=fmt_pct(a.unconfirmed_contribution_pct or 0.0, locale),
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


def condition_status(a: Assessment, condition: str, *, gettext: Gettext, locale: str) -> str:
    """Met, not met or not known, with what qualifies the answer."""
    _ = gettext
    answer = a.conditions.get(condition, "unknown")
    if condition == "two_fte_one_year" and a.below_two_fte:
        return _("not met (you have {fte} FTE)").format(
            fte=fmt_num(a.total_fte, locale, "#,##0.0#")
        )
    if answer == "yes":
        return _("met")
    if answer == "no":
        return _("not met")
    if answer == "partly":
        return _("partly, so not known yet")
    return _("not known yet")


def conditions_lines(a: Assessment, *, gettext: Gettext, locale: str) -> list[tuple[str, str]]:
    """(answer, "Guidance: partly, so not known yet") for each condition, in the rules' order; the
    answer ("yes", "no", "partly", "unknown") picks the mark the chat or the PDF shows beside it."""
    _ = gettext
    return [
        (
            a.conditions.get(c, "unknown"),
            _("{condition}: {status}").format(
                condition=_(CONDITION_HEADINGS[c]),
                status=condition_status(a, c, gettext=gettext, locale=locale),
            ),
        )
        for c in CONDITIONS
    ]


def conditions_title(gettext: Gettext) -> str:
    _ = gettext
    return _("What the audit also checks")


def audit_sentence(a: Assessment, *, gettext: Gettext) -> str:
    """Whether to request the audit: only when the numbers reach a Trede and nothing is known to
    fail. Below Trede 1 the same conditions hold for Aspirant status."""
    _ = gettext
    if a.level == "none":
        return _("The same conditions apply to Aspirant status.")
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


def aspirant_text(gettext: Gettext) -> str:
    """Aspirant status as it is: a request in step 6, an audit, granted once."""
    _ = gettext
    return _(
        "Below Trede 1 you can request Aspirant status in step 6 of MijnPSO, with a plan of "
        "action that is adopted and started and aims at Trede 1 within two years. An audit "
        "checks it, and it is granted only once."
    )


def basistrede_text(gettext: Gettext) -> str:
    _ = gettext
    return _(
        "There is also a Basistrede between Aspirant status and Trede 1; its norm is not "
        "public, so I don't compute it."
    )


def pso_30_plus_text(a: Assessment, *, gettext: Gettext, locale: str) -> str | None:
    """Only where the level qualifies (Trede 3), with what 30+ is for."""
    _ = gettext
    if not a.pso_30_plus_applies:
        return None
    share = fmt_pct(a.pso_30_plus_share_pct, locale)
    needed = fmt_pct(a.pso_30_plus_min_pct, locale, "0")
    if a.pso_30_plus:
        first = _(
            "PSO 30+: {share} of your FTE is from the target group, so the separate PSO 30+ "
            "read-out may apply."
        ).format(share=share)
    else:
        first = _(
            "PSO 30+ needs {needed} of your FTE from the target group; you have {share}."
        ).format(share=share, needed=needed)
    how = _(
        "It is counted without weights and without MBO 1–2 and VSO/PrO students, internships, "
        "work-experience and re-integration places and trial placements."
    )
    what = _("It is meant for tenders reserved under article 2.82 of the Aanbestedingswet.")
    return f"{first} {how} {what}"


def purchasing_text(a: Assessment, answers: Mapping[str, Any], *, gettext: Gettext) -> str | None:
    _ = gettext
    answer = answers.get("social_purchasing")
    if answer == "yes":
        return _(
            "You buy from PSO-certified organisations or sheltered employment companies: that "
            "may raise your score. MijnPSO computes it exactly."
        )
    if answer in (None, "unknown") and a.gaps:
        return _(
            "Your score could be higher if you buy from PSO-certified organisations or sheltered "
            "employment companies; MijnPSO computes that."
        )
    return None


def route_texts(
    a: Assessment, answers: Mapping[str, Any], *, gettext: Gettext, locale: str
) -> list[str]:
    """Aspirant status and the Basistrede below Trede 1, 30+ at Trede 3, purchasing upside."""
    texts = []
    if a.level == "none":
        texts += [aspirant_text(gettext), basistrede_text(gettext)]
    p30 = pso_30_plus_text(a, gettext=gettext, locale=locale)
    if p30:
        texts.append(p30)
    purchasing = purchasing_text(a, answers, gettext=gettext)
    if purchasing:
        texts.append(purchasing)
    return texts
