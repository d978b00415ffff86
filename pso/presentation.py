"""Texts of the result for Telegram (HTML) and the PDF, in the caller's language.

Every function takes the caller's ``gettext`` (and ``ngettext``) and a ``locale`` ("nl"/"en").
Source texts are English literals in ``_("...")`` so pybabel finds them; placeholders are
filled with ``.format()`` after translation. The result reads top-down: one plain sentence,
then the numbers, who counts, what the audit also checks, and what it means for the route.
Every sentence about the PSO follows from rules.md; where we are unsure we say less and point
to MijnPSO or the Werkgeversservicepunt.
"""

from __future__ import annotations

import datetime as dt
import html
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import NumberPattern, parse_pattern

from .assess import Assessment, EmployeeResult, NextStep, hours_examples
from .conditions import CONDITIONS, QUALITATIVE
from .counting import (
    NOT_UNEMPLOYED_LONG_ENOUGH,
    PERIOD_ENDED,
    SECONDED_OUT,
    STARTED_UNKNOWN,
    UNEMPLOYED_UNKNOWN,
)
from .rules import TREDES, Rules, load_rules

Gettext = Callable[[str], str]
NGettext = Callable[[str, str, int], str]


def N_(s: str) -> str:
    """Marks a text for extraction; it is translated later with _()."""
    return s


SECTOR_LABELS: Mapping[str, str] = {
    "bakery": N_("Bakery"),
    "retail": N_("Shop or retail"),
    "hospitality": N_("Hospitality"),
    "construction": N_("Construction"),
    "cleaning": N_("Cleaning"),
    "garage": N_("Garage or car repair"),
    "care": N_("Care and welfare"),
    "ict": N_("IT"),
    "manufacturing": N_("Manufacturing"),
    "other": N_("Something else"),
}

# Headings (the PDF's answers and plan) and, lower case, the same inside a sentence.
QUALITATIVE_LABELS: Mapping[str, str] = {
    "suitable_work": N_("Suitable work"),
    "guidance": N_("Guidance"),
    "integration": N_("Integration"),
    "development": N_("Functioning and development"),
}
CONDITION_HEADINGS: Mapping[str, str] = {
    **QUALITATIVE_LABELS,
    "two_fte_one_year": N_("At least 2 FTE for a year"),
    "own_kvk": N_("Own KvK number"),
}
CONDITION_NAMES: Mapping[str, str] = {
    "suitable_work": N_("suitable work"),
    "guidance": N_("guidance"),
    "integration": N_("integration"),
    "development": N_("functioning and development"),
    "two_fte_one_year": N_("at least 2 FTE for a year"),
    "own_kvk": N_("own KvK number"),
}

CHOICE_LABELS: Mapping[str, str] = {
    "yes": N_("yes"),
    "no": N_("no"),
    "partly": N_("partly"),
    "unknown": N_("not known yet"),
    "maybe": N_("maybe"),
    "started": N_("started"),
    "lt_10k": N_("less than €10,000 a year"),
    "10k_50k": N_("€10,000–50,000 a year"),
    "50k_250k": N_("€50,000–250,000 a year"),
    "gt_250k": N_("more than €250,000 a year"),
}

# Why a person no longer counts, by the category whose period passed ({years} from the data).
PERIOD_PASSED: Mapping[str, str] = {
    "participatiewet": N_("the {years} years since starting from bijstand have passed"),
    "vso_pro": N_("the {years} years since leaving VSO/PrO have passed"),
    "internship_reintegration": N_(
        "the {years} years of the internship, work-experience place or re-integration "
        "trajectory have passed"
    ),
}
# Short names of the categories with a counting period, inside a sentence.
PERIOD_GROUPS: Mapping[str, str] = {
    "participatiewet": N_("bijstand"),
    "vso_pro": N_("VSO/PrO"),
    "internship_reintegration": N_("internship or re-integration"),
}

