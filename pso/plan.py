"""The plan of action as data (docs/pso-rules.md "The plan of action (the PDF)"). Pure (no
fpdf): pso/pdf.py lays it out.

The plan knows when people stop counting. Its goal is computed on the people who will *still
count* at the target date and whose counting is known (a person whose period ends before it, or
whose counting is not known yet, is left out of the goal's numbers, and the plan says so). No
milestone that relies on the numbers (an audit request) is dated on or after a month in which
those numbers no longer hold. A gap under 8 hours a week with a colleague who already counts
and has room is closed by more hours for them; a new colleague (and Aspirant status) is then
the alternative. Otherwise, below Trede 1 the plan leads to Aspirant status, which the audit
grants on the plan itself; an owner who does not want a Trede within two years is offered the
plan, not told to follow it. Texts are plain, in the reader's language; never names.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from babel.dates import format_date
from babel.lists import format_list

from .assess import Assessment, EmployeeResult
from .conditions import CONDITIONS, QUALITATIVE
from .counting import STARTED_UNKNOWN, UNEMPLOYED_UNKNOWN
from .formatting import fmt_date, fmt_num, fmt_pct, hours_text, people_text
from .gap import EPS, colleague_hours, gap_after_hiring, hours_examples, norm_row
from .labels import CONDITION_HEADINGS, PERIOD_GROUPS, trede_name
from .next_steps import CONDITION_ACTIONS
from .result_texts import SMALL_GAP_HOURS
from .rules import TREDES, Rules, load_rules, norms_for_size
from .support import GRANTORS, load_support, schemes_for
from .support_texts import SHORT_NAMES, indicative
from .translation import N_, Gettext, NGettext

PLAN_YEARS = 2
REVIEW_MONTHS = 6
LEVELS = ("none", *TREDES)

# What an auditor asks to see, per target group: only what docs/pso-rules.md and the notes of
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
    "ww": N_("Proof that they received WW benefit for at least {months} months before starting."),
    "target_register_other": N_("Their entry in the target-group register (doelgroepregister)."),
}
CONTRACT_EVIDENCE: Mapping[str, str] = {
    "internship_reintegration": N_(
        "For an internship, work-experience place or re-integration trajectory: its agreement "
        "with the start month, since it counts for at most {years} years."
    ),
}

# Per planned hire: who, found where, with which support (docs/pso-rules.md: no amounts). One
# hire gets every channel; two or more take turns, so each channel is named once.
HIRE_PROFILES: tuple[tuple[str, str, str], ...] = (
    (
        N_("Someone who counts in full: Wajong, WIA, banenafspraak or bijstand"),
        N_("Werkgeversservicepunt or UWV"),
        N_("wage-cost subsidy, no-risk policy, trial placement"),
    ),
    (
        N_("A VSO/PrO school leaver, or someone with a Wsw indication"),
        N_("a VSO/PrO or Entree school, or an SW company"),
        N_("job coach, trial placement, BBL"),
    ),
)
# The target groups each profile names, for the support that may apply to them (pso/support.py).
HIRE_PROFILE_GROUPS: tuple[tuple[str, ...], ...] = (
    ("wajong", "wao_wia_waz", "target_register_other", "participatiewet"),
    ("vso_pro", "sw_indicated"),
)
ONE_HIRE_GROUPS: tuple[str, ...] = HIRE_PROFILE_GROUPS[0]
ONE_HIRE: tuple[str, str, str] = (
    N_("Someone who counts in full: Wajong, WIA, banenafspraak or bijstand"),
    N_("Werkgeversservicepunt, UWV, an SW company, or a VSO/PrO or Entree school"),
    N_("wage-cost subsidy, no-risk policy, trial placement, job coach, BBL"),
)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day where it is shorter)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def month_text(day: dt.date, locale: str) -> str:
    """ "February 2027", "februari 2027"."""
    return str(format_date(day, "MMMM y", locale="nl" if locale.startswith("nl") else "en_GB"))


@dataclass(frozen=True)
class Person:
    """A row of the baseline: a counted colleague by category, never by name."""

    group: str
    hours: float
    contract: str
    weighted_fte: float
    ends: dt.date | None  # the first day they no longer count; None: no end (or not known)
    known: bool  # their counting is known (no open question)


@dataclass(frozen=True)
class Colleague:
    """More hours for a colleague who already counts: the first way to close a gap under 8
    hours a week (docs/pso-rules.md), before a new hire or Aspirant status."""

    group: str
    now: float  # their hours a week today
    extra: int  # whole hours a week more
    weighted_fte: float  # what the extra hours add to the contribution's numerator
    fte: float  # and to the organisation's size


@dataclass(frozen=True)
class Baseline:
    """Where the plan starts and what it aims at, on the people who will still count."""

    day: dt.date
    level: str  # what the answers that are known carry now: "none" or a Trede
    aim: str | None  # the Trede the plan aims at; None: keep Trede 3
    hours: tuple[int, ...]  # the gap to ``aim`` as whole hours a week per new colleague
    started: bool  # the owner's own plan has already started: this one continues it
    offered: bool  # the owner does not want a Trede within two years: the plan is an offer
    people: tuple[Person, ...]
    colleague: Colleague | None = None  # the first way to close a small gap; hires the other

    @property
    def end(self) -> dt.date:
        return add_months(self.day, 12 * PLAN_YEARS)


@dataclass(frozen=True)
class Milestone:
    when: dt.date
    what: str
    target: str
    who: str = ""
    needs: str = ""


@dataclass(frozen=True)
class Hire:
    n: int
    when: dt.date
    hours: int
    group: str
    channel: str
    support: str
    groups: tuple[str, ...] = ()  # the target groups the profile names (weights.csv keys)


@dataclass(frozen=True)
class HireSupport:
    """For planned hire `n`: the schemes that may apply to the groups it names, by who grants
    them ("UWV: …; the municipality: …; payroll return: LKV banenafspraak"), without amounts."""

    n: int
    by_grantor: tuple[tuple[str, str], ...]  # (who, what), in the order UWV, municipality, payroll


@dataclass(frozen=True)
class SupportPart:
    """The plan's support per planned hire, and the data's date with "indicative"."""

    hires: tuple[HireSupport, ...]
    note: str


@dataclass(frozen=True)
class Requirement:
    """A condition the audit checks, as given ("Guidance: partly …"), and what to do about it."""

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
    goal_notes: tuple[str, ...]  # who is left out of the goal's numbers, and why
    milestones: tuple[Milestone, ...]  # in date order
    hires: tuple[Hire, ...]
    started_proof: str | None  # how the start is shown when Aspirant status is requested
    requirements_title: str
    requirements_intro: str | None
    requirements: tuple[Requirement, ...]  # every condition, in the rules' order
    evidence: tuple[Evidence, ...]  # per counted category; empty when nobody counts yet
    evidence_note: str
    retention: str
    purchasing: str
    review: str
    support: SupportPart | None = None  # None: no planned hire
    alternative: str | None = None  # a small gap: the hires (and Aspirant status) instead

    def requirement_lines(self) -> list[tuple[str, str]]:
        """(status, action) per condition, with conditions that share an action said once:
        "Suitable work: met; Integration: met." and "Keep doing it …" one time."""
        lines: dict[str, list[str]] = {}
        for r in self.requirements:
            lines.setdefault(r.action, []).append(r.status)
        return [("; ".join(statuses), action) for action, statuses in lines.items()]


@dataclass(frozen=True)
class _Ctx:
    a: Assessment
    answers: Mapping[str, Any]
    gettext: Gettext
    ngettext: NGettext
    locale: str
    rules: Rules
    start: dt.date


# --- the numbers on a day -----------------------------------------------------------------------


def counts_on(e: EmployeeResult, day: dt.date, *, known_only: bool = True) -> bool:
    """Counted, known (unless not ``known_only``), and still within the period on ``day``."""
    known = not e.notes or not known_only
    return e.counted and known and (e.ends is None or e.ends.first_day() > day)


def _level_of(pct: float, norms: Mapping[str, float]) -> str:
    level = "none"
    for t in TREDES:
        if pct + EPS >= norms[t]:
            level = t
    return level


def numbers_on(
    c: _Ctx,
    day: dt.date,
    hired_fte: float = 0.0,
    *,
    known_only: bool = True,
    colleague: Colleague | None = None,
) -> tuple[float, str, Mapping[str, float]]:
    """The contribution, the level it reaches and the norms on ``day``, counting the people
    still within their period (only those whose counting is known, unless not ``known_only``),
    plus ``hired_fte`` of new colleagues who count in full and a ``colleague``'s extra hours."""
    a = c.a
    counting = [e for e in a.employees if counts_on(e, day, known_only=known_only)]
    more = (colleague.weighted_fte, colleague.fte) if colleague else (0.0, 0.0)
    weighted = math.fsum(e.weighted_fte for e in counting) + hired_fte + more[0]
    size = a.size_fte + hired_fte + more[1]
    norms, _interpolated = norms_for_size(c.rules, norm_row(c.rules, size))
    pct = 100 * weighted / size
    return pct, _level_of(pct, norms), norms


