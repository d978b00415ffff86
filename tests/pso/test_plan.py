"""The plan of action, third version (rules.md "The plan of action (the PDF), third version"):
it knows when people stop counting, never states more than the answers carry, and says each
thing once."""

import datetime as dt
import math
import re
import subprocess
from typing import Any

import pytest

from pso import assess, load_rules
from pso import gap as gap_module
from pso.assess import hours_examples
from pso.gap import ColleagueHours, colleague_hours, gap_after_hiring
from pso.pdf import report_pdf
from pso.plan import Plan, plan_of_action
from pso.rules import norms_for_size
from tests.pso.answers import AS_OF, BAKERY, emp, en, ngettext, texts

GENERATED = dt.datetime(2026, 12, 10, 14, 0)
START = GENERATED.date()
INTERN_ENDS = dt.date(2027, 2, 1)  # 36 months from 2024-02
# 10 FTE: an intern (0.6 weighted, until January 2027) and a Wajong colleague 8 hours (0.2):
# 8.0 %, Trede 1 (6.7 %) today; without the intern 2.0 %.
INTERN = {
    "total_fte": 10.0,
    "org_name": "Installatiebedrijf Van Dijk",
    "people_count": 10,
    "employees": [
        emp("wajong", 32, "internship_reintegration", started="2024-02"),
        emp("wajong", 8),
    ],
    "q_suitable_work": "yes",
    "q_guidance": "partly",
    "q_integration": "yes",
    "q_development": "no",
    "two_fte_one_year": "yes",
    "own_kvk": "yes",
    "social_purchasing": "yes",
    "purchasing_spend": "10k_50k",
    "intent_grow": "yes",
    "has_plan": "no",
}
# 9 FTE: the intern and a WW colleague whose six months are not known: 10.0 % (Trede 1) with
# them, 6.7 % (below Trede 1's 7.9 %) without; the full-time week was not known.
GARAGE = {
    **INTERN,
    "total_fte": 9.0,
    "employees": [
        emp("wajong", 32, "internship_reintegration", started="2024-02"),
        emp("ww", 16, unemployed_six_months="unknown"),
    ],
    "assumptions": ["full_time_hours"],
}
# Three people, two of whom stop counting within the plan, and two hires: the longest plan of
# a firm of 10 people.
LONGEST = {
    **GARAGE,
    "employees": [
        emp("wajong", 32, "internship_reintegration", started="2024-02"),
        emp("ww", 16, unemployed_six_months="unknown"),
        emp("participatiewet", 20, started="2023-05"),
    ],
}
NOBODY_PLANNED = {
    "total_fte": 12.0,
    "people_count": 13,
    "employees": [],
    "q_suitable_work": "yes",
    "q_guidance": "partly",
    "q_integration": "yes",
    "q_development": "unknown",
    "intent_grow": "yes",
    "has_plan": "no",
}


def t(locale: str) -> dict[str, Any]:
    english = {"gettext": en, "ngettext": ngettext, "locale": "en"}
    return texts(locale) if locale == "nl" else english


def plan(answers: dict[str, Any], locale: str = "en") -> Plan:
    return plan_of_action(assess(answers, as_of=AS_OF), answers, start=START, **t(locale))


def test_no_audit_request_after_the_month_its_numbers_stop_holding() -> None:
    """The issue's plan requested the Trede 1 audit in March 2027 although the intern stopped
    counting on 1 February 2027."""
    p = plan(INTERN)
    request = next(m for m in p.milestones if "Request the audit for Trede 1" in m.what)
    hire = next(m for m in p.milestones if m.what.startswith("New colleague 1"))
    # Not before the intern leaves, so after the hire that makes up for them.
    assert request.when < INTERN_ENDS or request.when >= hire.when
    assert request.when >= hire.when


def test_the_goal_is_counted_without_who_stops_counting_and_says_so() -> None:
    p = plan(INTERN)
    (note,) = p.goal_notes
    assert "stops counting in February 2027" in note
    assert "without them you are at 2.0% against 6.7% for Trede 1" in note
    # The gap to Trede 2 on the Wajong colleague alone (0.2 of 10 FTE), not on today's 0.8.
    assert p.baseline.aim == "trede_2" and sum(p.baseline.hours) >= 29
    assert "from Trede 1" not in p.goal and "Keep Trede 1" not in p.goal
    nl = plan(INTERN, "nl")
    assert "februari 2027" in nl.goal_notes[0] and "2,0" in nl.goal_notes[0]


