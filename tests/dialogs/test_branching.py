from dialogs.categories import TARGET_GROUPS
from tests.dialogs.conftest import Driver


def _until_target_group(driver: Driver) -> Driver:
    return driver.organisation().press("yes", "has_target_group")


def test_no_target_group_has_no_employee_steps(driver: Driver) -> None:
    driver.organisation().press("no", "has_target_group")
    assert driver.position == "social_purchasing"
    seq = driver.flow._sequence(driver.state.answers)
    assert not any(pos.startswith("employees") for pos in seq)


def test_unknown_target_group_skips_details(driver: Driver) -> None:
    driver.organisation()
    driver.unknown()  # the generic "I don't know yet" maps to the option "unknown"
    assert driver.state.answers["has_target_group"] == "unknown"
    assert driver.position == "social_purchasing"
    driver.rest()
    assert driver.flow.applicable_answers(driver.state)["employees"] == []


def test_seconded_out_only_for_sheltered_work(driver: Driver) -> None:
    _until_target_group(driver).press("sw_indicated").type("20")
    assert "seconded_out" in {o.value for o in driver.prompt.options}
    driver.press("regular").press("yes", "indication_valid").press("add")
    for option in TARGET_GROUPS:
        if option.value == "sw_indicated":
            continue
        state = driver.state
        driver.press(option.value).type("8")
        assert "seconded_out" not in {o.value for o in driver.prompt.options}
        driver.reject_press("seconded_out")
        driver.state = state


def test_changing_group_invalidates_seconded_out(driver: Driver) -> None:
    _until_target_group(driver).person("sw_indicated", "20", "seconded_out").press("done")
    driver.rest()
    driver.state = driver.flow.edit(driver.state, "employees")
    driver.press("edit_1").press("wajong").type("20")
    assert driver.prompt.problem is not None  # stored seconded_out is no longer valid
    assert not driver.flow.is_complete(driver.state)
    driver.press("regular")
    assert driver.position == "employees"
    driver.press("done")
    assert driver.position == "review"
    assert driver.flow.is_complete(driver.state)


def test_sector_other_asks_for_description(driver: Driver) -> None:
    driver.skip().press("other")
    assert driver.position == "sector_other"
    driver.type("  Bloemist \u200b  en  tuin ")
    assert driver.state.answers["sector_other"] == "Bloemist en tuin"


def test_sector_other_not_applicable_is_dropped(driver: Driver) -> None:
    driver.skip().press("other").type("Bloemist").back().back().press("bakery")
    assert driver.position == "municipality"
    assert "sector_other" in driver.state.answers  # kept while going back ...
    assert "sector_other" not in driver.flow.applicable_answers(driver.state)  # ... not handed on


def test_size_in_hours_derives_fte(driver: Driver) -> None:
    driver.organisation(people="9", full_time="38", fte=None, hours="288")
    assert driver.state.answers["total_fte"] == round(288 / 38, 4)
    assert driver.position == "has_target_group"


def test_purchasing_spend_only_when_buying(driver: Driver) -> None:
    driver.organisation().press("no").press("yes", "social_purchasing")
    assert driver.position == "purchasing_spend"
    driver.back().press("no", "social_purchasing")
    assert driver.position == "q_suitable_work"
    assert "purchasing_spend" not in driver.flow.applicable_answers(driver.state)


def test_quality_text_depends_on_target_group(driver: Driver) -> None:
    driver.organisation().press("yes").person("wajong", "24", "regular").press("done")
    driver.press("no", "social_purchasing")
    assert driver.prompt.text.startswith("Does the work of your target-group employees")


def test_municipality_without_campaign_has_no_suggestion(driver: Driver) -> None:
    driver.skip().press("bakery")
    assert driver.prompt.options == ()
    driver.reject_press("suggested")
    assert driver.prompt.allow_text