def _aim(now: str, at_end: str) -> str | None:
    """Trede 1 below it, else the next Trede; at Trede 3, None unless it will not hold."""
    if now == "trede_3":
        return None if at_end == "trede_3" else "trede_3"
    return TREDES[LEVELS.index(now)]


def _hire_months(n: int) -> list[int]:
    """Months after the start at which each new colleague begins: spread over months 6 to 18."""
    if n <= 1:
        return [6] * n
    return [6 + round(12 * i / (n - 1)) for i in range(n)]


# --- the plan -----------------------------------------------------------------------------------


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
    a = assessment
    c = _Ctx(a, answers, gettext, ngettext, locale, load_rules(a.rules_version), start)
    base = _baseline(c)
    hires = _hires(c, base)
    evidence = _evidence(c)
    return Plan(
        baseline=base,
        intro=_intro(c, base),
        goal=_goal(c, base),
        goal_notes=_goal_notes(c, base),
        milestones=_milestones(c, base, hires),
        hires=hires,
        started_proof=_started_proof(c, base),
        requirements_title=_requirements_title(c, base),
        requirements_intro=_requirements_intro(c, base),
        requirements=tuple(_requirement(cond, c) for cond in CONDITIONS),
        evidence=evidence,
        evidence_note=_evidence_note(c, evidence),
        retention=_retention(c),
        purchasing=_purchasing(c),
        review=_review(c, base),
        support=_support(c, hires),
        alternative=_alternative(c, base),
    )