def test_an_unknown_answer_is_not_a_trede_in_the_goal() -> None:
    """With the WW colleague Trede 1, without them not: the goal is not "from Trede 1"."""
    a = assess(GARAGE, as_of=AS_OF)
    assert a.level == "trede_1" and a.unconfirmed_level == "none"
    p = plan(GARAGE)
    assert p.baseline.level == "none" and p.baseline.aim == "trede_1"
    assert "Trede 1 to" not in p.goal and "Keep" not in p.goal
    assert not any("Request the audit for Trede 1" in m.what for m in p.milestones[:-1])
    assert any("not known yet" in n for n in p.goal_notes)
    assert any(m.what.startswith("Find out whether your colleague from WW") for m in p.milestones)
    nl = plan(GARAGE, "nl")
    assert "Van Trede 1 naar" not in nl.goal


def test_a_firm_with_nobody_yet_has_planned_conditions_never_keep_doing_it() -> None:
    p = plan(NOBODY_PLANNED)
    statuses = {r.condition: r for r in p.requirements}
    assert statuses["suitable_work"].status == "Suitable work: planned"
    assert statuses["guidance"].status == "Guidance: partly planned"
    assert statuses["development"].status.endswith("not known yet")
    assert not any("Keep doing it" in r.action for r in p.requirements)
    assert not any("met" in r.status for r in p.requirements[:4])


def test_partly_is_partly() -> None:
    (guidance,) = [r for r in plan(BAKERY).requirements if r.condition == "guidance"]
    assert guidance.status == "Guidance: partly (the audit wants it fully arranged)"


def test_below_trede_1_the_plan_is_aspirant_status_and_shows_it_started() -> None:
    p = plan(BAKERY)
    assert p.started_proof and "signed and dated" in p.started_proof
    assert "extended once" in p.started_proof
    assert p.requirements_intro and "start on them now" in p.requirements_intro


def test_an_owner_who_does_not_want_a_trede_is_offered_the_plan() -> None:
    p = plan({**BAKERY, "intent_grow": "no"})
    assert p.intro.startswith("You said you don't aim at a Trede")
    assert p.goal.startswith("If you decide to go for it:")


def test_per_hire_target_group_hours_channel_and_support_without_amounts() -> None:
    p = plan({**NOBODY_PLANNED, "employees": []})
    assert len(p.hires) == 2
    channels = " ".join(h.channel for h in p.hires)
    for name in ("Werkgeversservicepunt", "UWV", "SW company", "VSO/PrO or Entree school"):
        assert name in channels
    support = " ".join(h.support for h in p.hires)
    for name in ("wage-cost subsidy", "no-risk policy", "trial placement", "job coach", "BBL"):
        assert name in support
    assert not re.search(r"€|\d+ euro", channels + support)
    # The table's support per hire, by who grants it: names, no amounts (not even an LKV's).
    assert p.support is not None
    asked = " ".join(what for h in p.support.hires for _who, what in h.by_grantor)
    assert "LKV banenafspraak" in asked
    assert not re.search(r"€|\d+ euro|a year", asked)


def test_social_purchasing_and_a_six_monthly_review() -> None:
    p = plan(INTERN)
    assert "a PSO-certified supplier or a sociaal werkbedrijf" in p.purchasing
    assert "every six months" in p.review and "10 June 2027" in p.review


def pdf_text(answers: dict[str, Any], locale: str) -> tuple[int, str]:
    pdf = report_pdf(assess(answers, as_of=AS_OF), answers, generated_at=GENERATED, **t(locale))
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return pages, text


