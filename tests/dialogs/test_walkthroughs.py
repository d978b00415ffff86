"""Whole inventories for the personas, as a user would play them."""

from collections.abc import Callable

from dialogs.engine import Flow
from dialogs.model import StepKind
from tests.dialogs.conftest import Driver


def test_bakery_with_one_wajong_employee(make_driver: Callable[..., Driver]) -> None:
    d: Driver = make_driver({"municipality": "Twenterand"})
    d.type("Bakkerij Ilse", "org_name").press("bakery", "sector")
    assert d.prompt.options[0].params == {"municipality": "Twenterand"}
    d.press("suggested", "municipality").type("9", "people_count").press("40")
    d.press("fte", "size_unit").type("8", "total_fte").press("yes", "has_target_group")
    d.person("wajong", "24", "regular")
    assert d.prompt.kind is StepKind.GROUP_OVERVIEW
    d.press("done").rest()
    assert d.position == "review"
    assert d.flow.is_complete(d.state)
    answers = d.flow.applicable_answers(d.state)
    assert answers["employees"] == [
        {"target_group": "wajong", "weekly_hours": 24.0, "contract": "regular"}
    ]
    assert answers["municipality"] == "Twenterand"
    assert answers["total_fte"] == 8.0 and answers["full_time_hours"] == 40.0
    assert answers["people_count"] == 9 and isinstance(answers["people_count"], int)
    # The typical owner sees 21 questions (answered prompts) before the review: a Wajong
    # employee has no counting period, so only the two conditions of a Trede are new.
    assert len(d.seen) == 21
    assert d.seen[-1].progress == (5, 5)


def test_cleaning_company_with_mixed_contracts(driver: Driver) -> None:
    driver.organisation(sector="cleaning", people="34", fte="", hours="1.020")
    driver.press("yes", "has_target_group")
    driver.person("participatiewet_lks", "32", "regular")
    driver.press("add").person("participatiewet_lks", "28,5", "supported_employment")
    driver.press("add").person("participatiewet", "20 uur", "trial_placement")
    driver.press("add").person("sw_indicated", "36", "seconded_out")
    driver.press("done").rest(purchasing="yes", quality="partly")
    answers = driver.flow.applicable_answers(driver.state)
    assert [p["contract"] for p in answers["employees"]] == [
        "regular",
        "supported_employment",
        "trial_placement",
        "seconded_out",
    ]
    assert answers["employees"][1]["weekly_hours"] == 28.5
    assert answers["total_fte"] == 1020 / 40  # derived from the hours
    assert answers["purchasing_spend"] == "10k_50k"
    assert answers["q_guidance"] == "partly"
    assert driver.flow.is_complete(driver.state)


def test_it_firm_without_target_group(driver: Driver) -> None:
    driver.organisation(sector="ict", people="14", full_time="38", fte="12")
    driver.press("no", "has_target_group")
    assert driver.prompt.step_id == "social_purchasing"
    # Qualitative questions are phrased hypothetically: nobody works there yet, so "if you
    # hire someone", not "if you have or hire someone".
    driver.press("unknown")
    assert driver.prompt.text.startswith("If you hire someone from the target group:")
    for step in ("q_suitable_work", "q_guidance", "q_integration", "q_development"):
        driver.press("unknown", step)
    driver.press("yes", "two_fte_one_year").press("unknown", "own_kvk")
    driver.press("maybe", "intent_grow").press("no", "has_plan")
    answers = driver.flow.applicable_answers(driver.state)
    assert answers["employees"] == []
    assert "purchasing_spend" not in answers
    assert answers["q_integration"] == "unknown"
    assert driver.flow.is_complete(driver.state)


def test_one_person_business(driver: Driver) -> None:
    driver.organisation(sector="other", people="1", fte="1")
    driver.press("yes", "has_target_group")
    driver.person("wao_wia_waz", "30", "regular")
    # Only one person works here: adding another is refused with a reason.
    problem = driver.reject_press("add").problem
    assert problem.params == {"max": 1}
    driver.press("done").rest()
    answers = driver.flow.applicable_answers(driver.state)
    assert answers["sector"] == "other" and answers["sector_other"] == "Bloemist"
    assert len(answers["employees"]) == 1


def test_typical_prompt_count(flow: Flow) -> None:
    """Documented in the report: the bakery sees 21 questions plus the review."""
    d = Driver(flow)
    d.organisation().press("yes").person("wajong", "24", "regular").press("done").rest()
    assert len(d.seen) == 21
