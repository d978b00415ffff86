"""Progress, back, the group overview and editing from the review."""

from dialogs.model import StepKind
from tests.dialogs.conftest import Driver


def _bakery(driver: Driver) -> Driver:
    driver.organisation().press("yes").person("wajong", "24", "regular").press("done").rest()
    assert driver.position == "review"
    return driver


def test_progress_only_moves_forward_and_never_grows(driver: Driver) -> None:
    _bakery(driver)
    numbers = [p.progress[0] for p in driver.seen]
    assert numbers == sorted(numbers) and numbers[0] == 1
    assert {p.progress[1] for p in driver.seen} == {5}  # the parts: a total that never grows
    sections = [p.section for p in driver.seen]
    assert sections[0] == "your business" and "target-group employees" in sections


def test_progress_names_the_person_and_stays_put_when_one_is_added(driver: Driver) -> None:
    driver.organisation().press("yes").person("wajong", "24", "regular")
    one = driver.prompt.progress
    driver.press("add")
    assert driver.prompt.progress == one
    assert driver.prompt.person == 2
    assert driver.prompt.section == "target-group employees"


def test_back_at_every_step_returns_to_the_previous_one(driver: Driver) -> None:
    _bakery(driver)
    flow = driver.flow
    assert driver.seen[0].can_back is False
    state = driver.state
    visited = [p.position for p in driver.seen]
    for expected in reversed(visited):
        state = flow.back(state)
        assert flow.prompt(state).position == expected
    assert flow.back(state) == state  # first step: nothing before it
    assert state.answers["employees"][0]["weekly_hours"] == 24.0  # answers stay stored


def test_group_add_edit_remove_done(driver: Driver) -> None:
    driver.organisation(people="9").press("yes").person("wajong", "24", "regular")
    prompt = driver.prompt
    assert prompt.kind is StepKind.GROUP_OVERVIEW
    # no removing the last
    assert [o.value for o in prompt.options] == ["add", "same", "edit_1", "done"]
    driver.press("add").person("ww", "16", "trial_placement")
    driver.press("add").person("vso_pro", "20", "regular")
    prompt = driver.prompt
    assert {"remove_1", "remove_2", "remove_3", "edit_3"} <= {o.value for o in prompt.options}
    assert prompt.items[1] == (
        ("choice", "Unemployment benefit (WW)"),
        ("number", 16.0, "hours a week"),
        ("choice", "trial placement"),
        ("choice", "{months}+ months of WW before the start", {"months": 6}),
    )
    driver.press("edit_2").press("ww").type("18").press("regular")
    # Under the question it answers, the answer does not say "WW" again.
    assert driver.prompt.current == ("choice", "{months} months or more", {"months": 6})
    driver.press("no", "unemployed_six_months")
    assert driver.position == "employees"
    assert driver.state.answers["employees"][1] == {
        "target_group": "ww",
        "weekly_hours": 18.0,
        "contract": "regular",
        "unemployed_six_months": "no",
    }
    driver.press("remove_1")
    assert [p["target_group"] for p in driver.state.answers["employees"]] == ["ww", "vso_pro"]
    driver.reject_press("remove_3")
    driver.reject_press("edit_9")
    driver.press("done")
    assert driver.position == "social_purchasing"


def test_back_from_a_new_person_drops_it(driver: Driver) -> None:
    driver.organisation().press("yes").person("wajong", "24", "regular").press("add")
    assert driver.position == "employees.2.target_group"
    driver.press("ww").back()
    assert driver.position == "employees.2.target_group"
    driver.back()
    assert driver.position == "employees"
    assert len(driver.state.answers["employees"]) == 1
    driver.press("done")


def test_edit_from_review_returns_to_review(driver: Driver) -> None:
    _bakery(driver)
    driver.state = driver.flow.edit(driver.state, "q_guidance")
    assert driver.position == "q_guidance"
    driver.press("no")
    assert driver.position == "review"
    assert driver.state.answers["q_guidance"] == "no"
    # The review's own buttons do the same.
    driver.press("sector").press("cleaning")
    assert driver.position == "review"


def test_edit_outside_the_review_moves_nothing(driver: Driver) -> None:
    driver.organisation()
    before = driver.state
    assert driver.flow.edit(before, "has_plan") == before  # ahead
    assert driver.flow.edit(before, "org_name") == before  # back
    driver.reject_press("has_plan")


def test_edit_opening_a_branch_fills_it_first(driver: Driver) -> None:
    driver.organisation().press("no").rest()
    driver.state = driver.flow.edit(driver.state, "has_target_group")
    driver.press("yes")
    assert driver.position == "employees.1.target_group"
    driver.person("wajong", "24", "regular")
    assert driver.position == "employees"
    driver.press("done")
    assert driver.position == "review"
    assert driver.flow.is_complete(driver.state)


def test_edit_to_other_sector_asks_description(driver: Driver) -> None:
    _bakery(driver)
    driver.state = driver.flow.edit(driver.state, "sector")
    driver.press("other").type("Bloemist")
    assert driver.position == "review"


def test_edit_size_unit_to_hours(driver: Driver) -> None:
    _bakery(driver)
    driver.state = driver.flow.edit(driver.state, "size_unit")
    driver.press("hours").type("300")
    assert driver.position == "review"
    assert driver.flow.applicable_answers(driver.state)["total_fte"] == 7.5


def test_fewer_people_makes_fte_pending(driver: Driver) -> None:
    _bakery(driver)
    driver.state = driver.flow.edit(driver.state, "people_count")
    driver.type("4")
    # 8 FTE is too much for 4 people: the flow asks for it again and says why.
    assert driver.position == "total_fte"
    assert driver.prompt.problem is not None
    assert driver.prompt.problem.params == {"people": 4, "max_fte": 6.0}
    assert not driver.flow.is_complete(driver.state)
    driver.type("4")
    assert driver.position == "review"
    assert driver.flow.is_complete(driver.state)


def test_smaller_total_flags_the_group(driver: Driver) -> None:
    driver.organisation(people="3", fte="2").press("yes").person("wajong", "40", "regular")
    driver.press("done").rest()
    driver.state = driver.flow.edit(driver.state, "total_fte")
    driver.type("0,5")
    # The person's hours no longer fit: asked again, with the reason.
    assert driver.position == "employees.1.weekly_hours"
    assert driver.prompt.problem is not None
    assert driver.prompt.problem.params["total_fte"] == 0.5
    assert not driver.flow.is_complete(driver.state)
    driver.type("20").press("regular")
    assert driver.position == "employees"
    driver.press("done")
    assert driver.position == "review"


def test_back_from_review_goes_to_last_step(driver: Driver) -> None:
    _bakery(driver)
    driver.back()
    assert driver.position == "has_plan"


def test_current_answer_is_shown_when_revisiting(driver: Driver) -> None:
    driver.skip().press("bakery").back()
    assert driver.prompt.current == ("choice", "Bakery")
    driver.back()
    revisited = driver.prompt  # a new prompt: read again, not the one asserted above
    assert revisited.current == ("skipped",)
