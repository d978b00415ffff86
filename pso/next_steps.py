"""The next steps: which apply to an assessment, in what order, and what each says.

``assess`` decides the steps (``Assessment.next_steps``: a code and its parameters, most useful
first); this registry gives each code its title and body in the reader's language, as plain text.
An unknown code (from a newer rules version) is skipped rather than failing. The chat shows at
most five (how to go on in MijnPSO, with the costs, always last); the PDF shows them all.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from babel.lists import format_list

from .assess import Assessment, EmployeeResult, NextStep
from .conditions import QUALITATIVE
from .counting import INDICATION_UNKNOWN, STARTED_UNKNOWN, SUBSIDY_UNKNOWN, UNEMPLOYED_UNKNOWN
from .formatting import fmt_pct
from .labels import CONDITION_NAMES, MIJNPSO, period_groups, trede_name
from .result_texts import (
    aspirant_is_the_route,
    aspirant_offered,
    conditions_planned,
    failing_conditions,
    gap_hours,
    is_range,
    small_gap_colleague,
)
from .rules import load_rules
from .translation import N_, Gettext, NGettext

MAX_CHAT_STEPS = 5

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


def costs_text(gettext: Gettext) -> str:
    """The costs (docs/pso-rules.md), said plainly and without amounts (one tap away, not in
    every result)."""
    _ = gettext
    return _(
        "Steps 1–5 of MijnPSO are free. A request in step 6 brings an audit fee from the "
        "certifying body you choose (ask for quotes in step 6) and a yearly contribution to "
        "PSO-Nederland. A certificate is valid for up to two years and is not renewed "
        "automatically. Withdrawing a definitive request can cost money, so let someone "
        "authorised to sign submit it."
    )


@dataclass(frozen=True)
class StepText:
    title: str
    body: str
    terms: tuple[str, ...] = ()  # the names its body uses that TERMS explain


# Names the steps use as they are (an owner asks for them by that name), said once under the
# steps that name them: what they are is not common knowledge, and in English not even words.
TERMS: Mapping[str, str] = {
    "wsp": N_(
        "Werkgeversservicepunt: the employer service point in your region, where the "
        "municipalities and UWV help employers find candidates and support."
    ),
    "sw": N_(
        "Sociaal werkbedrijf: a sheltered employment company, where people who are far from "
        "the labour market work with guidance."
    ),
}


def next_steps_heading(a: Assessment, *, gettext: Gettext) -> str:
    _ = gettext
    if a.route == "aspirant":
        if aspirant_is_the_route(a):
            return _("Next steps towards Aspirant status and Trede 1")
        # More hours for a colleague first, or an owner who does not aim at a Trede yet: the
        # Aspirant plan is offered among the steps, not announced as the goal.
        return _("Next steps towards {trede}").format(trede=trede_name("trede_1", gettext))
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


# The chat's short form of each condition's step: one thing to do.
MEET_STEPS: Mapping[str, tuple[str, str]] = {
    "suitable_work": (
        N_("Arrange suitable work"),
        N_("list tasks a colleague from the target group can do well (job carving)."),
    ),
    "guidance": (
        N_("Arrange guidance"),
        N_("name a buddy and plan check-ins; a job coach can help."),
    ),
    "integration": (
        N_("Work on integration"),
        N_("the same meetings, breaks and outings as everyone else."),
    ),
    "development": (
        N_("Work on development"),
        N_("talk about how work is going and offer training."),
    ),
    "two_fte_one_year": (
        N_("At least 2 FTE for a year"),
        N_("the audit asks for it; a Trede or Aspirant status comes after that."),
    ),
    "own_kvk": (
        N_("Get your own KvK number"),
        N_("the audit asks for your organisation's own registration."),
    ),
}


def _meet(s: NextStep, c: _Ctx) -> StepText | None:
    _ = c.gettext
    condition = s.code.removeprefix("meet_")
    if condition not in MEET_STEPS:
        return None
    if condition == "two_fte_one_year" and c.a.below_two_fte:
        return _grow_to_two_fte(c)
    title, body = MEET_STEPS[condition]
    return StepText(_(title), _(body))


def _grow_to_two_fte(c: _Ctx) -> StepText:
    """Below 2 FTE the size comes first, then the gap at that size (docs/pso-rules.md)."""
    _, a = c.gettext, c.a
    minimum = load_rules(a.rules_version).conditions_min_total_fte or 2.0
    extra = max(minimum - a.size_fte, 0.0)
    hours = math.ceil(extra * a.full_time_hours - 1e-9)
    pct = 100 * (a.weighted_fte + extra) / max(a.size_fte + extra, minimum)
    return StepText(
        _("First grow to 2 FTE"),
        c.ngettext(
            "{hours} more hour a week, for a year. From someone who counts in full, you'd be "
            "at {pct}.",
            "{hours} more hours a week, for a year. From someone who counts in full, you'd be "
            "at {pct}.",
            hours,
        ).format(hours=hours, pct=fmt_pct(pct, c.locale)),
    )


def _check_conditions(s: NextStep, c: _Ctx) -> StepText:
    _ = c.gettext
    open_ = dict(s.params.get("conditions", ()))

    def names(answer: str) -> list[str]:
        return [q for q in QUALITATIVE if open_.get(q) == answer]

    def listed(conditions: list[str]) -> str:
        if len(conditions) == len(QUALITATIVE):
            return _("the four requirements")
        return format_list([_(CONDITION_NAMES[q]) for q in conditions], locale=c.locale)

    parts = []
    if names("partly"):
        parts.append(_("arrange {conditions} fully").format(conditions=listed(names("partly"))))
    if names("unknown"):
        text = (
            _("write down how you would arrange {conditions}")
            if conditions_planned(c.a)
            else _("write down how you arrange {conditions}")
        )
        parts.append(text.format(conditions=listed(names("unknown"))))
    organisational = [o for o in ("two_fte_one_year", "own_kvk") if o in open_]
    if organisational == ["two_fte_one_year"]:
        parts.append(_("check your payroll for 2 FTE over a whole year"))
    elif organisational == ["own_kvk"]:
        parts.append(_("check that you have your own KvK number"))
    elif organisational:
        parts.append(_("check 2 FTE for a year and your own KvK number"))
    title = (
        _("Finish what is partly arranged")
        if set(open_.values()) == {"partly"}
        else _("Find out what is not known yet")
    )
    return StepText(title, "; ".join(parts) + ".")


def _check_target_group(s: NextStep, c: _Ctx) -> StepText:
    _ = c.gettext
    return StepText(
        _("Find out whether someone counts"),
        _(
            "did anyone come from a benefit, or get a job coach or subsidy via UWV or the "
            "municipality?"
        ),
    )


def _one_period_group(people: list[EmployeeResult], c: _Ctx) -> str:
    _ = c.gettext
    keys = {e.period.key for e in people if e.period is not None}
    if len(people) == 1 and len(keys) == 1:
        text = STARTED_MONTH.get(next(iter(keys)))
        if text is not None:
            return _(text)
    return c.ngettext(
        "look up in which month your colleague ({groups}) started.",
        "look up in which month your {count} colleagues ({groups}) started.",
        len(people),
    ).format(count=len(people), groups=period_groups(people, gettext=c.gettext, locale=c.locale))


# "Look up in which month your colleague from bijstand started" (one person, one group).
STARTED_MONTH: Mapping[str, str] = {
    "participatiewet": N_("look up in which month your colleague from bijstand started."),
    "vso_pro": N_("look up in which month your colleague left VSO/PrO."),
    "internship_reintegration": N_(
        "look up in which month your colleague's internship or re-integration place started."
    ),
}


# What is not known about a person who counts, in a few words ("start month").
UNKNOWN_ANSWERS: Mapping[str, str] = {
    STARTED_UNKNOWN: N_("start month"),
    UNEMPLOYED_UNKNOWN: N_("WW before starting"),
    SUBSIDY_UNKNOWN: N_("subsidy still paid"),
    INDICATION_UNKNOWN: N_("indication still valid"),
}


def _check_counting(s: NextStep, c: _Ctx) -> StepText:
    _, ngettext = c.gettext, c.ngettext
    rules = load_rules(c.a.rules_version)
    people = [c.a.employees[i] for i in s.params.get("employees", ())]
    notes = [n for n in UNKNOWN_ANSWERS if any(n in e.notes for e in people)]
    title = _("Check who counts")
    if len(notes) > 1:
        return StepText(
            title,
            ngettext(
                "find out for your colleague: {answers}.",
                "find out for your {count} colleagues: {answers}.",
                len(people),
            ).format(
                count=len(people),
                answers=format_list([_(UNKNOWN_ANSWERS[n]) for n in notes], locale=c.locale),
            ),
        )
    note = notes[0] if notes else STARTED_UNKNOWN
    having = [e for e in people if note in e.notes]
    if note == UNEMPLOYED_UNKNOWN:
        body = ngettext(
            "ask your WW colleague whether they had WW for {months} months or more before "
            "starting.",
            "ask your {count} WW colleagues whether they had WW for {months} months or more "
            "before starting.",
            len(having),
        ).format(count=len(having), months=rules.unemployed_before_start_months)
    elif note == SUBSIDY_UNKNOWN:
        body = _("ask the municipality whether the wage-cost subsidy is still paid.")
    elif note == INDICATION_UNKNOWN:
        body = _("ask UWV whether the Wsw indication is still valid.")
    else:
        body = _one_period_group(having, c)
    return StepText(title, body)


def _colleague_hours(c: _Ctx, gap_hours: float) -> int | None:
    """More hours for a colleague who already counts: the fewest whole hours a week that close
    a small gap, for the colleague who counts most per hour and has room; None if nobody can."""
    a = c.a
    options = []
    for e in a.employees:
        weight = e.group_weight * e.contract_weight
        if not e.counted or weight <= 0:
            continue
        hours = math.ceil(gap_hours / weight - 1e-9)
        if e.weekly_hours + hours <= a.full_time_hours + 1e-9:
            options.append(hours)
    return min(options) if options else None


def _close_gap(s: NextStep, c: _Ctx) -> StepText | None:
    _, a = c.gettext, c.a
    if a.below_two_fte:
        return None  # the size comes first (the step for "2 FTE for a year")
    trede = s.params["trede"]
    g = a.gap(trede)
    if g is None:
        return None
    name = trede_name(trede, c.gettext)
    extra = _colleague_hours(c, g.hours_per_week) if small_gap_colleague(a) else None
    if extra is not None:
        return StepText(
            _("Close the gap to {trede}").format(trede=name),
            c.ngettext(
                "give a colleague who already counts {hours} more hour a week.",
                "give a colleague who already counts {hours} more hours a week.",
                extra,
            ).format(hours=extra),
        )
    # The one split of the gap into people (pso/gap.py), as the headline and the plan tell it:
    # never one candidate for more than a week's work.
    people = gap_hours(a, trede)
    if len(people) == 1:
        text = c.ngettext(
            "ask the Werkgeversservicepunt for a candidate who counts in full, for {hours} hour "
            "a week.",
            "ask the Werkgeversservicepunt for a candidate who counts in full, for {hours} hours "
            "a week.",
            people[0],
        ).format(hours=people[0])
    elif len(set(people)) == 1:
        text = _(
            "ask the Werkgeversservicepunt for {count} candidates who count in full, {hours} "
            "hours a week each."
        ).format(count=len(people), hours=people[0])
    else:
        text = _(
            "ask the Werkgeversservicepunt for {count} candidates who count in full: {list} "
            "hours a week."
        ).format(count=len(people), list=format_list([str(h) for h in people], locale=c.locale))
    return StepText(_("Close the gap to {trede}").format(trede=name), text, ("wsp",))


def _plan_of_action(s: NextStep, c: _Ctx) -> StepText:
    _ = c.gettext
    started = s.params.get("status") in ("yes", "started")
    if s.params.get("intent_grow") == "no" and not started:
        return StepText(
            _("If you want to aim higher later"),
            _("a plan of action toward Trede 1 within two years can bring Aspirant status."),
        )
    if small_gap_colleague(c.a):
        # docs/pso-rules.md: more hours first; Aspirant status only if the owner won't add them.
        return StepText(
            _("Rather not add hours?"),
            _("then Aspirant status is the route: keep your plan of action toward Trede 1 going.")
            if started
            else _("then Aspirant status is the route: a plan of action toward Trede 1."),
        )
    if started:
        return StepText(
            _("Keep your plan of action going"),
            _("adopted, started, aiming at Trede 1 within two years: the audit checks that."),
        )
    return StepText(
        _("Write a plan of action"),
        _("Trede 1 within two years: which tasks, which target groups, when, who guides."),
    )


def _find_candidates(s: NextStep, c: _Ctx) -> StepText:
    _ = c.gettext
    terms: tuple[str, ...] = ("wsp",)
    if c.contact:
        where, terms = c.contact, ()
    elif c.answers.get("municipality"):
        where = _("the Werkgeversservicepunt or the municipality of {name}").format(
            name=c.answers["municipality"]
        )
    else:
        where = _("the Werkgeversservicepunt in your region")
    return StepText(
        _("Find candidates and support"),
        _("ask {where} about candidates, subsidy and a job coach.").format(where=where),
        terms,
    )


def _apprentices(s: NextStep, c: _Ctx) -> StepText:
    _ = c.gettext
    return StepText(
        _("Apprentices count too"),
        _("a BBL/BOL student counts partly; MijnPSO has the exact figure."),
    )


def _social_purchasing(s: NextStep, c: _Ctx) -> StepText:
    _ = c.gettext
    if s.params.get("answer") == "yes":
        return StepText(
            _("Enter your social purchasing in MijnPSO"),
            _("it may raise your score; I haven't added it here."),
        )
    return StepText(
        _("Buy socially") if s.params.get("answer") == "no" else _("Check your purchasing"),
        _("buying from a PSO-certified supplier or a sociaal werkbedrijf can raise your score."),
        ("sw",),
    )


def _pso_30_plus(s: NextStep, c: _Ctx) -> StepText:
    _ = c.gettext
    share = fmt_pct(c.a.pso_30_plus_share_pct, c.locale)
    failing = failing_conditions(c.a, gettext=c.gettext, locale=c.locale)
    if failing:
        # Not to ask for while a condition of Trede 3 fails: the failing ones beside it.
        return StepText(
            _("PSO 30+ after the conditions"),
            _(
                "{share} of your FTE counts for PSO 30+, but the certificate needs Trede 3's "
                "conditions; not met: {conditions}."
            ).format(share=share, conditions=failing),
        )
    return StepText(
        _("Ask about PSO 30+"),
        _("{share} of your FTE counts for PSO 30+; ask about it in MijnPSO.").format(
            share=fmt_pct(c.a.pso_30_plus_share_pct, c.locale)
        ),
    )


def _mijnpso(s: NextStep, c: _Ctx) -> StepText:
    _ = c.gettext
    site = MIJNPSO
    if s.params.get("level", "none") == "none":
        if is_range(c.a):
            # Only the open answers make the numbers reach a Trede: the audit depends on them.
            return StepText(
                _("Continue in MijnPSO"),
                c.ngettext(
                    "do steps 1–5 on {site} (free); the audit (step 6) if your colleague counts "
                    "and all is in order.",
                    "do steps 1–5 on {site} (free); the audit (step 6) if your colleagues count "
                    "and all is in order.",
                    len(c.a.unconfirmed),
                ).format(site=site),
            )
        if aspirant_offered(c.a):
            return StepText(
                _("Continue in MijnPSO"),
                _("do steps 1–5 on {site} (free) to check your figures there.").format(site=site),
            )
        if small_gap_colleague(c.a):
            return StepText(
                _("Continue in MijnPSO"),
                _(
                    "do steps 1–5 on {site} (free); the audit (step 6) once the extra hours are "
                    "in and all is in order."
                ).format(site=site),
            )
        return StepText(
            _("Continue in MijnPSO"),
            _(
                "do steps 1–5 on {site} (free); request Aspirant status in step 6 once your "
                "plan has started."
            ).format(site=site),
        )
    if not s.params.get("audit_ready"):
        return StepText(
            _("Continue in MijnPSO"),
            _(
                "check your figures in steps 1–5 on {site} (free); the audit (step 6) once "
                "every condition is met."
            ).format(site=site),
        )
    if s.params.get("conditions_met") == "yes":
        return StepText(
            _("Request the audit"),
            _("do steps 1–5 on {site} (free) and request the audit in step 6.").format(site=site),
        )
    return StepText(
        _("Then request the audit"),
        _("once the open points are in order: steps 1–5 on {site}, the audit in step 6.").format(
            site=site
        ),
    )


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
        met = _meet(s, c)
        return _sentence(met) if met else None
    render = _STEPS.get(s.code)
    # An unknown code from a newer rules version: skip rather than fail.
    text = render(s, c) if render else None
    return _sentence(text) if text else None


def _sentence(t: StepText) -> StepText:
    """Bodies are written to follow their title ("Title: body"); alone they start a sentence."""
    return replace(t, body=t.body[:1].upper() + t.body[1:])


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


def term_notes(steps: Sequence[StepText], *, gettext: Gettext) -> list[str]:
    """What each name the steps use is (`TERMS`), once, in the order the steps name them."""
    named = dict.fromkeys(term for step in steps for term in step.terms)
    return [gettext(TERMS[term]) for term in named]