def _support(c: _Ctx, hires: Sequence[Hire]) -> SupportPart | None:
    """Per planned hire, for the groups it names: the schemes and who grants them, which is what
    to ask UWV, the municipality and the payroll administrator; no amounts (docs/pso-rules.md:
    a hire's hours and wage are not known yet); dated and indicative."""
    if not hires:
        return None
    _ = c.gettext
    whom = {
        "uwv": _("UWV"),
        "municipality": _("the municipality"),
        "tax_office": _("payroll return"),
    }
    support = load_support()
    # A scheme open to every group is said once, below the table, not in every row.
    everyone = [s.key for s in support.schemes if set(c.rules.target_groups) <= set(s.categories)]
    out = []
    for h in hires:
        asked: dict[str, list[str]] = {grantor: [] for grantor in GRANTORS}
        for group in h.groups:
            for a in schemes_for(group, h.hours, started=None, as_of=c.start, hire=True):
                if a.key in everyone:
                    continue
                # docs/pso-rules.md: a planned hire's support is named without amounts.
                said = _(SHORT_NAMES[a.key])
                if said not in asked[a.grantor]:
                    asked[a.grantor].append(said)
        out.append(
            HireSupport(
                h.n,
                tuple((whom[g], ", ".join(names)) for g, names in asked.items() if names),
            )
        )
    note = indicative(support, c.gettext, c.locale, short=True)
    if everyone:
        names = format_list([_(SHORT_NAMES[k]) for k in everyone], locale=_babel(c.locale))
        note = _("For everyone: {schemes} (UWV or the municipality).").format(schemes=names) + (
            " " + note
        )
    return SupportPart(tuple(out), note)


def _group_label(c: _Ctx, e: EmployeeResult) -> str:
    """The category's public name, unless that name states what is not known yet: a WW colleague
    whose months of WW benefit before the start are unknown."""
    if UNEMPLOYED_UNKNOWN in e.notes:
        return c.gettext("WW (months of WW benefit before the start: not known yet)")
    return c.rules.target_groups[e.target_group].label(c.locale)


