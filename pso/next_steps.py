"""The next steps: which apply to an assessment, in what order, and what each says.

``assess`` decides the steps (``Assessment.next_steps``: a code and its parameters, most useful
first); this registry gives each code its title and body in the reader's language, as plain text.
An unknown code (from a newer rules version) is skipped rather than failing. The chat shows at
most five (how to go on in MijnPSO, with the costs, always last); the PDF shows them all.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from babel.lists import format_list

from .assess import Assessment, NextStep
from .conditions import QUALITATIVE
from .counting import STARTED_UNKNOWN, UNEMPLOYED_UNKNOWN
from .formatting import fmt_num, fmt_pct
from .labels import CONDITION_HEADINGS, MIJNPSO, condition_name, period_groups, trede_name
from .result_texts import gap_sentence
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
    """rules.md's costs, said plainly and without amounts."""
    _ = gettext
    return _(
        "Steps 1–5 are free. A request in step 6 costs money: an audit fee to the certifying "
        "body you choose (you can ask for quotes in step 6) and a yearly contribution to "
        "PSO-Nederland. A certificate is valid for two years."
    )


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