# What a concrete step looks like for each condition answered "no".
CONDITION_ACTIONS: Mapping[str, str] = {
    "suitable_work": N_(
        "List tasks a colleague from the target group could do well and shape the job around "
        "the person (job carving)."
    ),
    "guidance": N_(
        "Name a buddy for each colleague from the target group and plan regular check-ins; a "
        "job coach can help."
    ),
    "integration": N_(
        "Let colleagues from the target group take part like everyone else: the same meetings, "
        "breaks, information and outings."
    ),
    "development": N_(
        "Talk regularly about how work is going and offer training, so people can grow in "
        "their work."
    ),
    "two_fte_one_year": N_(
        "The audit asks for at least 2 FTE of working people for at least one year; a Trede or "
        "Aspirant status comes after that."
    ),
    "own_kvk": N_(
        "The audit asks for your organisation's own registration with the KvK (Chamber of "
        "Commerce); arrange that first."
    ),
}

MIJNPSO = "mijnpso.nl"
MAX_CHAT_STEPS = 5


def _esc(s: str) -> str:
    # Telegram HTML: escape <, > and &; quotes need no escaping outside attributes.
    return html.escape(s, quote=False)


# --- formatting -----------------------------------------------------------------------------


def fmt_num(x: float | Decimal, locale: str, fmt: str = "#,##0.0") -> str:
    """One decimal with the locale's separators: 4.7 → "4,7" in Dutch. Babel's
    `format_decimal`, with the pattern and the locale parsed once rather than on every call
    (half its time; a question's message formats several numbers)."""
    return str(_pattern(fmt).apply(x, _locale(locale)))


@cache
def _pattern(fmt: str) -> NumberPattern:
    return parse_pattern(fmt)


@cache
def _locale(locale: str) -> Locale:
    return Locale.parse(locale)


def fmt_pct(x: float, locale: str, fmt: str = "#,##0.0") -> str:
    # Dutch writes a (non-breaking) space before the percent sign.
    sep = "\u00a0" if locale.startswith("nl") else ""
    return f"{fmt_num(x, locale, fmt)}{sep}%"


def fmt_date(day: dt.date, locale: str) -> str:
    """Day, month, year: "1 juni 2027"; in English the British "1 June 2027"."""
    return str(format_date(day, format="long", locale="nl" if locale.startswith("nl") else "en_GB"))


def trede_name(trede: str, gettext: Gettext) -> str:
    _ = gettext
    return _("Trede {n}").format(n=TREDES.index(trede) + 1)


def level_text(a: Assessment, gettext: Gettext) -> str:
    """What the numbers reach, in a few words (the bot's "Level: … → …")."""
    _ = gettext
    if a.level == "none":
        return _("no Trede yet")
    return trede_name(a.level, gettext)


def numbers_reach(a: Assessment, gettext: Gettext) -> str:
    """ "Your numbers reach Trede 2": never "you are on", since the audit also checks conditions."""
    _ = gettext
    if a.level == "none":
        return _("Your numbers don't reach Trede 1 yet")
    return _("Your numbers reach {trede}").format(trede=trede_name(a.level, gettext))


def choice_label(value: Any, gettext: Gettext) -> str:
    _ = gettext
    if value is None:
        return _("not answered")
    return _(CHOICE_LABELS[value]) if value in CHOICE_LABELS else str(value)


def sector_label(answers: Mapping[str, Any], gettext: Gettext) -> str:
    _ = gettext
    key = answers.get("sector")
    if not key:
        return _("not answered")
    if key == "other" and answers.get("sector_other"):
        return str(answers["sector_other"])
    return _(SECTOR_LABELS[key]) if key in SECTOR_LABELS else str(key)


def hours_text(hours: int, ngettext: NGettext) -> str:
    return ngettext("{n} hour", "{n} hours", hours).format(n=hours)


def people_text(people_hours: tuple[int, ...], *, ngettext: NGettext, locale: str) -> str:
    """(6,) → "one person for 6 hours a week"; (17, 17) → "2 people for 17 hours a week each"."""
    n = len(people_hours)
    if len(set(people_hours)) == 1:
        return ngettext(
            "one person for {hours} a week",
            "{count} people for {hours} a week each",
            n,
        ).format(count=n, hours=hours_text(people_hours[0], ngettext))
    listed = format_list([str(h) for h in people_hours], locale=locale)
    return ngettext(
        "{count} person: {list} hours a week", "{count} people: {list} hours a week", n
    ).format(count=n, list=listed)


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