def _baseline(c: _Ctx) -> Baseline:
    a, start = c.a, c.start
    now = a.unconfirmed_level or a.level  # what the known answers carry
    end = add_months(start, 12 * PLAN_YEARS)
    _pct, at_end, _norms = numbers_on(c, end)
    aim = _aim(now, at_end)
    hours: tuple[int, ...] = ()
    colleague = None
    if aim is not None:
        weighted = math.fsum(e.weighted_fte for e in a.employees if counts_on(e, end))
        g = gap_after_hiring(c.rules, aim, weighted, a.size_fte)
        hours = hours_examples(g.fte * a.full_time_hours, a.full_time_hours)
        if hours and not a.below_two_fte and g.fte * a.full_time_hours < SMALL_GAP_HOURS:
            colleague = _colleague(c, aim, weighted, end)
    people = tuple(
        Person(
            group=_group_label(c, e),
            hours=e.weekly_hours,
            contract=c.rules.contracts[e.contract].label(c.locale),
            weighted_fte=e.weighted_fte,
            ends=e.ends.first_day() if e.ends is not None else None,
            known=not e.notes,
        )
        for e in a.employees
        if e.counted
    )
    return Baseline(
        day=start,
        level=now,
        aim=aim,
        hours=hours,
        started=c.answers.get("has_plan") in ("yes", "started"),
        offered=c.answers.get("intent_grow") == "no",
        people=people,
        colleague=colleague,
    )


def _colleague(c: _Ctx, aim: str, weighted: float, end: dt.date) -> Colleague | None:
    """Of the colleagues who will still count at ``end``, the one who closes the gap with the
    fewest extra hours within the full-time week (pso.gap.colleague_hours)."""
    a, fth = c.a, c.a.full_time_hours
    counting = [e for e in a.employees if counts_on(e, end) and e.weighted_fte > 0]
    found = colleague_hours(
        c.rules,
        aim,
        weighted,
        a.size_fte,
        fth,
        [(e.weekly_hours, e.group_weight * e.contract_weight) for e in counting],
    )
    if found is None:
        return None
    e = counting[found.index]
    return Colleague(
        group=_group_name(e, c),
        now=e.weekly_hours,
        extra=found.hours,
        weighted_fte=found.hours * e.group_weight * e.contract_weight / fth,
        fte=found.hours / fth,
    )


def _hours_a_week(hours: float, c: _Ctx) -> str:
    """ "31 hours", "24,5 uur": a colleague's week, whole or not."""
    shown = fmt_num(hours, c.locale, "#,##0.#")
    return c.ngettext("{n} hour", "{n} hours", math.ceil(hours)).format(n=shown)


def _intro(c: _Ctx, base: Baseline) -> str:
    _ = c.gettext
    date = fmt_date(base.day, c.locale)
    if base.offered:
        return _(
            "You said you don't aim at a Trede within the next two years. If that changes, "
            "this is a draft to start from, written from your answers of {date}."
        ).format(date=date)
    if base.started:
        return _("This continues the plan you have started, with the figures of {date}.").format(
            date=date
        )
    return _(
        "A draft written from your answers of {date}: make it yours, adopt it and start it."
    ).format(date=date)


def _goal(c: _Ctx, base: Baseline) -> str:
    _ = c.gettext
    end = fmt_date(base.end, c.locale)
    if base.aim is None:
        return _("Keep {trede} and have it audited again before the certificate ends.").format(
            trede=trede_name("trede_3", c.gettext)
        )
    hours = hours_text(sum(base.hours), c.ngettext)
    n = len(base.hours)
    if base.colleague is not None:
        goal = _(
            "Reach at least {trede} by {date}: {hours} a week more for your colleague who "
            "already counts ({group}), {new} instead of {now}."
        )
        hours = hours_text(base.colleague.extra, c.ngettext)
    elif n == 1:
        goal = _(
            "Reach at least {trede} by {date}: about {hours} a week more from one person who "
            "counts in full."
        )
    else:
        goal = _(
            "Reach at least {trede} by {date}: about {hours} a week more from {count} people "
            "who count in full ({people})."
        )
    goal = goal.format(
        trede=trede_name(base.aim, c.gettext),
        date=end,
        hours=hours,
        count=n,
        people=people_text(base.hours, ngettext=c.ngettext, locale=c.locale),
        group=base.colleague.group if base.colleague else "",
        new=_hours_a_week(base.colleague.now + base.colleague.extra, c) if base.colleague else "",
        now=_hours_a_week(base.colleague.now, c) if base.colleague else "",
    )
    if base.offered:
        return _("If you decide to go for it:") + " " + goal
    if base.level != "none" and base.level != base.aim:
        _pct, at_end, _norms = numbers_on(c, base.end)
        if at_end == base.level:
            return _("Keep {now}.").format(now=trede_name(base.level, c.gettext)) + " " + goal
    return goal


