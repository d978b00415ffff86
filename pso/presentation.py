"""Texts of the result for Telegram (HTML) and the PDF, in the caller's language.

Every function takes the caller's ``gettext`` (and ``ngettext``) and a ``locale`` ("nl"/"en").
Source texts are English literals in ``_("...")`` so pybabel finds them; placeholders are
filled with ``.format()`` after translation.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from babel import Locale
from babel.lists import format_list
from babel.numbers import NumberPattern, parse_pattern

from .assess import PSO_30_PLUS_PCT, Assessment, NextStep, hours_examples
from .rules import TREDES, load_rules

Gettext = Callable[[str], str]
NGettext = Callable[[str, str, int], str]


def N_(s: str) -> str:
    """Marks a text for extraction; it is translated later with _()."""
    return s


SECTOR_LABELS: Mapping[str, str] = {
    "bakery": N_("Bakery"),
    "retail": N_("Retail"),
    "hospitality": N_("Hospitality"),
    "construction": N_("Construction"),
    "cleaning": N_("Cleaning"),
    "garage": N_("Garage"),
    "care": N_("Care"),
    "ict": N_("ICT"),
    "manufacturing": N_("Manufacturing"),
    "other": N_("Other"),
}

QUALITATIVE_LABELS: Mapping[str, str] = {
    "suitable_work": N_("Suitable work"),
    "guidance": N_("Guidance"),
    "integration": N_("Integration"),
    "development": N_("Functioning and development"),
}

CHOICE_LABELS: Mapping[str, str] = {
    "yes": N_("yes"),
    "no": N_("no"),
    "partly": N_("partly"),
    "unknown": N_("don't know yet"),
    "maybe": N_("maybe"),
    "started": N_("started"),
    "lt_10k": N_("less than €10,000 a year"),
    "10k_50k": N_("€10,000–50,000 a year"),
    "50k_250k": N_("€50,000–250,000 a year"),
    "gt_250k": N_("more than €250,000 a year"),
}

MIJNPSO = "mijnpso.nl"


def _esc(s: str) -> str:
    # Telegram HTML: escape <, > and &; quotes need no escaping outside attributes.
    return html.escape(s, quote=False)


# --- formatting -----------------------------------------------------------------------------


def fmt_num(x: float | Decimal, locale: str, fmt: str = "#,##0.0") -> str:
    """One decimal with the locale's separators: 4.7 → "4,7" in Dutch. Babel's
    `format_decimal`, with the pattern and the locale parsed once rather than on every call
    (half its time; a question's message formats several numbers)."""
    return _pattern(fmt).apply(x, _locale(locale))


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


def fmt_weight(x: float, locale: str) -> str:
    return fmt_num(x, locale, "0.0#")


def trede_name(trede: str, gettext: Gettext) -> str:
    _ = gettext
    return _("Trede {n}").format(n=TREDES.index(trede) + 1)


def level_text(a: Assessment, gettext: Gettext) -> str:
    _ = gettext
    if a.level == "none":
        return _("no Trede yet — the road to Aspirant-status")
    return trede_name(a.level, gettext)


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


def gap_phrase(a: Assessment, trede: str, *, gettext: Gettext, ngettext: NGettext, locale: str):
    """'about 6 hours a week more from the target group, for example one person ...'."""
    g = a.gap(trede)
    if g is None:
        return ""
    people = hours_examples(g.hours_per_week, a.full_time_hours)
    total = sum(people)
    return ngettext(
        "about {hours} hour a week more from the target group, "
        "for example {people} on a regular contract",
        "about {hours} hours a week more from the target group, "
        "for example {people} on a regular contract",
        total,
    ).format(hours=total, people=people_text(people, ngettext=ngettext, locale=locale))


def gap_sentence(a: Assessment, trede: str, *, gettext: Gettext, ngettext: NGettext, locale: str):
    """'To reach Trede 1: about 6 hours a week more ... on a regular contract.'"""
    _ = gettext
    if a.gap(trede) is None:
        return ""
    return _("To reach {trede}: {gap}.").format(
        trede=trede_name(trede, gettext),
        gap=gap_phrase(a, trede, gettext=gettext, ngettext=ngettext, locale=locale),
    )


def disclaimer(a: Assessment, *, gettext: Gettext) -> str:
    _ = gettext
    return _(
        "Indicative, not a certificate. The official scan is MijnPSO ({site}). Rules {version}."
    ).format(site=MIJNPSO, version=a.rules_version)


# --- the result -----------------------------------------------------------------------------


def norm_lines(a: Assessment, *, gettext: Gettext, locale: str) -> list[tuple[str, str, bool]]:
    """(Trede name, norm %, reached) for the three Tredes."""
    return [(trede_name(t, gettext), fmt_pct(a.norms[t], locale), a.reached(t)) for t in TREDES]


def _contribution_digits(a: Assessment, locale: str) -> str:
    # If one decimal would show a not-reached norm as equal to the contribution, show two.
    one = fmt_num(a.contribution_pct, locale)
    if any(not a.reached(t) and fmt_num(a.norms[t], locale) == one for t in TREDES):
        return "#,##0.00"
    return "#,##0.0"


def result_message(
    assessment: Assessment,
    *,
    gettext: Gettext,
    ngettext: NGettext,
    locale: str,
    answers: Mapping[str, Any] | None = None,
) -> str:
    """The result as Telegram HTML (only <b> and <i>), well under 1500 characters."""
    _ = gettext
    a = assessment
    e = _esc
    lines: list[str] = []
    org = (answers or {}).get("org_name")
    if org:
        lines.append(e(str(org)))
    lines.append(
        "<b>{}</b>".format(e(_("Indicative level: {level}").format(level=level_text(a, gettext))))
    )
    lines.append("")
    digits = _contribution_digits(a, locale)
    lines.append(
        e(_("Your contribution: {pct} (weighted target-group FTE of your total FTE).")).format(
            pct=f"<b>{e(fmt_pct(a.contribution_pct, locale, digits))}</b>"
        )
    )
    size = e(_("Norms for {size} FTE:").format(size=a.norm_size))
    if a.interpolated:
        size += " <i>{}</i>".format(e(_("(interpolated)")))
    lines.append(size)
    for name, pct, reached in norm_lines(a, gettext=gettext, locale=locale):
        mark = "✅" if reached else "▫️"
        lines.append(f"{mark} {e(name)}: {e(pct)}")
    if a.below_minimum_size:
        lines.append(
            "<i>{}</i>".format(
                e(
                    _(
                        "The ladder is built for organisations of 2 FTE and more; "
                        "we used the norms for 2 FTE."
                    )
                )
            )
        )
    lines.append("")
    if a.pso_30_plus:
        lines.append(
            e(
                _(
                    "PSO 30+: {share} of your FTE is from the target group, so the separate "
                    "PSO 30+ certificate may be within reach."
                ).format(share=fmt_pct(a.target_group_share_pct, locale))
            )
        )
    else:
        lines.append(
            e(
                _(
                    "PSO 30+: not yet ({share} of your FTE is from the target group; "
                    "{needed} needed)."
                )
            ).format(
                share=e(fmt_pct(a.target_group_share_pct, locale)),
                needed=e(fmt_pct(PSO_30_PLUS_PCT, locale, "0")),
            )
        )
    if a.next_trede:
        lines.append(
            e(gap_sentence(a, a.next_trede, gettext=gettext, ngettext=ngettext, locale=locale))
        )
    else:
        lines.append(e(_("You are on the highest step. Keep it up!")))
    if a.level == "none":
        lines.append(
            e(
                _(
                    "Below Trede 1, a plan of action that has started gives you Aspirant-status. "
                    "(There is also a Basistrede; its norm is not public, so we do not compute it.)"
                )
            )
        )
    if a.purchasing_upside:
        lines.append(
            e(
                _(
                    "You buy from PSO-certified organisations or SW companies: that may raise "
                    "your score. MijnPSO computes it exactly."
                )
            )
        )
    lines.append("")
    lines.append(f"<i>{e(disclaimer(a, gettext=gettext))}</i>")
    return "\n".join(lines)


# --- next steps -----------------------------------------------------------------------------


@dataclass(frozen=True)
class StepText:
    title: str
    body: str


def next_steps_heading(a: Assessment, *, gettext: Gettext) -> str:
    _ = gettext
    if a.route == "aspirant":
        return _("Next steps toward Aspirant-status and Trede 1")
    if a.route == "next_trede" and a.next_trede:
        return _("Next steps toward {trede}").format(trede=trede_name(a.next_trede, gettext))
    return _("Next steps: keep your Trede")


def _step_text(
    s: NextStep,
    a: Assessment,
    answers: Mapping[str, Any],
    *,
    gettext: Gettext,
    ngettext: NGettext,
    locale: str,
) -> StepText | None:
    _ = gettext
    p = s.params
    if s.code == "close_gap":
        return StepText(
            _("Close the gap to {trede}").format(trede=trede_name(p["trede"], gettext)),
            _("You need {gap}.").format(
                gap=gap_phrase(a, p["trede"], gettext=gettext, ngettext=ngettext, locale=locale)
            ),
        )
    if s.code == "plan_of_action":
        body = {
            "no": _(
                "Goal: at least Trede 1 within two years. Write down which tasks suit (job "
                "carving), which target groups, a timeline and who guides new colleagues. "
                "The PDF has a draft."
            ),
            "started": _(
                "Finish your plan and keep it going: a started plan aiming at Trede 1 within "
                "two years is what Aspirant-status asks."
            ),
            "yes": _(
                "You have a plan: check that it has started and aims at Trede 1 within two "
                "years; then you can ask for Aspirant-status."
            ),
        }[p.get("status", "no")]
        return StepText(_("Write a plan of action"), body)
    if s.code == "find_candidates":
        muni = answers.get("municipality")
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
    if s.code == "apprentices":
        groups = load_rules(a.rules_version).target_groups
        return StepText(
            _("Apprentices count too"),
            _(
                "A BBL/BOL student or intern with a work placement counts partly "
                "(weight {w1} at level 1, {w2} at level 2)."
            ).format(
                w1=fmt_weight(groups["bbl_bol_1_vso_pro_internship"].weight, locale),
                w2=fmt_weight(groups["bbl_bol_2"].weight, locale),
            ),
        )
    if s.code == "social_purchasing":
        if p.get("answer") == "yes":
            return StepText(
                _("Count your social purchasing"),
                _(
                    "Enter what you buy from PSO-certified organisations and SW companies in "
                    "MijnPSO: it may raise your score. We do not add it here."
                ),
            )
        return StepText(
            _("Buy socially"),
            _(
                "Buying from PSO-certified suppliers or SW companies (catering, cleaning, "
                "printing) can add to your score; MijnPSO computes how much."
            ),
        )
    if s.code.startswith("qualitative_"):
        q = s.code.removeprefix("qualitative_")
        body = {
            "suitable_work": _(
                "List tasks a new colleague could do well and shape a job around the person "
                "(job carving)."
            ),
            "guidance": _(
                "Name a buddy for each new colleague and plan regular check-ins; a job coach "
                "can help."
            ),
            "integration": _(
                "Let new colleagues take part like everyone else: same team meetings, breaks, "
                "information and outings."
            ),
            "development": _(
                "Hold a yearly development talk and offer training, so people can grow in "
                "their work."
            ),
        }.get(q)
        if body is None:
            return None
        return StepText(_(QUALITATIVE_LABELS[q]), body)
    if s.code.startswith("check_"):
        q = s.code.removeprefix("check_")
        if q not in QUALITATIVE_LABELS:
            return None
        return StepText(
            _("Check: {requirement}").format(requirement=_(QUALITATIVE_LABELS[q]).lower()),
            _(
                "You answered “{answer}”. The audit looks at this: write down what you already "
                "do and what is missing."
            ).format(answer=choice_label(p.get("answer"), gettext)),
        )
    if s.code == "pso_30_plus":
        return StepText(
            _("Ask about PSO 30+"),
            _(
                "{needed} or more of your FTE is from the target group: the separate PSO 30+ "
                "certificate may suit you."
            ).format(needed=fmt_pct(PSO_30_PLUS_PCT, locale, "0")),
        )
    if s.code == "mijnpso":
        if p.get("audit_ready"):
            return StepText(
                _("Make it official"),
                _(
                    "Register on MijnPSO ({site}), do steps 1–5 (free), then request the audit "
                    "in step 6."
                ).format(site=MIJNPSO),
            )
        return StepText(
            _("Go on in MijnPSO"),
            _(
                "Register on MijnPSO ({site}) and do steps 1–5 (free) once your plan has "
                "started; request the audit in step 6 when you are ready."
            ).format(site=MIJNPSO),
        )
    return None  # an unknown code from a newer rules version: skip rather than fail


def next_step_texts(
    assessment: Assessment,
    answers: Mapping[str, Any],
    *,
    gettext: Gettext,
    ngettext: NGettext,
    locale: str,
) -> list[StepText]:
    """Plain-text title and body of each next step, in order."""
    out = []
    for s in assessment.next_steps:
        t = _step_text(s, assessment, answers, gettext=gettext, ngettext=ngettext, locale=locale)
        if t is not None:
            out.append(t)
    return out


def next_steps_message(
    assessment: Assessment,
    answers: Mapping[str, Any],
    *,
    gettext: Gettext,
    ngettext: NGettext,
    locale: str,
) -> str:
    """The tailored next steps as numbered Telegram HTML (≤ 3500 characters)."""
    e = _esc
    steps = next_step_texts(assessment, answers, gettext=gettext, ngettext=ngettext, locale=locale)
    lines = [f"<b>{e(next_steps_heading(assessment, gettext=gettext))}</b>", ""]
    for i, st in enumerate(steps, 1):
        lines.append(f"{i}. <b>{e(st.title)}</b>: {e(st.body)}")
    lines.append("")
    lines.append(f"<i>{e(disclaimer(assessment, gettext=gettext))}</i>")
    return "\n".join(lines)
