"""Every number step gets a batch of bad input; each is rejected with a specific problem."""

from collections.abc import Callable

import pytest

from dialogs import messages as m
from dialogs.engine import Rejected
from tests.dialogs.conftest import Driver

BAD_ALWAYS = {
    "veel": m.NOT_A_NUMBER,
    "": m.NOT_A_NUMBER,
    "7,5,3": m.NOT_A_NUMBER,
    "😀": m.NOT_A_NUMBER,
    "1e9": m.NOT_A_NUMBER,
    "x" * 5000: m.NOT_A_NUMBER,
    "7" * 5000: m.NOT_A_NUMBER,
    "-3": m.NEGATIVE,
}


def _at(driver: Driver, step: str) -> Driver:
    """Moves a bakery owner to `step` (people 9, FTE 8, one person so far)."""
    route: dict[str, Callable[[Driver], Driver]] = {
        "people_count": lambda d: d.skip().press("bakery").type("Almelo"),
        "full_time_hours": lambda d: _at(d, "people_count").type("9"),
        "total_fte": lambda d: _at(d, "full_time_hours").press("40").press("fte"),
        "total_hours": lambda d: _at(d, "full_time_hours").press("40").press("hours"),
        "weekly_hours": lambda d: _at(d, "total_fte").type("8").press("yes").press("wajong"),
    }
    route[step](driver)
    assert driver.prompt.step_id == step
    return driver


@pytest.mark.parametrize(
    ("step", "specific"),
    [
        ("people_count", {"0": m.ZERO, "10000000": None, "7,5": m.NOT_WHOLE}),
        ("full_time_hours", {"0": m.ZERO, "80": None, "12": None}),
        ("total_fte", {"0": m.ZERO}),
        ("total_hours", {"0": m.ZERO}),
        ("weekly_hours", {"0": m.ZERO, "80": None, "10000000": None}),
    ],
)
def test_bad_numbers(driver: Driver, step: str, specific: dict[str, str | None]) -> None:
    _at(driver, step)
    for text, msgid in {**BAD_ALWAYS, **specific}.items():
        problem = driver.reject_type(text).problem
        if msgid == m.NOT_A_NUMBER and step == "people_count":  # says the format it wants
            msgid = m.NOT_A_WHOLE_NUMBER
        if msgid is not None:
            assert problem.msgid == msgid, (step, text, problem)
        else:  # a step-specific "too large" with its reason and raw numbers as params
            assert problem.msgid not in BAD_ALWAYS.values(), (step, text, problem)
            assert problem.params, (step, text, problem)
            problem.msgid.format(**problem.params)  # placeholders match the params
    assert driver.prompt.step_id == step  # nothing moved


def test_eighty_hours_for_one_person_is_explained(driver: Driver) -> None:
    problem = _at(driver, "weekly_hours").reject_type("80").problem
    assert "more than one person can work" in problem.msgid
    assert problem.params == {"value": 80, "max": 60.0}


def test_fte_larger_than_people_is_asked_back_never_stored_unconfirmed(driver: Driver) -> None:
    _at(driver, "total_fte").type("8,5")
    assert driver.state.answers["total_fte"] == 8.5  # 8.5 FTE for 9 people: plausible
    driver.back()
    driver.type("14", "total_fte")  # more FTE than people: asked back, not stored
    prompt = driver.prompt
    assert prompt.doubt and prompt.step_id == "total_fte"
    assert "total_fte" not in driver.state.answers or driver.state.answers["total_fte"] == 8.5
    # Above 1.5 FTE a person only the other reading is offered: 14 hours a week in total.
    assert [o.label for o in prompt.options][:1] == ["No, {hours} hours a week in total"]
    driver.press("r0")
    assert driver.state.answers["size_unit"] == "hours"
    assert driver.state.answers["total_hours"] == 14.0


def test_total_hours_that_look_like_fte_are_asked_back(driver: Driver) -> None:
    _at(driver, "total_hours").type("8.5")
    prompt = driver.prompt
    assert prompt.doubt and "total_hours" not in driver.state.answers
    assert prompt.text_params == {"hours": 8.5, "people": 9, "each": 1.0}
    driver.press("r1")  # "No, I meant 8.5 FTE"
    assert driver.state.answers["size_unit"] == "fte"
    assert driver.state.answers["total_fte"] == 8.5
    assert driver.position == "has_target_group"


def test_a_doubt_can_be_confirmed_or_typed_again(driver: Driver) -> None:
    _at(driver, "total_fte").type("0,5")  # under a tenth of 9 people
    asked_back = driver.prompt
    assert asked_back.doubt
    driver.press("change")
    typing_again = driver.prompt  # each prompt read anew, not the one asserted above
    assert driver.position == "total_fte" and not typing_again.doubt
    driver.type("0,5")
    driver.type("7")  # typed anew while asked back: the answer itself
    assert driver.state.answers["total_fte"] == 7.0
    assert "_doubt" not in driver.state.answers


def test_target_group_fte_above_total_is_rejected(driver: Driver) -> None:
    _at(driver, "people_count").type("3").press("40").press("fte").type("1,5").press("yes")
    driver.person("wajong", "40", "regular").press("add").press("ww")
    problem = driver.reject_type("30").problem
    assert problem.params == {"hours": 30, "fte": 1.75, "total_fte": 1.5}


def test_fte_accepts_dutch_and_english_decimals(driver: Driver) -> None:
    _at(driver, "total_fte").type(" 7,2 fte ")
    assert driver.state.answers["total_fte"] == 7.2


def test_full_time_hours_unknown_stays_unknown(driver: Driver) -> None:
    _at(driver, "full_time_hours").unknown()
    assert driver.state.answers["full_time_hours"] == "unknown"
    line = next(x for x in driver.flow.review(driver.state) if x.step_id == "full_time_hours")
    assert line.value == ("unknown",)
    driver.back().type("37,5")
    assert driver.state.answers["full_time_hours"] == 37.5


@pytest.mark.parametrize(
    "text",
    ["", "   ", "\u200b\u200b", "😀", "x" * 101, "a" * 5000, "\u202e\u200f"],
)
def test_bad_texts(driver: Driver, text: str) -> None:
    driver.skip().press("bakery")
    assert isinstance(driver.flow.type(driver.state, text), Rejected)


def test_texts_are_cleaned_and_rtl_is_kept(driver: Driver) -> None:
    driver.type("\u200f  مخبز   ايلسة \u200e")
    assert driver.state.answers["org_name"] == "مخبز ايلسة"


def test_choice_steps_want_buttons(driver: Driver) -> None:
    driver.skip()
    assert driver.reject_type("bakery").problem.msgid == m.USE_BUTTONS
    assert driver.reject_press("bakery_xl").problem.msgid == m.UNKNOWN_OPTION


def test_button_from_an_older_message_is_refused(driver: Driver) -> None:
    driver.skip()
    outcome = driver.flow.choose(driver.state, "yes", at="has_target_group")
    assert isinstance(outcome, Rejected) and outcome.problem.msgid == m.STALE_BUTTON


def test_skip_and_unknown_only_where_offered(driver: Driver) -> None:
    driver.skip().press("bakery").type("Almelo")
    assert not driver.prompt.can_skip
    assert isinstance(driver.flow.skip(driver.state), Rejected)
    assert isinstance(driver.flow.unknown(driver.state), Rejected)