def _group_name(e: EmployeeResult, c: _Ctx) -> str:
    _ = c.gettext
    key = e.period.key if e.period is not None else ""
    if key in PERIOD_GROUPS:
        return _(PERIOD_GROUPS[key])
    return c.rules.target_groups[e.target_group].label(c.locale)


def _leavers(c: _Ctx, until: dt.date) -> list[EmployeeResult]:
    """Known, counted people whose period ends after the start and on or before ``until``."""
    return sorted(
        (
            e
            for e in c.a.employees
            if e.counted
            and not e.notes
            and e.ends is not None
            and c.start < e.ends.first_day() <= until
        ),
        key=lambda e: e.ends.first_day() if e.ends else c.start,
    )


def _compared_trede(base: Baseline) -> str:
    """The Trede a leaver's numbers are measured against: the level held, else Trede 1."""
    return base.level if base.level != "none" else "trede_1"


def _goal_notes(c: _Ctx, base: Baseline) -> tuple[str, ...]:
    """docs/pso-rules.md: "your intern stops counting in February 2027: without them you are at
    13,1 % against 15,5 %"; and who is left out because their counting is not known yet."""
    _ = c.gettext
    notes = []
    trede = _compared_trede(base)
    for e in _leavers(c, base.end):
        day = e.ends.first_day() if e.ends else base.end
        pct, _level, norms = numbers_on(c, day, known_only=False)
        notes.append(
            _(
                "Your colleague ({group}) stops counting in {month}: without them you are at "
                "{pct} against {norm} for {trede}. The goal is counted without them."
            ).format(
                group=_group_name(e, c),
                month=month_text(day, c.locale),
                pct=fmt_pct(pct, c.locale),
                norm=fmt_pct(norms[trede], c.locale),
                trede=trede_name(trede, c.gettext),
            )
        )
    unknown = c.a.unconfirmed
    if unknown:
        n = len(unknown)
        notes.append(
            c.ngettext(
                "The goal leaves out {count} colleague whose counting is not known yet; if "
                "they count, you need fewer hours.",
                "The goal leaves out {count} colleagues whose counting is not known yet; if "
                "they count, you need fewer hours.",
                n,
            ).format(count=n)
        )
    return tuple(notes)


# --- the milestones -----------------------------------------------------------------------------


def _milestones(c: _Ctx, base: Baseline, hires: Sequence[Hire]) -> tuple[Milestone, ...]:
    _, a, start = c.gettext, c.a, c.start
    owner = _("You")
    month = 1
    out: list[Milestone] = []
    if not base.started:
        out.append(
            Milestone(
                add_months(start, month),
                _(
                    "Adopt this plan and start it: sign it, register on MijnPSO and talk to "
                    "the Werkgeversservicepunt."
                ),
                _("Plan signed; first talk held"),
                owner,
                _("1–2 hours"),
            )
        )
    if a.unconfirmed:
        out.append(_find_out_milestone(c, add_months(start, month)))
    if base.colleague is not None:
        out.append(_colleague_milestone(c, base.colleague, add_months(start, month)))
    month += 1
    if any(a.conditions.get(k) != "yes" for k in CONDITIONS):
        out.append(
            Milestone(
                add_months(start, month),
                _("Start on what the audit checks (see below) and write down how you do it."),
                _("Each condition written down"),
                _("You, with whoever guides them"),
                _("Time for talks; a job coach if needed"),
            )
        )
        month += 1
    if base.colleague is not None:
        # The colleague's hours are the route; the hires and Aspirant status the alternative,
        # said below the milestones. The goal's audit follows the hours and the conditions.
        out += _period_milestones(c, base)
        out += _final_milestones(c, base, (), when=add_months(start, month))
        return tuple(sorted(out, key=lambda m: m.when))
    request = _request_milestone(c, base, hires, add_months(start, month))
    if request is not None:
        out.append(request)
    out += _hire_milestones(c, hires)
    out += _period_milestones(c, base)
    out += _final_milestones(c, base, hires)
    return tuple(sorted(out, key=lambda m: m.when))


