"""What the rules need (rules.md "Who counts, and for how long", the conditions of a Trede):
asked only where it matters, typed as people type it, never invented, and read by pso."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.i18n import translate
from dialogs.categories import AMBIGUOUS_NAMES
from dialogs.flows import scan as inventory
from dialogs.flows.common import CONTRACT_UNKNOWN, MONTH_YEAR_ONLY, TARGET_GROUP_UNKNOWN
from dialogs.flows.scan import (
    MONTH_EXAMPLE,
    MONTH_IN_FUTURE,
    for_assessment,
)
from pso.assess import Assessment, answers_for_assessment, assess
from pso.counting import PERIOD_ENDED, STARTED_UNKNOWN, YearMonth
from tests.dialogs.conftest import Driver
from tests.examples import examples

TODAY = Driver.today()
THIS_MONTH = YearMonth.of(TODAY)


def months_ago(n: int) -> YearMonth:
    return THIS_MONTH.plus(-n)


def _at_person(driver: Driver) -> Driver:
    return driver.organisation().press("yes", "has_target_group")


def _finish(driver: Driver) -> Driver:
    return driver.press("done", "employees").rest()


def _assessed(driver: Driver) -> Assessment:
    applicable = driver.flow.applicable_answers(driver.state)
    return assess(answers_for_assessment(for_assessment(applicable, today=TODAY)), as_of=TODAY)


# --- who is asked what --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("group", "contract", "asked", "years"),
    [
        ("participatiewet", "regular", True, 5),  # bijstand: 5 years from the start
        ("vso_pro", "regular", True, 5),  # VSO/PrO: 5 years after leaving school
        ("wajong", "internship", True, 3),  # any internship/re-integration: 3 years
        ("participatiewet", "internship", True, 3),  # the shortest period wins
        ("wajong", "regular", False, None),
        ("participatiewet_lks", "regular", False, None),  # as long as the subsidy runs
        ("sw_indicated", "regular", False, None),  # as long as the indication is valid
        ("ww", "regular", False, None),
    ],
)
def test_start_asked_only_where_a_counting_period_applies(
    driver: Driver, group: str, contract: str, asked: bool, years: int | None
) -> None:
    _at_person(driver).press(group, "target_group").type("20").press(contract, "contract")
    for still_running in ("subsidy_ongoing", "indication_valid"):
        if driver.prompt.step_id == still_running:
            driver.press("yes", still_running)
    if not asked:
        assert driver.prompt.step_id in ("employees", "unemployed_six_months")
        return
    prompt = driver.prompt
    assert prompt.step_id == "started_when"
    assert [o.value for o in prompt.options] == ["long_ago", "month", "unknown"]
    assert prompt.options[0].params == {"years": years}
    assert prompt.allow_text and prompt.can_back
    if group == "vso_pro":
        assert "leave school" in prompt.text


def test_ww_is_asked_about_six_months_out_of_work_not_the_start(driver: Driver) -> None:
    _at_person(driver).press("ww").type("16").press("regular")
    prompt = driver.prompt
    assert prompt.step_id == "unemployed_six_months"
    assert prompt.text_params == {"n": 1, "months": 6}
    assert [o.value for o in prompt.options] == ["yes", "no", "unknown"]
    driver.press("no")
    _finish(driver)
    person = _assessed(driver).employees[0]
    assert not person.counted and person.reason == "not_unemployed_six_months"


def test_ww_unknown_stays_unknown_and_counts_with_a_note(driver: Driver) -> None:
    _at_person(driver).press("ww").type("16").press("regular").press("unknown")
    _finish(driver)
    answers = driver.flow.applicable_answers(driver.state)
    assert answers["employees"][0]["unemployed_six_months"] == "unknown"
    person = _assessed(driver).employees[0]
    assert person.counted and person.notes == ("unemployed_six_months_unknown",)


# --- the start month ------------------------------------------------------------------------
def test_month_by_button_then_typed(driver: Driver) -> None:
    _at_person(driver).person("wajong", "24", "regular").press("add")
    driver.press("participatiewet").type("20").press("regular")
    driver.press("month", "started_when")
    assert driver.prompt.step_id == "started" and driver.prompt.kind.value == "month"
    driver.type("maart 2024", "started")
    assert driver.position == "employees"
    person = driver.state.answers["employees"][1]
    assert person["started_when"] == "month" and person["started"] == "2024-03"
    assert driver.prompt.items[1][-1] == ("month", "2024-03", "since {month}")


@pytest.mark.parametrize("typed", ["3-2024", "March 2024", "mrt 2024", "2024-03"])
def test_month_typed_at_once_saves_a_tap(driver: Driver, typed: str) -> None:
    _at_person(driver).press("participatiewet").type("20").press("regular")
    driver.type(typed, "started_when")
    assert driver.position == "employees"
    assert driver.state.answers["employees"][0]["started"] == "2024-03"


def test_a_month_still_to_come_is_re_asked_and_nothing_changes(driver: Driver) -> None:
    _at_person(driver).press("participatiewet").type("20").press("regular")
    before = driver.state
    future = THIS_MONTH.plus(1)
    # Typed at once: neither "month" nor the month is stored.
    assert driver.reject_type(f"{future.month}-{future.year}").problem.msgid == MONTH_IN_FUTURE
    assert driver.state == before
    driver.press("month", "started_when")
    at_month = driver.state
    assert driver.reject_type(str(future)).problem.msgid == MONTH_IN_FUTURE
    assert driver.state == at_month
    driver.type(f"{THIS_MONTH.month}-{THIS_MONTH.year}", "started")  # this month is fine
    assert driver.state.answers["employees"][0]["started"] == str(THIS_MONTH)


@pytest.mark.parametrize(
    ("typed", "msgid"),
    [("gisteren", MONTH_EXAMPLE), ("13-2024", MONTH_EXAMPLE), ("2019", MONTH_YEAR_ONLY)],
)
def test_unreadable_months_are_re_asked(driver: Driver, typed: str, msgid: str) -> None:
    _at_person(driver).press("participatiewet").type("20").press("regular").press("month")
    problem = driver.reject_type(typed).problem
    assert problem.msgid == msgid
    if msgid == MONTH_YEAR_ONLY:
        assert problem.params == {"year": "2019"}


@pytest.mark.parametrize(
    ("ago", "counted"),
    [(59, True), (60, False), (61, False)],  # counts while months < 60
)
def test_bijstand_boundary_month(driver: Driver, ago: int, counted: bool) -> None:
    start = months_ago(ago)
    _at_person(driver).person("participatiewet", "20", "regular", started=str(start))
    _finish(driver)
    person = _assessed(driver).employees[0]
    assert person.counted is counted
    assert person.reason == (None if counted else PERIOD_ENDED)


@pytest.mark.parametrize(("ago", "counted"), [(35, True), (36, False)])
def test_internship_boundary_month(driver: Driver, ago: int, counted: bool) -> None:
    start = months_ago(ago)
    _at_person(driver).person("wajong", "20", "internship", started=f"{start.month}-{start.year}")
    _finish(driver)
    assert _assessed(driver).employees[0].counted is counted


def test_long_ago_means_the_period_has_passed(driver: Driver) -> None:
    _at_person(driver).person("participatiewet", "20", "regular", started="long_ago")
    _finish(driver)
    applicable = driver.flow.applicable_answers(driver.state)
    converted = for_assessment(applicable, today=TODAY)
    assert converted["employees"][0]["started"] == str(months_ago(60))
    assert "started_when" not in answers_for_assessment(converted)["employees"][0]
    person = _assessed(driver).employees[0]
    assert not person.counted and person.reason == PERIOD_ENDED


def test_unknown_start_is_stored_as_unknown_never_invented(driver: Driver) -> None:
    _at_person(driver).person("vso_pro", "20", "regular", started="unknown")
    _finish(driver)
    converted = for_assessment(driver.flow.applicable_answers(driver.state), today=TODAY)
    assert "started" not in converted["employees"][0]
    assert converted["as_of"] == TODAY.isoformat()
    person = _assessed(driver).employees[0]
    assert person.counted and person.notes == (STARTED_UNKNOWN,)


def test_changing_the_group_drops_a_start_that_no_longer_applies(driver: Driver) -> None:
    _at_person(driver).person("participatiewet", "20", "regular", started="long_ago")
    driver.press("edit_1").press("wajong").type("20").press("regular")
    assert driver.position == "employees"
    person = driver.flow.applicable_answers(driver.state)["employees"][0]
    assert person == {"target_group": "wajong", "weekly_hours": 20.0, "contract": "regular"}


@settings(max_examples=examples(40), deadline=None)
@given(ago=st.integers(0, 200))
def test_any_start_counts_while_within_five_years(ago: int) -> None:
    driver = Driver(inventory.SCAN)
    start = months_ago(ago)
    _at_person(driver).person("participatiewet", "20", "regular", started=str(start))
    _finish(driver)
    assert _assessed(driver).employees[0].counted is (ago < 60)


# --- names employers use ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "group"),
    [
        ("banenafspraak", "target_register_other"),
        ("Doelgroepregister", "target_register_other"),
        ("beschut werk", "participatiewet_lks"),
        ("Loonkostensubsidie", "participatiewet_lks"),
        ("bijstand met loonkostensubsidie", "participatiewet_lks"),
        ("bijstand", "participatiewet"),
        ("Participatiewet", "participatiewet"),
        ("statushouder", "participatiewet"),
        ("IOAW", "participatiewet"),
        ("Oekraïne", "participatiewet"),
        ("Wajong", "wajong"),
        ("wajong, in het doelgroepregister", "wajong"),
        ("WIA", "wao_wia_waz"),
        ("no-riskpolis", "wao_wia_waz"),
        ("Wsw", "sw_indicated"),
        ("SW", "sw_indicated"),
        ("WW", "ww"),
        ("praktijkonderwijs", "vso_pro"),
        ("VSO", "vso_pro"),
        ("BBL 2", "bbl_bol_2"),
        ("bol niveau 1", "bbl_bol_1_vso_pro_internship"),
        ("ID-baan", "wiw_id"),
    ],
)
def test_typed_names_pick_the_category(driver: Driver, typed: str, group: str) -> None:
    _at_person(driver).type(typed, "target_group")
    assert driver.position == "employees.1.weekly_hours"
    assert driver.state.answers["employees"][0]["target_group"] == group


def test_an_unknown_name_is_re_asked_with_examples(driver: Driver) -> None:
    _at_person(driver)
    before = driver.state
    problem = driver.reject_type("  onbekende   regeling ").problem
    assert problem.msgid == TARGET_GROUP_UNKNOWN
    assert problem.params == {"text": "onbekende regeling"}
    # Examples in the reader's language (either is understood in both).
    dutch, english = translate(problem.msgid, "nl"), translate(problem.msgid, "en")
    assert "banenafspraak" in dutch and "beschut werk" in dutch
    assert "job agreement" in english and "sheltered work" in english
    assert driver.reject_type("wajong of ww").problem.msgid == TARGET_GROUP_UNKNOWN
    assert driver.reject_type("BBL").problem.msgid == AMBIGUOUS_NAMES["bbl"]
    assert driver.state == before


def test_help_lists_the_other_names(driver: Driver) -> None:
    help_text = _at_person(driver).prompt.help or ""
    for name in ("banenafspraak", "beschut", "statushouder", "no-riskpolis", "IOAW", "Entree"):
        assert name in help_text, name


@pytest.mark.parametrize(
    ("typed", "contract"),
    [("stage", "internship_reintegration"), ("proefplaatsing", "trial_placement"),
     ("vast contract", "regular"), ("uitzendkracht", "secondment_flex")],
)  # fmt: skip
def test_typed_contract_names(driver: Driver, typed: str, contract: str) -> None:
    _at_person(driver).press("wajong").type("20").type(typed, "contract")
    assert driver.state.answers["employees"][0]["contract"] == contract


def test_an_unknown_contract_is_re_asked(driver: Driver) -> None:
    _at_person(driver).press("wajong").type("20")
    assert driver.reject_type("iets anders").problem.msgid == CONTRACT_UNKNOWN


# --- conditions of a Trede ------------------------------------------------------------------
def test_conditions_asked_after_the_requirements_and_read_by_pso(driver: Driver) -> None:
    driver.organisation().press("no", "has_target_group").press("no", "social_purchasing")
    for step in ("q_suitable_work", "q_guidance", "q_integration", "q_development"):
        driver.press("yes", step)
    driver.press("unknown", "two_fte_one_year").press("no", "own_kvk")
    driver.press("yes", "intent_grow").press("no", "has_plan")
    a = _assessed(driver)
    assert a.conditions["two_fte_one_year"] == "unknown" and a.conditions["own_kvk"] == "no"
    assert a.conditions_met == "no"


def test_two_fte_not_asked_below_two_fte(driver: Driver) -> None:
    driver.organisation(people="2", fte="1.5").press("no", "has_target_group")
    driver.rest()  # answers own_kvk only
    assert "two_fte_one_year" not in driver.state.answers
    assert _assessed(driver).conditions["two_fte_one_year"] == "no"  # pso's own rule
    # Grown to 2 FTE (from the review): now asked, then back to the review.
    driver.state = driver.flow.edit(driver.state, "total_fte")
    driver.type("2", "total_fte")
    assert driver.position == "two_fte_one_year"
    driver.press("yes")
    assert driver.position == "review"


# --- review, back, progress -----------------------------------------------------------------
def test_review_shows_the_new_answers_and_unknown_as_not_known_yet(driver: Driver) -> None:
    _at_person(driver).person("participatiewet", "20", "regular", started="unknown")
    driver.press("add").person("vso_pro", "20", "regular", started="long_ago")
    driver.press("add").person("ww", "16", "regular", unemployed="unknown")
    driver.press("done")
    driver.press("no").press("yes").press("yes").press("yes").press("yes")
    driver.press("unknown", "two_fte_one_year").press("yes", "own_kvk")
    driver.press("yes").press("no")
    lines = {line.step_id: line.value for line in driver.flow.review(driver.state)}
    assert lines["two_fte_one_year"] == ("choice", "not known yet")
    assert lines["own_kvk"] == ("choice", "yes")
    people = lines["employees"][1]
    assert people[0][-1] == ("choice", "start: not known yet")
    assert people[1][-1] == ("choice", "left school {years}+ years ago", {"years": 5})
    assert people[2][-1] == (
        "choice",
        "WW before the start ({months} months or more): not known yet",
        {"months": 6},
    )


def test_edit_a_condition_from_the_review(driver: Driver) -> None:
    driver.organisation().press("no", "has_target_group").rest()
    driver.state = driver.flow.edit(driver.state, "own_kvk")
    assert driver.prompt.current == ("choice", "yes")
    driver.press("unknown", "own_kvk")
    assert driver.position == "review"
    assert driver.state.answers["own_kvk"] == "unknown"


def test_edit_a_start_from_the_review_through_the_person(driver: Driver) -> None:
    _at_person(driver).person("participatiewet", "20", "regular", started="3-2024")
    _finish(driver)
    driver.state = driver.flow.edit(driver.state, "employees")
    driver.press("edit_1").press("participatiewet").type("20").press("regular")
    assert driver.prompt.step_id == "started_when"
    assert driver.prompt.current == ("choice", "Month and year")
    driver.press("long_ago", "started_when")
    assert driver.position == "employees"
    driver.press("done")
    assert driver.position == "review"
    assert not _assessed(driver).employees[0].counted


def test_back_from_every_new_step(driver: Driver) -> None:
    _at_person(driver).press("participatiewet").type("20").press("regular")
    assert driver.position == "employees.1.started_when"
    driver.back()
    assert driver.position == "employees.1.contract"
    driver.press("regular").press("month")
    driver.back()
    assert driver.position == "employees.1.started_when"
    driver.type("3-2024").press("add").press("ww").type("16").press("regular")
    assert driver.position == "employees.2.unemployed_six_months"
    driver.back()
    assert driver.position == "employees.2.contract"
    driver.press("regular").press("yes").press("done").press("no")
    for step in ("q_suitable_work", "q_guidance", "q_integration", "q_development"):
        driver.press("yes", step)
    assert driver.position == "two_fte_one_year"
    driver.back()
    assert driver.position == "q_development"
    driver.press("yes").press("yes", "two_fte_one_year")
    assert driver.position == "own_kvk"
    driver.back()
    assert driver.position == "two_fte_one_year"
    assert driver.state.answers["employees"][0]["started"] == "2024-03"  # answers stay


def test_progress_never_goes_backwards(driver: Driver) -> None:
    _at_person(driver).person("participatiewet", "20", "internship", started="3-2024")
    driver.press("add").person("ww", "16", "regular")
    driver.press("add").person("wajong", "24", "regular")
    _finish(driver)
    for before, after in zip(driver.seen, driver.seen[1:], strict=False):
        (n0, t0), (n1, t1) = before.progress, after.progress
        assert n1 >= n0, (before.position, after.position)
        # "yes" opens the first person, "add" another: their questions join the count there.
        if before.step_id not in ("has_target_group", "employees"):
            assert n1 / t1 >= n0 / t0, (before.position, before.progress, after.progress)


# --- third version: asked only of the people they concern ----------------------------------
@pytest.mark.parametrize(
    ("group", "contract", "step"),
    [
        ("participatiewet_lks", "regular", "subsidy_ongoing"),
        ("sw_indicated", "regular", "indication_valid"),
        ("wajong", "secondment_flex", "durable"),
    ],
)
def test_what_still_runs_is_asked_of_whom_it_concerns(
    driver: Driver, group: str, contract: str, step: str
) -> None:
    _at_person(driver).press(group, "target_group").type("20").press(contract, "contract")
    assert driver.prompt.step_id == step
    assert [o.value for o in driver.prompt.options] == ["yes", "no", "unknown"]


@pytest.mark.parametrize(("group", "contract"), [("wajong", "regular"), ("ww", "regular")])
def test_nobody_else_hears_the_new_questions(driver: Driver, group: str, contract: str) -> None:
    _at_person(driver).press(group, "target_group").type("20").press(contract, "contract")
    assert driver.prompt.step_id in ("employees", "unemployed_six_months")


def test_a_stopped_subsidy_asks_the_start_for_the_bijstand_years(driver: Driver) -> None:
    _at_person(driver).person(
        "participatiewet_lks", "20", "regular", running="no", started="long_ago"
    )
    assessed = _assessed(_finish(driver))
    person = assessed.employees[0]
    assert not person.counted and person.reason == PERIOD_ENDED
    assert person.period is not None and person.period.key == "participatiewet"


def test_an_ended_wsw_indication_no_longer_counts(driver: Driver) -> None:
    _at_person(driver).person("sw_indicated", "20", "regular", running="no")
    person = _assessed(_finish(driver)).employees[0]
    assert not person.counted and person.reason == "indication_ended"


def test_a_school_leaver_on_an_internship_is_asked_both_dates(driver: Driver) -> None:
    """Left school 4 years ago (5 years count), internship started last month (3 years)."""
    left, began = months_ago(48), months_ago(1)
    _at_person(driver).press("vso_pro", "target_group").type("20").press("internship", "contract")
    assert driver.prompt.step_id == "started_when"
    assert driver.prompt.options[0].params == {"years": 5}  # leaving school: 5 years
    driver.press("month", "started_when").type(f"{left.month}-{left.year}", "started")
    assert driver.prompt.step_id == "internship_started_when"
    assert driver.prompt.options[0].params == {"years": 3}
    driver.press("month", "internship_started_when").type(
        f"{began.month}-{began.year}", "internship_started"
    )
    person = _assessed(_finish(driver)).employees[0]
    assert person.counted and person.ends == left.plus(60)


@pytest.mark.parametrize(
    ("group", "contract", "step"),
    [
        ("participatiewet_lks", "regular", "subsidy_ongoing"),
        ("sw_indicated", "regular", "indication_valid"),
        ("wajong", "secondment_flex", "durable"),
    ],
)
def test_the_new_questions_take_typed_answers_and_re_ask_the_rest(
    driver: Driver, group: str, contract: str, step: str
) -> None:
    _at_person(driver).press(group, "target_group").type("20").press(contract, "contract")
    for text in ("🤷", "twee", "x" * 5000):
        rejected = driver.reject_type(text)
        assert rejected.problem is not None and driver.prompt.step_id == step
    driver.type("weet ik niet", step)
    answers = _finish(driver).flow.applicable_answers(driver.state)
    assert answers["employees"][0][step] == "unknown"
