"""The plan of action as data: where the organisation starts, what it aims at and by when, dated
milestones with measurable targets, what to do about each condition the audit checks, and the
evidence an auditor asks for. Pure (no fpdf): pso/pdf.py lays it out.

The goal and the milestones come from the gap (hours, people, dates). Below Trede 1 the plan asks
for Aspirant status once it has started; at a Trede it requests that Trede's audit. A colleague
whose counting period ends during the plan gets a milestone to re-scan then. An owner whose plan
has already started gets milestones that continue it. Evidence is listed per counted category,
only what rules.md and weights.csv support (otherwise: ask the Werkgeversservicepunt), and never
with names. Texts are plain, in the reader's language.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .assess import Assessment
from .conditions import CONDITIONS, QUALITATIVE
from .formatting import fmt_date, fmt_pct, hours_text, people_text
from .labels import period_groups, trede_name
from .next_steps import CONDITION_ACTIONS
from .result_texts import conditions_lines, gap_hours
from .rules import Rules, load_rules
from .translation import N_, Gettext, NGettext

PLAN_YEARS = 2

# What an auditor asks to see, per target group: only what rules.md and the notes of
# weights.csv support. {years} and {months} come from the rules data.
EVIDENCE: Mapping[str, str] = {
    "sw_indicated": N_(
        "The Wsw indication, showing that it is still valid: they count while it is."
    ),
    "participatiewet": N_(
        "Proof of their position when they started (Participatiewet, for example bijstand, "
        "IOAW/IOAZ, NUG or statushouder) and the start month: they count for {years} years "
        "from the start."
    ),
    "participatiewet_lks": N_(
        "Proof of the wage-cost subsidy (loonkostensubsidie) for them: they count as long as "
        "it runs."
    ),
    "wao_wia_waz": N_(
        "Proof of the WAO, WIA or WAZ benefit, or of the no-risk policy (article 29b Ziektewet)."
    ),
    "bbl_bol_1_vso_pro_internship": N_(
        "The work-placement or internship agreement; they count partly, and MijnPSO has the "
        "exact figure."
    ),
    "bbl_bol_2": N_(
        "The work-placement or learning-work agreement (leerwerkovereenkomst); they count "
        "partly, and MijnPSO has the exact figure."
    ),
    "vso_pro": N_(
        "Proof of leaving VSO or PrO and the month they left: they count for {years} years "
        "after leaving school."
    ),
    "ww": N_(
        "Proof of the WW benefit and that they were unemployed for at least {months} months "
        "before starting."
    ),
    "target_register_other": N_("Their entry in the target-group register (doelgroepregister)."),
}
CONTRACT_EVIDENCE: Mapping[str, str] = {
    "internship_reintegration": N_(
        "For an internship, work-experience place or re-integration trajectory: its agreement "
        "with the start month, since it counts for at most {years} years."
    ),
}


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day where it is shorter)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


@dataclass(frozen=True)
class Baseline:
    """Where the plan starts: the figures of ``day`` and what it aims at."""

    day: dt.date
    level: str  # what the numbers reach now: "none" or a Trede
    aim: str | None  # the Trede the plan aims at: Trede 1 below it, else the next; None at the top
    hours: tuple[int, ...]  # the gap to ``aim`` as whole hours a week per new colleague
    started: bool  # the owner's own plan has already started: this one continues it

    @property
    def end(self) -> dt.date:
        return add_months(self.day, 12 * PLAN_YEARS)


@dataclass(frozen=True)
class Milestone:
    when: dt.date
    what: str
    target: str


@dataclass(frozen=True)
class Requirement:
    """A condition the audit checks: how it stands ("Guidance: partly, so not known yet") and
    what to do about it."""

    condition: str
    status: str
    action: str


@dataclass(frozen=True)
class Evidence:
    group: str  # the target group's name, or "" for what a kind of contract asks
    text: str


@dataclass(frozen=True)
class Plan:
    baseline: Baseline
    intro: str
    goal: str
    milestones: tuple[Milestone, ...]  # in date order
    requirements: tuple[Requirement, ...]  # every condition, in the rules' order
    evidence: tuple[Evidence, ...]  # per counted category; empty when nobody counts yet
    evidence_note: str  # under the evidence; without any, what to keep for a new colleague


@dataclass(frozen=True)
class _Ctx:
    a: Assessment
    answers: Mapping[str, Any]
    gettext: Gettext
    ngettext: NGettext
    locale: str
    rules: Rules
    base: Baseline


def plan_of_action(
    assessment: Assessment,
    answers: Mapping[str, Any],
    *,
    gettext: Gettext,
    ngettext: NGettext,
    locale: str,
    start: dt.date,
) -> Plan:
    """The plan written from ``answers`` on ``start``, in the caller's language."""
    _, a = gettext, assessment
    aim = a.next_trede
    base = Baseline(
        day=start,
        level=a.level,
        aim=aim,
        hours=gap_hours(a, aim) if aim else (),
        started=answers.get("has_plan") in ("yes", "started"),
    )
    c = _Ctx(a, answers, gettext, ngettext, locale, load_rules(a.rules_version), base)
    intro = (
        _("This continues the plan you have started, with the figures of {date}.")
        if base.started
        else _("A draft written from your answers of {date}: make it yours, adopt it and start it.")
    )
    evidence = _evidence(c)
    return Plan(
        baseline=base,
        intro=intro.format(date=fmt_date(start, locale)),
        goal=_goal(c),
        milestones=_milestones(c),
        requirements=tuple(
            Requirement(cond, status, _requirement_action(cond, answer, c))
            for cond, (answer, status) in zip(
                CONDITIONS, conditions_lines(a, gettext=gettext, locale=locale), strict=True
            )
        ),
        evidence=evidence,
        evidence_note=(
            _("Keep these in your own records with the start months; names never go in this plan.")
            if evidence
            else _(
                "For each new colleague from the target group, keep proof of their position "
                "when they started. Ask your Werkgeversservicepunt which document the auditor "
                "accepts."
            )
        ),
    )


