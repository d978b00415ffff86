"""The PDF: a plan of action an advisor would accept, laid out without half-empty pages."""

import datetime as dt
import functools
import re
from typing import Any

import pytest

from pso import assess
from pso.assess import Assessment
from pso.pdf import report_pdf
from pso.plan import Milestone, plan_of_action
from tests.pso.answers import AS_OF, BAKERY, WORKED, emp, en, ngettext, texts
from tests.pso.pdf_pages import page_fills

GENERATED = dt.datetime(2026, 12, 10, 14, 0)
START = GENERATED.date()
NOBODY = {  # product.md's Sarah: 12 FTE, nobody from the target group yet
    "total_fte": 12.0,
    "org_name": "Byte & Co",
    "municipality": "Enschede",
    "sector": "ict",
    "people_count": 13,
    "employees": [],
    "social_purchasing": "unknown",
    "intent_grow": "yes",
    "has_plan": "no",
}


def en_texts() -> dict[str, Any]:
    return {"gettext": en, "ngettext": ngettext, "locale": "en"}


def milestones(answers: dict[str, Any], locale: str = "en") -> list[Milestone]:
    a = assess(answers, as_of=AS_OF)
    t = texts(locale) if locale == "nl" else en_texts()
    return list(plan_of_action(a, answers, start=START, **t).milestones)


def evidence_texts(a: Assessment, **t: Any) -> list[str]:
    """What to collect per counted category: the plan's "Evidence to collect" lines."""
    return [item.text for item in plan_of_action(a, {}, start=a.as_of, **t).evidence]


CONFUSED_MANY = {
    **WORKED,
    "has_target_group": "yes",
    "employees": [
        emp("participatiewet", 20),
        emp("ww", 20, unemployed_six_months="unknown"),
        emp("vso_pro", 10, started="2022-02"),
        emp("bbl_bol_2", 16),
        emp("wajong", 12, "internship_reintegration", started="2024-09"),
    ],
}


# The documents the layout tests read, each rendered once per test process (a PDF takes about
# a third of a second).
DOCUMENTS: dict[str, dict[str, Any]] = {
    "worked": WORKED,
    "bakery": BAKERY,
    "nobody": NOBODY,
    "nobody, plan started": {**NOBODY, "has_plan": "started"},
    "many, some unsure": CONFUSED_MANY,
    "1 FTE": {"total_fte": 1.0},
}


@functools.cache
def document(name: str, locale: str) -> bytes:
    answers = DOCUMENTS[name]
    t = texts(locale) if locale == "nl" else en_texts()
    return report_pdf(assess(answers, as_of=AS_OF), answers, generated_at=GENERATED, **t)


@pytest.mark.parametrize("name", ["worked", "bakery", "nobody", "1 FTE"])
@pytest.mark.parametrize("locale", ["en", "nl"])
def test_pdf_renders_in_both_languages(name: str, locale: str) -> None:
    pdf = document(name, locale)
    assert pdf.startswith(b"%PDF")
    assert 2 <= len(re.findall(rb"/Type\s*/Page\b", pdf)) <= 5


@pytest.mark.parametrize("name", list(DOCUMENTS))
@pytest.mark.parametrize("locale", ["en", "nl"])
def test_laid_out_once_only_the_last_page_may_end_early(name: str, locale: str) -> None:
    """The text flows, and what is kept together is never more than half a page: so every page
    but the last is at least half full. The last always holds the whole record of the answers
    with the disclaimer under it (kept together), never the disclaimer alone. (A document that
    says each thing once is as long as it is: its last page may be short.)"""
    fills = page_fills(document(name, locale))
    assert all(f >= 0.5 for f in fills[:-1]), fills
    assert fills[-1] >= 0.2, fills


# The bakery with its Wajong colleague on 12 hours: a gap of 16 hours, too large for more hours
# for the colleague (rules.md: under 8 hours a week), so a new colleague and Aspirant status.
BAKERY_LARGE_GAP = {**BAKERY, "employees": [emp("wajong", 12)]}


