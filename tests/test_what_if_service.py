"""The what-if's computation (bot/services/what_if.py). How its questions and those of "I hired
someone" read typed text is the engine's, tested with every flow in tests/dialogs/test_flows.py."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.db.models import Result
from bot.services.what_if import assessments_with, with_hires
from pso.assess import Assessment, assess
from pso.rules import load_rules
from tests.examples import examples

DAY = dt.date(2026, 12, 3)
RULES = load_rules()


def answers(
    total_fte: float, employees: list[dict[str, object]], people: int = 9
) -> dict[str, Any]:
    return {"total_fte": total_fte, "people_count": people, "employees": employees}


def result_of(data: dict[str, Any]) -> Result:
    return Result(
        user_id=1,
        rules_version=RULES.version,
        level="none",
        contribution_pct=0.0,
        answers_json=json.dumps(data),
        assessment_json="{}",
    )


def hire(hours: float, group: str = "wajong", contract: str = "regular") -> dict[str, object]:
    return {"target_group": group, "weekly_hours": hours, "contract": contract}


BAKERY = answers(7.2, [hire(24)])


def what_if_assessments(
    result: Result, hires: list[dict[str, object]], *, as_of: dt.date
) -> tuple[Assessment, Assessment]:
    return assessments_with(
        json.loads(result.answers_json), result.rules_version, hires, as_of=as_of
    )


def test_a_hire_joins_the_size_and_the_people() -> None:
    grown = with_hires(BAKERY, [hire(20, "participatiewet")], RULES, as_of=DAY)
    assert grown["total_fte"] == pytest.approx(7.7)
    assert grown["people_count"] == 10
    added = grown["employees"][-1]
    # Hired this month: the five years of bijstand have just begun, no "start unknown" note.
    assert added["started"] == "2026-12"
    assert assess(grown, RULES, as_of=DAY).unconfirmed == ()
    assert BAKERY["total_fte"] == 7.2 and len(BAKERY["employees"]) == 1  # not mutated


def test_an_imagined_ww_hire_was_unemployed_long_enough() -> None:
    grown = with_hires(BAKERY, [hire(20, "ww")], RULES, as_of=DAY)
    assert grown["employees"][-1]["unemployed_six_months"] == "yes"
    assert assess(grown, RULES, as_of=DAY).employees[-1].counted


def test_the_bakery_what_if_agrees_with_the_gap() -> None:
    """7.2 FTE with a Wajong employee for 24 h: the gap to Trede 1 is about 6.1 h a week.
    The first version reached Trede 1 with 6 h because the hire did not join the size."""
    before = assess(BAKERY, RULES, as_of=DAY)
    gap = before.gap("trede_1")
    assert before.level == "none" and gap is not None
    assert 6.0 < gap.hours_per_week < 6.2
    result = result_of(BAKERY)
    _, exact = what_if_assessments(result, [hire(gap.hours_per_week)], as_of=DAY)
    _, less = what_if_assessments(result, [hire(gap.hours_per_week * 0.99)], as_of=DAY)
    _, six = what_if_assessments(result, [hire(6)], as_of=DAY)
    assert exact.level == "trede_1"
    assert less.level == "none"
    assert six.level == "none"


@settings(max_examples=examples(150), deadline=None)
@given(
    total=st.floats(min_value=0.5, max_value=140, allow_nan=False),
    share=st.floats(min_value=0, max_value=0.2),
)
def test_exactly_the_gap_reaches_the_trede_and_one_percent_less_does_not(
    total: float, share: float
) -> None:
    """For any organisation, an imagined weight-1 hire of the gap's hours reaches the next
    Trede; 1 % fewer hours does not (the gap is the smallest such hire)."""
    hours = round(total * share * 40, 2)
    staff = [hire(hours)] if 0 < hours <= 40 else []
    data = answers(total, staff)
    before = assess(data, RULES, as_of=DAY)
    if before.next_trede is None:
        return
    gap = before.gap(before.next_trede)
    assert gap is not None
    if not 0.1 < gap.hours_per_week <= 40:  # one person, at most full time (FTE caps at 1)
        return
    result = result_of(data)
    _, exact = what_if_assessments(result, [hire(gap.hours_per_week)], as_of=DAY)
    _, less = what_if_assessments(result, [hire(gap.hours_per_week * 0.99)], as_of=DAY)
    assert exact.reached(before.next_trede)
    assert not less.reached(before.next_trede)