# --- the goal and the milestones --------------------------------------------------------------


def _goal(c: _Ctx) -> str:
    _, a, base = c.gettext, c.a, c.base
    end = fmt_date(base.end, c.locale)
    if base.aim is None:
        return _(
            "Keep {trede} and have it audited in MijnPSO; a certificate is valid for two years, "
            "so plan the renewal by {date}."
        ).format(trede=trede_name(a.level, c.gettext), date=end)
    hours = sum(base.hours)
    example = people_text(base.hours, ngettext=c.ngettext, locale=c.locale)
    if base.level == "none":
        return c.ngettext(
            "Reach at least {trede} by {date}, with about {hours} hour a week more from the "
            "target group (for example {people}).",
            "Reach at least {trede} by {date}, with about {hours} hours a week more from the "
            "target group (for example {people}).",
            hours,
        ).format(trede=trede_name(base.aim, c.gettext), date=end, hours=hours, people=example)
    return c.ngettext(
        "Go from {now} to {trede} by {date}, with about {hours} hour a week more from the "
        "target group (for example {people}).",
        "Go from {now} to {trede} by {date}, with about {hours} hours a week more from the "
        "target group (for example {people}).",
        hours,
    ).format(
        now=trede_name(base.level, c.gettext),
        trede=trede_name(base.aim, c.gettext),
        date=end,
        hours=hours,
        people=example,
    )


def _hire_months(n: int) -> list[int]:
    """Months after the start at which each new colleague begins: spread over months 6 to 18."""
    if n <= 1:
        return [6] * n
    return [6 + round(12 * i / (n - 1)) for i in range(n)]


def _milestones(c: _Ctx) -> tuple[Milestone, ...]:
    _, a, start = c.gettext, c.a, c.base.day
    month = 1
    out: list[Milestone] = []
    if not c.base.started:
        out.append(
            Milestone(
                add_months(start, month),
                _("Adopt this plan, start it and contact the Werkgeversservicepunt."),
                _("Plan signed; first talk held"),
            )
        )
        month += 1
    if any(a.conditions.get(k) != "yes" for k in CONDITIONS):
        out.append(
            Milestone(
                add_months(start, month),
                _("Put the conditions the audit checks in order."),
                _("All {total} conditions met and written down").format(total=len(CONDITIONS)),
            )
        )
        month += 1
    out.append(_request_milestone(c, add_months(start, month)))
    out += _hire_milestones(c)
    out += _period_milestones(c)
    out += _final_milestones(c)
    return tuple(sorted(out, key=lambda m: m.when))


def _request_milestone(c: _Ctx, when: dt.date) -> Milestone:
    """Aspirant status below Trede 1 once the plan has started; the audit for the Trede the
    numbers reach, unless a condition is known to fail."""
    _, a = c.gettext, c.a
    if a.level == "none":
        return Milestone(
            when,
            _(
                "Request Aspirant status in MijnPSO step 6: an audit checks the plan, and it "
                "is granted only once."
            ),
            _("Request submitted; audit date known"),
        )
    # After the conditions milestone, so no condition is known to fail by then.
    return Milestone(
        when,
        _("Request the audit for {trede} in MijnPSO step 6.").format(
            trede=trede_name(a.level, c.gettext)
        ),
        _("Request submitted; audit date known"),
    )