@pytest.mark.parametrize("locale", ["en", "nl"])
@pytest.mark.parametrize(
    "answers",
    [
        INTERN,
        GARAGE,
        LONGEST,
    ],
    ids=["intern", "garage", "longest"],
)
def test_a_firm_of_10_people_gets_at_most_3_pages_saying_nothing_twice(
    answers: dict[str, Any], locale: str
) -> None:
    pages, text = pdf_text(answers, locale)
    assert pages <= 3
    flat = " ".join(text.split())
    # The costs are one tap away in the chat (📋 Details and costs), not also in the document.
    assert "PSO-Nederland" not in flat
    # The name heads the plan; the answers' record does not repeat it, nor the FTE.
    assert flat.count(answers["org_name"]) == 1
    fte = "Total FTE" if locale == "en" else "Totaal fte"
    assert fte not in flat
    keep = "Keep doing it" if locale == "en" else "Blijf het doen"
    assert flat.count(keep) <= 1


@pytest.mark.parametrize("locale", ["en", "nl"])
def test_an_assumed_full_week_is_not_listed_as_an_answer(locale: str) -> None:
    _pages, text = pdf_text(GARAGE, locale)
    flat = " ".join(text.split())
    if locale == "en":
        assert "You didn't know yet, so I used 40 hours." in flat
        assert "40.0 hours" not in flat
    else:
        assert "Je wist de volle werkweek nog niet, dus ik reken met 40 uur." in flat
        assert "40,0 uur" not in flat


def flat_text(answers: dict[str, Any], locale: str) -> str:
    _pages, text = pdf_text(answers, locale)
    return " ".join(text.replace("\xa0", " ").split())


@pytest.mark.parametrize("locale", ["en", "nl"])
def test_a_small_gap_is_closed_with_more_hours_for_the_colleague_who_counts(locale: str) -> None:
    """rules.md: under 8 hours a week, the first way is more hours for a colleague who already
    counts, not a new hire; Aspirant status only if the owner does not want to add the hours.
    Ilse's bakery: 7,2 FTE, a Wajong colleague on 24 hours, 7 hours short of Trede 1."""
    flat = flat_text(BAKERY, locale)
    plan_part = flat[flat.index("Plan of action" if locale == "en" else "Plan van aanpak") :]
    goal, colleague, no_hire, no_request, alternative = SMALL_GAP_PLAN[locale]
    assert goal in plan_part
    assert colleague in plan_part
    assert no_hire not in plan_part
    assert no_request not in plan_part
    assert alternative in plan_part
    assert plan_part.index("Aspirant") > plan_part.index(alternative)
    if locale == "en":
        assert "Goal: Trede 1 reached; request the audit in MijnPSO step 6." in plan_part


# The small gap's plan, per language: the goal, the colleague's milestone, what is not in it
# (a new colleague, an Aspirant request), and the alternative that comes before Aspirant status.
SMALL_GAP_PLAN = {
    "en": (
        "Reach at least Trede 1 by 10 December 2028: 7 hours a week more for your colleague "
        "who already counts (Young disabled (Wajong)), 31 hours instead of 24 hours.",
        "Your colleague who already counts (Young disabled (Wajong)) works 31 hours a week "
        "instead of 24 hours: 7 hours more.",
        "New colleague 1 at work",
        "Request Aspirant status in MijnPSO step 6",
        "Rather not add hours? Then Aspirant status is the route: a new colleague",
    ),
    "nl": (
        "Haal uiterlijk 10 december 2028 minstens Trede 1: 7 uur per week meer voor je "
        "collega die al meetelt (Wajong), 31 uur in plaats van 24 uur.",
        "Je collega die al meetelt (Wajong) werkt 31 uur per week in plaats van 24 uur: "
        "7 uur meer.",
        "Nieuwe collega 1 aan het werk",
        "Vraag de Aspirant-status aan in stap 6",
        "Liever geen uren erbij? Dan is de Aspirant-status de route",
    ),
}


def test_a_colleague_without_room_leaves_the_new_hire_as_the_route() -> None:
    """A small gap (6 hours at 20 FTE), but the Wajong colleague already works a full week:
    a new colleague and Aspirant status, as before."""
    answers = {**BAKERY, "total_fte": 20.0, "employees": [emp("wajong", 40)]}
    p = plan(answers)
    assert p.baseline.colleague is None and p.alternative is None
    whats = [m.what for m in p.milestones]
    assert any(w.startswith("New colleague 1 at work") for w in whats)
    assert any(w.startswith("Request Aspirant status") for w in whats)