def _colleague_milestone(c: _Ctx, colleague: Colleague, when: dt.date) -> Milestone:
    _ = c.gettext
    return Milestone(
        when,
        _(
            "Your colleague who already counts ({group}) works {new} a week instead of {now}: "
            "{extra} more."
        ).format(
            group=colleague.group,
            extra=hours_text(colleague.extra, c.ngettext),
            new=_hours_a_week(colleague.now + colleague.extra, c),
            now=_hours_a_week(colleague.now, c),
        ),
        c.ngettext(
            "{total} extra hour a week", "{total} extra hours a week", colleague.extra
        ).format(total=colleague.extra),
        _("You, with your colleague"),
        _("A talk with them; their contract changed"),
    )


def _alternative(c: _Ctx, base: Baseline) -> str | None:
    """docs/pso-rules.md: with a small gap and a colleague who counts, a new hire (and below
    Trede 1, Aspirant status) is the route only if the owner does not want to add the hours."""
    _ = c.gettext
    if base.colleague is None:
        return None
    people = people_text(base.hours, ngettext=c.ngettext, locale=c.locale)
    if base.level == "none":
        return _(
            "Rather not add hours? Then Aspirant status is the route: a new colleague who counts "
            "in full, {people} (below), and a request for Aspirant status in MijnPSO step 6, "
            "where the audit checks that this plan is adopted and has started."
        ).format(people=people)
    return _("Rather not add hours? Then a new colleague who counts in full, {people}.").format(
        people=people
    )


def _find_out_milestone(c: _Ctx, when: dt.date) -> Milestone:
    _ = c.gettext
    unknown = c.a.unconfirmed
    questions = []
    if any(UNEMPLOYED_UNKNOWN in e.notes for e in unknown):
        questions.append(
            _(
                "whether your colleague from WW received WW benefit for {months} months or more "
                "before starting"
            ).format(months=c.rules.unemployed_before_start_months)
        )
    started = [e for e in unknown if STARTED_UNKNOWN in e.notes]
    if started:
        questions.append(
            _("in which month your colleague ({group}) started").format(
                group=format_list(
                    sorted({_group_name(e, c) for e in started}), locale=_babel(c.locale)
                )
            )
        )
    return Milestone(
        when,
        _("Find out {questions}; then re-scan.").format(
            questions=format_list(questions, locale=_babel(c.locale))
        ),
        _("Known, and the plan re-scanned"),
        _("You"),
        _("The personnel file"),
    )


def _babel(locale: str) -> str:
    return "nl" if locale.startswith("nl") else "en_GB"


def _hired_fte_by(c: _Ctx, hires: Sequence[Hire], day: dt.date) -> float:
    fth = c.a.full_time_hours
    return math.fsum(min(h.hours / fth, 1.0) for h in hires if h.when <= day)


def _request_milestone(
    c: _Ctx, base: Baseline, hires: Sequence[Hire], earliest: dt.date
) -> Milestone | None:
    """Aspirant status below Trede 1 (the audit checks the plan). At a Trede, its audit on the
    first date from ``earliest`` on which the numbers still reach it, counting hires made by
    then; none if no such date comes before the goal's own request."""
    _ = c.gettext
    owner = _("You, or someone authorised to sign")
    if base.level == "none":
        return Milestone(
            earliest,
            _(
                "Request Aspirant status in MijnPSO step 6: the audit checks that this plan "
                "is adopted and has started."
            ),
            _("Request submitted; audit date known"),
            owner,
            _("This plan, signed; proof that it started"),
        )
    candidates = [earliest, *(h.when for h in hires if h.when > earliest)]
    for day in candidates:
        _pct, level, _norms = numbers_on(c, day, _hired_fte_by(c, hires, day))
        if LEVELS.index(level) >= LEVELS.index(base.level):
            return Milestone(
                day,
                _("Request the audit for {trede} in MijnPSO step 6.").format(
                    trede=trede_name(base.level, c.gettext)
                ),
                _("Request submitted; audit date known"),
                owner,
                _("Payroll records; notes on each condition"),
            )
    return None