def test_a_new_plan_is_adopted_then_aspirant_status_is_requested() -> None:
    ms = milestones(BAKERY_LARGE_GAP)
    whats = [m.what for m in ms]
    assert whats[0].startswith("Adopt this plan and start it")
    aspirant = next(i for i, w in enumerate(whats) if "Request Aspirant status" in w)
    # The audit checks the plan (rules.md); it is not "granted only once".
    assert aspirant > 0 and "checks that this plan is adopted and has started" in whats[aspirant]
    assert not any("only once" in w for w in whats)
    assert [m.when for m in ms] == sorted(m.when for m in ms)
    assert all(m.target for m in ms)
    # The goal in hours and people from the gap: 16 hours (15.5 rounded up), one person; the
    # hire grows the bakery to 7.6 FTE, on the row of 8 (9.06 %).
    hire = next(m for m in ms if m.what.startswith("New colleague 1"))
    assert "16 hours a week" in hire.what and hire.target.startswith("16 extra hours")
    assert hire.who and hire.needs  # per action: who does it and what it needs
    assert ms[-1].when == dt.date(2028, 12, 10)
    assert ms[-1].what == "Goal: Trede 1 reached; request the audit in MijnPSO step 6."
    assert ms[-1].target == "Contribution at least 9.1%"


def test_a_started_plan_is_continued_not_written_again() -> None:
    for answer in ("started", "yes"):
        whats = [m.what for m in milestones({**BAKERY_LARGE_GAP, "has_plan": answer})]
        assert not any("Adopt this plan" in w or "Write" in w for w in whats)
        assert any("Request Aspirant status" in w for w in whats)


def test_hires_spread_over_the_plan_with_measurable_targets() -> None:
    ms = milestones(NOBODY)  # 12 FTE: 33 hours, 17 + 16
    hires = [m for m in ms if m.what.startswith("New colleague")]
    assert [m.when for m in hires] == [dt.date(2027, 6, 10), dt.date(2028, 6, 10)]
    assert hires[0].target == "17 of 33 extra hours a week"
    assert hires[1].target == "33 of 33 extra hours a week"


def test_at_a_trede_the_plan_requests_its_audit_and_aims_at_the_next() -> None:
    answers = {"total_fte": 10.0, "employees": [emp("wajong", 28)], "conditions": {}}
    whats = [m.what for m in milestones(answers)]
    assert not any("Aspirant" in w for w in whats)
    assert "Request the audit for Trede 1 in MijnPSO step 6." in whats
    assert whats[-1].startswith("Goal: Trede 2 reached")


def test_at_trede_3_the_plan_keeps_it_and_plans_the_renewal() -> None:
    answers = {"total_fte": 5.0, "employees": [emp("wajong", 40), emp("wajong", 40)]}
    ms = milestones({**answers, "conditions": {}})
    assert ms[-1].what.startswith("Re-scan and request the renewal")
    assert not any(m.what.startswith("New colleague") for m in ms)


def test_a_period_ending_during_the_plan_is_a_milestone() -> None:
    answers = {**BAKERY, "employees": [emp("participatiewet", 24, started="2022-03")]}
    ms = milestones(answers)
    ending = [m for m in ms if "stops counting this month" in m.what]
    assert [m.when for m in ending] == [dt.date(2027, 3, 1)]
    assert ending[0].target == "Those 24 hours a week made up for"


def test_evidence_per_counted_category_only_what_the_rules_support() -> None:
    answers = {
        "total_fte": 20.0,
        "employees": [
            emp("participatiewet", 24, started="2024-01"),
            emp("wajong", 24, "internship_reintegration", started="2025-01"),
            emp("ww", 20, unemployed_six_months="no"),  # does not count: no evidence
        ],
    }
    a = assess(answers, as_of=AS_OF)
    lines = evidence_texts(a, **en_texts())
    assert len(lines) == 3
    assert "they count for 5 years from the start" in lines[0]
    assert lines[1] == "Ask your Werkgeversservicepunt which document the auditor asks for."
    assert "counts for at most 3 years" in lines[2]
    assert not any("WW" in line for line in lines)
    assert evidence_texts(assess(NOBODY, as_of=AS_OF), **en_texts()) == []


def test_no_text_of_the_plan_refers_to_the_document_itself() -> None:
    for answers in (BAKERY, NOBODY):
        for m in milestones(answers, "nl") + milestones(answers):
            assert "pdf" not in (m.what + m.target).lower()