def _hire_milestones(c: _Ctx) -> list[Milestone]:
    _, people = c.gettext, c.base.hours
    total, done = sum(people), 0
    out = []
    for i, (hours, month) in enumerate(zip(people, _hire_months(len(people)), strict=True), 1):
        done += hours
        out.append(
            Milestone(
                add_months(c.base.day, month),
                _("New colleague {n} from the target group at work, {hours} a week.").format(
                    n=i, hours=hours_text(hours, c.ngettext)
                ),
                _hire_target(c, done, total, i, len(people)),
            )
        )
    return out


def _hire_target(c: _Ctx, done: int, total: int, n: int, people: int) -> str:
    _ = c.gettext
    if people == 1:
        return c.ngettext(
            "{total} extra hour a week from the target group",
            "{total} extra hours a week from the target group",
            total,
        ).format(total=total)
    return _("{done} of {total} extra hours a week; {n} of {people} new colleagues").format(
        done=done, total=total, n=n, people=people
    )


def _period_milestones(c: _Ctx) -> list[Milestone]:
    """A person whose counting period ends during the plan: a milestone to re-scan then."""
    _, start, end = c.gettext, c.base.day, c.base.end
    out = []
    for e in c.a.employees:
        if not e.counted or e.ends is None or not start < e.ends.first_day() <= end:
            continue
        out.append(
            Milestone(
                e.ends.first_day(),
                _("A colleague ({group}) no longer counts from this month; re-scan.").format(
                    group=period_groups([e], gettext=c.gettext, locale=c.locale)
                ),
                _("Their {hours} a week replaced").format(
                    hours=hours_text(round(e.weekly_hours), c.ngettext)
                ),
            )
        )
    return out


def _final_milestones(c: _Ctx) -> list[Milestone]:
    _, a, base = c.gettext, c.a, c.base
    if base.aim is None:
        return [
            Milestone(
                base.end,
                _("The certificate is valid for two years: re-scan and request the renewal."),
                _("Renewal requested"),
            )
        ]
    g = a.gap(base.aim)
    norm = fmt_pct(g.norm_pct_after if g else a.norms[base.aim], c.locale)
    return [
        Milestone(
            add_months(base.day, 12),
            _("Halfway: re-scan with Tredebot and compare with this plan."),
            _("Re-scan done; milestones on time"),
        ),
        Milestone(
            base.end,
            _("Goal: {trede} reached; request the audit in MijnPSO step 6.").format(
                trede=trede_name(base.aim, c.gettext)
            ),
            _("Contribution at least {norm}").format(norm=norm),
        ),
    ]


# --- the conditions and the evidence ------------------------------------------------------------


def _requirement_action(cond: str, answer: str, c: _Ctx) -> str:
    _ = c.gettext
    if answer == "yes":
        if cond in QUALITATIVE:
            return _("Keep doing it and write down how, so you can show it in the audit.")
        if cond == "own_kvk":
            return _("Keep your KvK number at hand for the request.")
        return _("Keep the payroll records that show it.")
    action = _(CONDITION_ACTIONS[cond])
    if answer in ("partly", "unknown") and cond in QUALITATIVE:
        return _("Write down what you already do and what is missing.") + " " + action
    if answer == "unknown":
        return (
            _("Check it in your payroll records.")
            if cond == "two_fte_one_year"
            else _("Check your KvK registration.")
        )
    return action


def _evidence(c: _Ctx) -> tuple[Evidence, ...]:
    """What to keep for each category of the people who count; never names."""
    _ = c.gettext
    counted = [e for e in c.a.employees if e.counted]
    items = [
        Evidence(c.rules.target_groups[key].label(c.locale), _evidence_text(key, c))
        for key in dict.fromkeys(e.target_group for e in counted)
    ]
    for key in dict.fromkeys(e.contract for e in counted):
        text = CONTRACT_EVIDENCE.get(key)
        months = c.rules.period_months_by_contract.get(key)
        if text is not None and months is not None:
            items.append(Evidence("", _(text).format(years=months // 12)))
    return tuple(items)


def _evidence_text(key: str, c: _Ctx) -> str:
    _ = c.gettext
    text = EVIDENCE.get(key)
    if text is None:
        return _("Ask your Werkgeversservicepunt which document the auditor asks for.")
    months = c.rules.period_months_by_group.get(key, 0)
    return _(text).format(years=months // 12, months=c.rules.unemployed_before_start_months)