def _hires(c: _Ctx, base: Baseline) -> tuple[Hire, ...]:
    _ = c.gettext
    n = len(base.hours)
    months = _hire_months(n)
    out = []
    for i, hours in enumerate(base.hours):
        group, channel, support = ONE_HIRE if n == 1 else HIRE_PROFILES[i % len(HIRE_PROFILES)]
        groups = ONE_HIRE_GROUPS if n == 1 else HIRE_PROFILE_GROUPS[i % len(HIRE_PROFILES)]
        out.append(
            Hire(
                i + 1,
                add_months(c.start, months[i]),
                hours,
                _(group),
                _(channel),
                _(support),
                groups,
            )
        )
    return tuple(out)


def _hire_milestones(c: _Ctx, hires: Sequence[Hire]) -> list[Milestone]:
    _ = c.gettext
    total = sum(h.hours for h in hires)
    done = 0
    out = []
    for h in hires:
        done += h.hours
        out.append(
            Milestone(
                h.when,
                _("New colleague {n} at work, {hours} a week.").format(
                    n=h.n, hours=hours_text(h.hours, c.ngettext)
                ),
                (
                    c.ngettext(
                        "{total} extra hour a week",
                        "{total} extra hours a week",
                        total,
                    ).format(total=total)
                    if len(hires) == 1
                    else _("{done} of {total} extra hours a week").format(done=done, total=total)
                ),
                _("You, with the Werkgeversservicepunt"),
                _("A buddy; a job coach if needed"),
            )
        )
    return out


def _period_milestones(c: _Ctx, base: Baseline) -> list[Milestone]:
    """A person whose counting period ends during the plan: a milestone to re-scan then (the
    numbers without them are in the goal's notes)."""
    _ = c.gettext
    out = []
    for e in _leavers(c, base.end):
        day = e.ends.first_day() if e.ends else base.end
        out.append(
            Milestone(
                day,
                _("Your colleague ({group}) stops counting this month; they stay. Re-scan.").format(
                    group=_group_name(e, c)
                ),
                _("Those {hours} a week made up for").format(
                    hours=hours_text(round(e.weekly_hours), c.ngettext)
                ),
                _("You"),
                _("Half an hour"),
            )
        )
    return out


def _final_milestones(
    c: _Ctx, base: Baseline, hires: Sequence[Hire], *, when: dt.date | None = None
) -> list[Milestone]:
    """The goal's audit request, by the plan's end unless ``when`` (a colleague's extra hours
    reach it sooner)."""
    _ = c.gettext
    owner = _("You, or someone authorised to sign")
    if base.aim is None:
        return [
            Milestone(
                base.end,
                _("Re-scan and request the renewal of the certificate in MijnPSO step 6."),
                _("Renewal requested"),
                owner,
                _("Payroll records; notes on each condition"),
            )
        ]
    day = when or base.end
    _pct, _level, norms = numbers_on(c, day, _hired_fte_by(c, hires, day), colleague=base.colleague)
    return [
        Milestone(
            day,
            _("Goal: {trede} reached; request the audit in MijnPSO step 6.").format(
                trede=trede_name(base.aim, c.gettext)
            ),
            _("Contribution at least {norm}").format(norm=fmt_pct(norms[base.aim], c.locale)),
            owner,
            _("Payroll records; notes on each condition"),
        )
    ]


def _started_proof(c: _Ctx, base: Baseline) -> str | None:
    """docs/pso-rules.md: how the plan shows it has started by the day Aspirant status is
    requested."""
    _ = c.gettext
    if base.level != "none":
        return None
    return _(
        "By the day you request Aspirant status, show that the plan has started: this plan "
        "signed and dated, notes of the talk with the Werkgeversservicepunt, a job description "
        "or vacancy for the first new colleague, and what you wrote down about each condition. "
        "Aspirant status lasts at most two years and can be extended once, after a new audit."
    )


# --- the conditions -----------------------------------------------------------------------------


def _nobody(c: _Ctx) -> bool:
    """Nobody from the target group yet: the qualitative answers are plans."""
    return not c.a.employees