def _reaches(weighted: float, size: float, hours: int, weight: float) -> bool:
    """Trede 1's norm met with ``hours`` more a week for a colleague of ``weight``."""
    rules = load_rules()
    w, t = weighted + hours * weight / 40, size + hours / 40
    norm = norms_for_size(rules, gap_module.norm_row(rules, t))[0]["trede_1"]
    return 100 * w / t + 1e-9 >= norm


def test_more_hours_for_a_colleague_who_counts_partly_reach_the_norm_of_their_new_size() -> None:
    """The fewest whole hours that reach the norm of the size they lead to: for a colleague
    who counts in full, the gap rounded up (the chat's 7 hours for Ilse); for one who counts for
    half not simply twice that (12 hours, not 13: the bakery grows to 7.5 FTE, on the row of 8
    with its lower norm)."""
    rules = load_rules()
    cases = [(0.6, 7.2, 1.0), (0.6, 7.2, 0.5), (0.5, 6.0, 0.5), (0.4, 5.0, 0.75)]
    for weighted, size, weight in cases:
        found = colleague_hours(rules, "trede_1", weighted, size, 40.0, [(10.0, weight)])
        assert found is not None and found.index == 0
        assert _reaches(weighted, size, found.hours, weight)
        assert not any(_reaches(weighted, size, h, weight) for h in range(found.hours))
    need = gap_after_hiring(rules, "trede_1", 0.6, 7.2).fte * 40
    assert colleague_hours(rules, "trede_1", 0.6, 7.2, 40.0, [(24.0, 1.0)]) == ColleagueHours(
        0, math.ceil(need)
    )
    assert colleague_hours(rules, "trede_1", 0.6, 7.2, 40.0, [(10.0, 0.5)]) == ColleagueHours(0, 12)
    # The one who needs the fewest hours; no room within the full-time week: nobody.
    both = colleague_hours(rules, "trede_1", 0.6, 7.2, 40.0, [(10.0, 0.5), (20.0, 1.0)])
    assert both == ColleagueHours(1, 7)
    assert colleague_hours(rules, "trede_1", 0.6, 7.2, 40.0, [(38.0, 1.0)]) is None


def test_the_gap_is_split_into_people_by_one_function_never_above_a_full_week() -> None:
    """rules.md: the gap "in human terms", the same split wherever it is told (the chat's
    result, its steps, the picture and this plan): pso.gap.hours_examples."""
    assert hours_examples is gap_module.hours_examples
    assert gap_module.hours_examples(48) == (24, 24)
    assert gap_module.hours_examples(48, full_time_hours=20) == (16, 16, 16)
    for total in range(1, 200):
        for week in (20, 24, 32, 36, 40):
            people = gap_module.hours_examples(total - 0.5, full_time_hours=week)
            assert sum(people) == total and max(people) <= week
            assert max(people) - min(people) <= 1


@pytest.mark.parametrize("locale", ["en", "nl"])
def test_the_pdf_formats_every_number_in_the_readers_language(locale: str) -> None:
    """Dutch writes 7,2 (the chat already did): also the norms' size in the PDF."""
    flat = flat_text(BAKERY, locale)
    if locale == "nl":
        assert "Normen voor 7 fte (7,2 afgerond;" in flat
        assert not re.search(r"\d\.\d", flat.replace("2026.3", ""))  # the rules' version
    else:
        assert "Norms for 7 FTE (7.2 rounded;" in flat


@pytest.mark.parametrize("locale", ["en", "nl"])
def test_no_table_breaks_a_word(locale: str) -> None:
    """The milestones' "Done" column and the channel "Werkgeversservicepunt" are wide enough
    for their words: "Ged/aan", "Don/e" and "Werkgeversservice/punt" were broken."""
    _pages, text = pdf_text(
        {**BAKERY, "employees": [emp("wajong", 12)]}, locale
    )  # a new colleague planned
    lines = [line.strip() for line in text.splitlines()]
    assert ("Done" if locale == "en" else "Gedaan") in lines
    flat = " ".join(text.split())
    assert "Werkgeversservicepunt, UWV" in flat
    for broken in ("Don e", "Ged aan", "Werkgeversservice punt"):
        assert broken not in flat