def costs_text(gettext: Gettext) -> str:
    """rules.md's costs, said plainly and without amounts."""
    _ = gettext
    return _(
        "Steps 1–5 are free. A request in step 6 costs money: an audit fee to the certifying "
        "body you choose (you can ask for quotes in step 6) and a yearly contribution to "
        "PSO-Nederland. A certificate is valid for two years."
    )


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


def number_notes(a: Assessment, *, gettext: Gettext, locale: str = "en") -> list[str]:
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


def period_groups(people: Sequence[EmployeeResult], *, gettext: Gettext, locale: str) -> str:
    """The categories with a counting period of these people, as a list: "bijstand, VSO/PrO"."""
    _ = gettext
    keys = sorted({e.period.key for e in people if e.period is not None})
    names = [_(PERIOD_GROUPS[k]) if k in PERIOD_GROUPS else k for k in keys]
    return format_list(names, locale=locale) if names else ""


# --- what the audit also checks -------------------------------------------------------------


def condition_name(a: Assessment, condition: str, *, gettext: Gettext) -> str:
    """The condition inside a list, with what qualifies the answer ("guidance (partly)")."""
    _ = gettext
    name = _(CONDITION_NAMES[condition])
    if a.conditions.get(condition) == "partly":
        return _("{condition} (partly)").format(condition=name)
    return name


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


CONDITION_MARKS: Mapping[str, str] = {"yes": "✅", "no": "❌"}