def _requirements_title(c: _Ctx, base: Baseline) -> str:
    _ = c.gettext
    if base.level == "none":
        return _("What Trede 1 asks besides the numbers: start on it now")
    return _("What the audit checks, and what you do about it")


def _requirements_intro(c: _Ctx, base: Baseline) -> str | None:
    _ = c.gettext
    if base.level != "none":
        return None
    if base.colleague is not None:
        return _("The audit for Trede 1 checks these besides the numbers, so start on them now.")
    return _(
        "For Aspirant status the audit checks this plan and that it is being carried out. "
        "These requirements come with Trede 1, so start on them now."
    )


STATUS: Mapping[str, str] = {
    "yes": N_("met"),
    "partly": N_("partly (the audit wants it fully arranged)"),
    "no": N_("not met"),
    "unknown": N_("not known yet"),
}
PLANNED_STATUS: Mapping[str, str] = {
    "yes": N_("planned"),
    "partly": N_("partly planned"),
    "no": N_("not planned yet"),
    "unknown": N_("not known yet"),
}


def condition_status(cond: str, c: _Ctx) -> str:
    """The answer as given: partly is partly; planned for a firm with nobody from the target
    group yet; below 2 FTE "not met" whatever was answered."""
    _ = c.gettext
    answer = c.a.conditions.get(cond, "unknown")
    if cond == "two_fte_one_year" and c.a.below_two_fte:
        return _("not met (you have {fte} FTE)").format(
            fte=fmt_num(c.a.total_fte, c.locale, "#,##0.0#")
        )
    table = PLANNED_STATUS if cond in QUALITATIVE and _nobody(c) else STATUS
    return _(table.get(answer, STATUS["unknown"]))


def _requirement(cond: str, c: _Ctx) -> Requirement:
    _ = c.gettext
    status = _("{condition}: {status}").format(
        condition=_(CONDITION_HEADINGS[cond]), status=condition_status(cond, c)
    )
    return Requirement(cond, status, _requirement_action(cond, c))


def _requirement_action(cond: str, c: _Ctx) -> str:
    _ = c.gettext
    answer = c.a.conditions.get(cond, "unknown")
    if cond == "two_fte_one_year" and c.a.below_two_fte:
        answer = "no"
    if cond in QUALITATIVE and _nobody(c) and answer in ("yes", "partly"):
        return _(
            "Write down how you will arrange it, so you can show it once your first colleague "
            "from the target group starts."
        )
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


# --- evidence, retention, purchasing, review ---------------------------------------------------


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


def _evidence_note(c: _Ctx, evidence: Sequence[Evidence]) -> str:
    _ = c.gettext
    if evidence:
        return _(
            "Keep these in your own records with the start months, also for each new "
            "colleague; names never go in this plan."
        )
    return _(
        "For each new colleague from the target group, keep proof of their position when they "
        "started. Ask your Werkgeversservicepunt which document the auditor accepts."
    )


def _retention(c: _Ctx) -> str:
    _ = c.gettext
    return _(
        "When a colleague's counting period ends, they keep their job, their guidance and "
        "their training: only the numbers change. Talk with them each year about how they want "
        "to grow, and make up the hours with a new colleague, never by letting anyone go."
    )


def _purchasing(c: _Ctx) -> str:
    _ = c.gettext
    if c.answers.get("social_purchasing") == "yes":
        return _(
            "You buy from a PSO-certified supplier or a sociaal werkbedrijf. Keep doing so, "
            "aim to buy at least as much each year and keep the invoices: MijnPSO computes "
            "what it adds to your score."
        )
    return _(
        "Could a PSO-certified supplier or a sociaal werkbedrijf supply something you buy "
        "(cleaning, catering, printing, assembly)? It may raise your score; MijnPSO computes "
        "how much."
    )


def _review(c: _Ctx, base: Baseline) -> str:
    _ = c.gettext
    days = [
        fmt_date(add_months(base.day, m), c.locale)
        for m in range(REVIEW_MONTHS, 12 * PLAN_YEARS, REVIEW_MONTHS)
    ]
    return _(
        "Review the plan every six months ({dates}): re-scan with Tredebot, compare with the "
        "milestones and adjust them; whoever adopted the plan signs the changes."
    ).format(dates=format_list(days, locale=_babel(c.locale)))