def conditions_lines(a: Assessment, *, gettext: Gettext, locale: str) -> list[tuple[str, str]]:
    """(mark, "Guidance: partly, so not known yet") for each condition, in the rules' order."""
    _ = gettext
    return [
        (
            CONDITION_MARKS.get(a.conditions.get(c, "unknown"), "❔"),
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


# --- the result -----------------------------------------------------------------------------


def result_message(
    assessment: Assessment,
    *,
    gettext: Gettext,
    ngettext: NGettext,
    locale: str,
    answers: Mapping[str, Any] | None = None,
) -> str:
    """The result as Telegram HTML (only <b> and <i>): one plain sentence, then the details."""
    _ = gettext
    a, e = assessment, _esc
    answers = answers or {}
    lines: list[str] = []
    if answers.get("org_name"):
        lines.append(e(str(answers["org_name"])))
    lines.append(f"<b>{e(headline(a, gettext=gettext, ngettext=ngettext, locale=locale))}</b>")
    lines += ["", e(contribution_sentence(a, gettext=gettext, locale=locale))]
    lines.append(e(norms_title(a, gettext=gettext)))
    for name, pct, reached in norm_lines(a, gettext=gettext, locale=locale):
        lines.append(f"{'✅' if reached else '▫️'} {e(name)}: {e(pct)}")
    unknown = unknown_target_group_sentence(a, gettext=gettext)
    if unknown:
        lines.append(e(unknown))
    if a.next_trede:
        # The headline names the hours, except when the target group is not known yet.
        shape = gap_sentence if a.target_group_unknown else gap_example
        gap = shape(a, a.next_trede, gettext=gettext, ngettext=ngettext, locale=locale)
        lines.append(e(gap))
    lines += [f"<i>{e(n)}</i>" for n in number_notes(a, gettext=gettext, locale=locale)]
    counting = counting_sentences(a, gettext=gettext, ngettext=ngettext, locale=locale)
    if counting:
        lines += ["", *map(e, counting)]
    lines += ["", f"<b>{e(conditions_title(gettext))}</b>"]
    lines += [f"{mark} {e(t)}" for mark, t in conditions_lines(a, gettext=gettext, locale=locale)]
    lines.append(e(audit_sentence(a, gettext=gettext)))
    route = route_texts(a, answers, gettext=gettext, locale=locale)
    if route:
        lines += ["", *map(e, route)]
    lines += ["", f"<i>{e(disclaimer(a, gettext=gettext))}</i>"]
    return "\n".join(lines)


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


# --- next steps -----------------------------------------------------------------------------


@dataclass(frozen=True)
class StepText:
    title: str
    body: str


def next_steps_heading(a: Assessment, *, gettext: Gettext) -> str:
    _ = gettext
    if a.route == "aspirant":
        return _("Next steps towards Aspirant status and Trede 1")
    if a.next_trede:
        return _("Next steps towards {trede}").format(trede=trede_name(a.next_trede, gettext))
    return _("Next steps for {trede}").format(trede=trede_name(a.level, gettext))


@dataclass(frozen=True)
class _Ctx:
    a: Assessment
    answers: Mapping[str, Any]
    gettext: Gettext
    ngettext: NGettext
    locale: str
    contact: str = ""  # whom the owner's campaign says to contact, as its staff typed it


def _meet(s: NextStep, c: _Ctx) -> StepText | None:
    _ = c.gettext
    condition = s.code.removeprefix("meet_")
    if condition not in CONDITION_ACTIONS:
        return None
    titles = {
        "suitable_work": _("Arrange suitable work"),
        "guidance": _("Arrange guidance"),
        "integration": _("Work on integration"),
        "development": _("Work on functioning and development"),
        "two_fte_one_year": _(CONDITION_HEADINGS["two_fte_one_year"]),
        "own_kvk": _("Get your own KvK number"),
    }
    body = _(CONDITION_ACTIONS[condition])
    if condition == "two_fte_one_year" and c.a.below_two_fte:
        body = (
            _("You have {fte} FTE.").format(fte=fmt_num(c.a.total_fte, c.locale, "#,##0.0#"))
            + " "
            + body
        )
    return StepText(titles[condition], body)


def _check_conditions(s: NextStep, c: _Ctx) -> StepText:
    _ = c.gettext
    open_ = dict(s.params.get("conditions", ()))
    qualitative = [q for q in QUALITATIVE if q in open_]
    sentences = []
    if qualitative:
        names = format_list(
            [condition_name(c.a, q, gettext=c.gettext) for q in qualitative], locale=c.locale
        )
        if c.a.target_group_fte > 0:
            sentences.append(
                _(
                    "The audit looks at {conditions}. Write down what you already do and what "
                    "is still missing."
                ).format(conditions=names)
            )
        else:
            sentences.append(
                _(
                    "The audit looks at {conditions}. Write down how you would arrange them for "
                    "a new colleague from the target group."
                ).format(conditions=names)
            )
    if "two_fte_one_year" in open_:
        sentences.append(
            _("Check in your payroll whether you have had at least 2 FTE for a whole year.")
        )
    if "own_kvk" in open_:
        sentences.append(_("Check that your organisation has its own KvK number."))
    return StepText(_("Find out what is not known yet"), " ".join(sentences))


def _check_target_group(s: NextStep, c: _Ctx) -> StepText:
    _ = c.gettext
    return StepText(
        _("Find out whether someone counts"),
        _(
            "Does anyone on your staff get support from UWV or the municipality, such as a job "
            "coach or wage-cost subsidy? Or did they come to you from a benefit (bijstand, "
            "Wajong, WIA) or from special or practical education? Then they may count; "
            "the Werkgeversservicepunt in your region can help you check."
        ),
    )


def _check_counting(s: NextStep, c: _Ctx) -> StepText:
    _, ngettext = c.gettext, c.ngettext
    rules = load_rules(c.a.rules_version)
    people = [c.a.employees[i] for i in s.params.get("employees", ())]
    unknown_start = [e for e in people if STARTED_UNKNOWN in e.notes]
    unknown_ww = [e for e in people if UNEMPLOYED_UNKNOWN in e.notes]
    sentences = []
    if unknown_start:
        n = len(unknown_start)
        sentences.append(
            ngettext(
                "Look up the start month of {count} person ({groups}): this group counts only "
                "for a limited time.",
                "Look up the start months of {count} people ({groups}): these groups count only "
                "for a limited time.",
                n,
            ).format(
                count=n, groups=period_groups(unknown_start, gettext=c.gettext, locale=c.locale)
            )
        )
    if unknown_ww:
        n = len(unknown_ww)
        sentences.append(
            ngettext(
                "Ask whether your colleague from WW was unemployed for at least {months} months "
                "before starting.",
                "Ask whether your {count} colleagues from WW were unemployed for at least "
                "{months} months before starting.",
                n,
            ).format(count=n, months=rules.unemployed_before_start_months)
        )
    return StepText(_("Check who counts"), " ".join(sentences))


def _close_gap(s: NextStep, c: _Ctx) -> StepText:
    _ = c.gettext
    trede = s.params["trede"]
    return StepText(
        _("Close the gap to {trede}").format(trede=trede_name(trede, c.gettext)),
        gap_sentence(c.a, trede, gettext=c.gettext, ngettext=c.ngettext, locale=c.locale),
    )


def _plan_of_action(s: NextStep, c: _Ctx) -> StepText:
    _ = c.gettext
    if s.params.get("status") in ("yes", "started"):
        return StepText(
            _("Keep your plan of action going"),
            _(
                "Check that it is adopted, has started and aims at Trede 1 within two years: "
                "that is what the request for Aspirant status asks."
            ),
        )
    return StepText(
        _("Write a plan of action"),
        _(
            "Goal: at least Trede 1 within two years. Write down which tasks suit (job carving), "
            "which target groups, a timeline and who guides new colleagues."
        ),
    )


def _find_candidates(s: NextStep, c: _Ctx) -> StepText:
    _ = c.gettext
    if c.contact:
        return StepText(
            _("Find candidates and support"),
            _(
                "Contact {contact}: they help with candidates, wage-cost subsidy, the no-risk "
                "policy, a job coach and a trial placement."
            ).format(contact=c.contact),
        )
    muni = c.answers.get("municipality")
    where = (
        _("the Werkgeversservicepunt in your region or the municipality of {name}").format(
            name=muni
        )
        if muni
        else _("the Werkgeversservicepunt in your region or your municipality")
    )
    return StepText(
        _("Find candidates and support"),
        _(
            "Ask {where}: they help with candidates, wage-cost subsidy, the no-risk policy, "
            "a job coach and a trial placement."
        ).format(where=where),
    )


def _apprentices(s: NextStep, c: _Ctx) -> StepText:
    _ = c.gettext
    return StepText(
        _("Apprentices count too"),
        _("A BBL/BOL student with a work placement counts partly; MijnPSO has the exact figure."),
    )


def _social_purchasing(s: NextStep, c: _Ctx) -> StepText:
    _ = c.gettext
    answer = s.params.get("answer")
    if answer == "yes":
        return StepText(
            _("Count your social purchasing"),
            _(
                "Enter what you buy from PSO-certified organisations and sheltered employment "
                "companies in MijnPSO: it may raise your score. I have not added it here."
            ),
        )
    if answer == "unknown":
        return StepText(
            _("Find out about social purchasing"),
            _(
                "If you buy from PSO-certified suppliers or sheltered employment companies, your "
                "score could be higher; MijnPSO computes how much."
            ),
        )
    return StepText(
        _("Buy socially"),
        _(
            "Buying from PSO-certified suppliers or sheltered employment companies (catering, "
            "cleaning, printing) can add to your score; MijnPSO computes how much."
        ),
    )


def _pso_30_plus(s: NextStep, c: _Ctx) -> StepText:
    _ = c.gettext
    return StepText(
        _("Ask about PSO 30+"),
        _(
            "{share} of your FTE counts for PSO 30+, which is meant for tenders reserved under "
            "article 2.82 of the Aanbestedingswet. Ask about it in MijnPSO."
        ).format(share=fmt_pct(c.a.pso_30_plus_share_pct, c.locale)),
    )


def _mijnpso(s: NextStep, c: _Ctx) -> StepText:
    _ = c.gettext
    site = MIJNPSO
    if s.params.get("level", "none") == "none":
        title = _("Continue in MijnPSO")
        body = _(
            "Register on MijnPSO ({site}) and do steps 1–5. Once your plan of action has "
            "started and the conditions are met, request Aspirant status in step 6."
        ).format(site=site)
    elif not s.params.get("audit_ready"):
        title = _("Continue in MijnPSO")
        body = _(
            "Register on MijnPSO ({site}) and check your figures in steps 1–5. Step 6, the "
            "audit, makes sense once every condition is met."
        ).format(site=site)
    elif s.params.get("conditions_met") == "yes":
        title = _("Request the audit")
        body = _(
            "Register on MijnPSO ({site}), do steps 1–5 and request the audit in step 6."
        ).format(site=site)
    else:
        title = _("Then request the audit")
        body = _(
            "Once the open points are in order, register on MijnPSO ({site}), do steps 1–5 and "
            "request the audit in step 6."
        ).format(site=site)
    return StepText(title, f"{body} {costs_text(c.gettext)}")


_STEPS: Mapping[str, Callable[[NextStep, _Ctx], StepText | None]] = {
    "check_conditions": _check_conditions,
    "check_counting": _check_counting,
    "check_target_group": _check_target_group,
    "close_gap": _close_gap,
    "plan_of_action": _plan_of_action,
    "find_candidates": _find_candidates,
    "apprentices": _apprentices,
    "social_purchasing": _social_purchasing,
    "pso_30_plus": _pso_30_plus,
    "mijnpso": _mijnpso,
}


def _step_text(s: NextStep, c: _Ctx) -> StepText | None:
    if s.code.startswith("meet_"):
        return _meet(s, c)
    render = _STEPS.get(s.code)
    # An unknown code from a newer rules version: skip rather than fail.
    return render(s, c) if render else None


def next_step_texts(
    assessment: Assessment,
    answers: Mapping[str, Any],
    *,
    gettext: Gettext,
    ngettext: NGettext,
    locale: str,
    contact: str = "",
) -> list[StepText]:
    """Plain-text title and body of every next step, most useful first."""
    c = _Ctx(assessment, answers, gettext, ngettext, locale, contact)
    texts = (_step_text(s, c) for s in assessment.next_steps)
    return [t for t in texts if t is not None]


def chat_step_texts(
    assessment: Assessment,
    answers: Mapping[str, Any],
    *,
    gettext: Gettext,
    ngettext: NGettext,
    locale: str,
    contact: str = "",
) -> tuple[list[StepText], int]:
    """At most five steps for the chat, the most useful first and always how to go on in
    MijnPSO (with the costs) last; and how many more the PDF has."""
    c = _Ctx(assessment, answers, gettext, ngettext, locale, contact)
    last = [s for s in assessment.next_steps if s.code == "mijnpso"]
    first = [s for s in assessment.next_steps if s.code != "mijnpso"]
    chosen = [*first[: MAX_CHAT_STEPS - len(last)], *last]
    texts = [t for t in (_step_text(s, c) for s in chosen) if t is not None]
    return texts, len(assessment.next_steps) - len(chosen)


def next_steps_message(
    assessment: Assessment,
    answers: Mapping[str, Any],
    *,
    gettext: Gettext,
    ngettext: NGettext,
    locale: str,
    contact: str = "",
) -> str:
    """The tailored next steps as numbered Telegram HTML (≤ 3500 characters); `contact`: whom
    the campaign the owner came through says to contact."""
    _ = gettext
    e = _esc
    steps, more = chat_step_texts(
        assessment, answers, gettext=gettext, ngettext=ngettext, locale=locale, contact=contact
    )
    lines = [f"<b>{e(next_steps_heading(assessment, gettext=gettext))}</b>"]
    for i, st in enumerate(steps, 1):
        lines += ["", f"{i}. <b>{e(st.title)}</b>", e(st.body)]
    lines.append("")
    if more:
        lines.append(
            "<i>{}</i>".format(
                e(
                    ngettext(
                        "{count} more step and a draft plan of action are in the summary (PDF).",
                        "{count} more steps and a draft plan of action are in the summary (PDF).",
                        more,
                    ).format(count=more)
                )
            )
        )
    else:
        lines.append("<i>{}</i>".format(e(_("A draft plan of action is in the summary (PDF)."))))
    lines.append(f"<i>{e(disclaimer(assessment, gettext=gettext))}</i>")
    return "\n".join(lines)
