"""rules.md, second version: cases written from its text (gap after hiring, counting periods,
WW, conditions, PSO 30+), each worked out by hand."""

import datetime as dt
import itertools
import re
from typing import Any

import pytest

from pso import InvalidAnswers, assess, assessment_as_dict, load_rules
from pso.assess import Assessment, Gap, answers_for_assessment
from pso.conditions import CONDITIONS, ORGANISATIONAL_CHOICES, QUALITATIVE, QUALITATIVE_CHOICES
from tests.pso.first_version import first_version_gap

AS_OF = dt.date(2026, 12, 15)


def gap(a: Assessment, trede: str) -> Gap:
    """The gap to `trede` from the figure (as `tredebot score` reports it), which the case has
    (a missing one fails here, by name)."""
    found = next((g for g in a.gaps if g.trede == trede), None)
    assert found is not None, f"no gap to {trede}"
    return found


def emp(group: str, hours: float, contract: str = "regular", **extra: Any) -> dict[str, Any]:
    return {"target_group": group, "weekly_hours": hours, "contract": contract, **extra}


def month_before(months: int, day: dt.date = AS_OF) -> str:
    """The month `months` whole months before `day`'s month, as YYYY-MM."""
    index = day.year * 12 + day.month - 1 - months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


ALL_YES = dict.fromkeys(CONDITIONS, "yes")


# --- the gap with the row after hiring ------------------------------------------------------


def test_4_4_fte_nobody_from_the_target_group() -> None:
    """rules.md step 6: on the 4 row x would be 0.81 FTE, but 4.4 + 0.634 rounds to 5, whose
    Trede 1 norm 12.6 % is met: x = 0.634 FTE ≈ 25.4 h a week."""
    a = assess({"total_fte": 4.4}, as_of=AS_OF)
    assert a.norm_size == 4 and a.norms["trede_1"] == pytest.approx(21.4 - 8.8 * 2 / 3)
    g = gap(a, "trede_1")
    assert g.fte == pytest.approx(0.126 * 4.4 / 0.874)
    assert g.fte == pytest.approx(0.634, abs=5e-4)
    assert g.hours_per_week == pytest.approx(25.4, abs=0.05)
    assert g.norm_size_after == 5 and g.norm_pct_after == pytest.approx(12.6)
    v1 = first_version_gap(a.norms["trede_1"], 4.4, 0.0)
    assert v1 == pytest.approx(0.81, abs=0.005) and v1 * 40 == pytest.approx(32.4, abs=0.05)
    # Hiring exactly x: 0.634 of 5.034 FTE = 12.6 %, Trede 1 on the 5 row.
    hired = assess(
        {"total_fte": 4.4 + g.fte, "employees": [emp("wajong", g.hours_per_week)]}, as_of=AS_OF
    )
    assert hired.norm_size == 5 and hired.level == "trede_1"


def test_bakery_worked_example() -> None:
    """8.0 FTE, Wajong 24 h: 7.5 %, Trede 1 norm 9.06 %, gap ≈ 0.137 FTE ≈ 5.5 h."""
    a = assess({"total_fte": 8.0, "employees": [emp("wajong", 24)]}, as_of=AS_OF)
    assert a.contribution_pct == pytest.approx(7.5)
    assert a.norms["trede_1"] == pytest.approx(12.6 + (6.7 - 12.6) * 3 / 5)
    assert a.level == "none" and a.route == "aspirant"
    g = gap(a, "trede_1")
    assert g.fte == pytest.approx((0.0906 * 8 - 0.6) / (1 - 0.0906))
    assert g.fte == pytest.approx(0.137, abs=5e-4)
    assert g.hours_per_week == pytest.approx(5.5, abs=0.05)
    assert g.norm_size_after == 8


def test_bakery_persona_7_2_fte() -> None:
    """product.md's Ilse: 7.2 FTE, Wajong 24 h: 8.3 %, the 7 row, about 6.1 h (7 whole hours)."""
    a = assess({"total_fte": 7.2, "employees": [emp("wajong", 24)]}, as_of=AS_OF)
    assert a.contribution_pct == pytest.approx(100 * 0.6 / 7.2)
    assert a.norm_size == 7 and a.norms["trede_1"] == pytest.approx(10.24)
    g = gap(a, "trede_1")
    assert g.fte == pytest.approx((0.1024 * 7.2 - 0.6) / 0.8976)
    assert g.hours_per_week == pytest.approx(6.12, abs=0.01)
    assert g.norm_size_after == 7


def test_gap_past_the_last_row() -> None:
    # 104 FTE, nobody: the 104 row (1.42 %) would need 1.498 FTE → 105.5: the 105 row (1.4 %).
    a = assess({"total_fte": 104.0}, as_of=AS_OF)
    g = gap(a, "trede_1")
    assert g.fte == pytest.approx(0.014 * 104 / 0.986)
    assert g.norm_size_after == 105


# --- counting periods -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("group", "contract", "limit"),
    [
        ("participatiewet", "regular", 60),
        ("vso_pro", "regular", 60),
        ("wajong", "internship_reintegration", 36),
        ("bbl_bol_2", "internship_reintegration", 36),
        # Both limits apply: the shorter one (the internship's) ends first.
        ("participatiewet", "internship_reintegration", 36),
    ],
)
def test_each_period_counts_until_its_boundary_month(group: str, contract: str, limit: int) -> None:
    def counted(months: int) -> dict[str, Any]:
        answers: dict[str, Any] = {"total_fte": 10.0, "employees": [emp(group, 40, contract)]}
        answers["employees"][0]["started"] = month_before(months)
        employee: dict[str, Any] = assessment_as_dict(assess(answers, as_of=AS_OF))["employees"][0]
        return employee

    assert counted(0)["counted"] is True
    assert counted(limit - 1)["counted"] is True and counted(limit - 1)["reason"] is None
    ended = counted(limit)
    assert ended["counted"] is False and ended["reason"] == "period_ended"
    assert ended["weighted_fte"] == 0
    assert counted(limit + 30)["reason"] == "period_ended"


def test_months_are_whole_calendar_months() -> None:
    """months = (y_asof − y_start)·12 + (m_asof − m_start): the day of as_of plays no part."""
    answers = {"total_fte": 10.0, "employees": [emp("participatiewet", 40, started="2021-12")]}
    assert assess(answers, as_of=dt.date(2026, 11, 30)).employees[0].counted  # 59 months
    assert not assess(answers, as_of=dt.date(2026, 12, 1)).employees[0].counted  # 60 months
    assert assess({**answers, "as_of": "2026-11-30"}).employees[0].counted


def test_groups_without_a_period_count_however_long_ago() -> None:
    still = {
        "sw_indicated": {"indication_valid": "yes"},
        "participatiewet_lks": {"subsidy_ongoing": "yes"},
    }
    for group in ("wajong", "sw_indicated", "participatiewet_lks", "wao_wia_waz"):
        person = emp(group, 40, started="1990-01", **still.get(group, {}))
        a = assess({"total_fte": 10.0, "employees": [person]}, as_of=AS_OF)
        assert a.employees[0].counted and a.employees[0].notes == ()


def test_unknown_start_counts_with_a_note_and_a_range() -> None:
    a = assess(
        {"total_fte": 10.0, "employees": [emp("participatiewet", 40), emp("wajong", 20)]},
        as_of=AS_OF,
    )
    first = assessment_as_dict(a)["employees"][0]
    assert first["counted"] is True and first["reason"] is None
    assert first["notes"] == ["started_unknown"]
    assert a.contribution_pct == pytest.approx(15.0)
    assert a.unconfirmed_contribution_pct == pytest.approx(5.0)
    assert a.unconfirmed_level == "none" and a.level == "trede_2"
    check = next(s for s in a.next_steps if s.code == "check_counting")
    assert check.params["employees"] == (0,)
    # Wajong has no period: no note, and null start is fine.
    assert a.employees[1].notes == ()


def test_start_month_after_as_of_is_invalid_and_this_month_is_fine() -> None:
    answers = {"total_fte": 10.0, "employees": [emp("participatiewet", 40, started="2027-01")]}
    with pytest.raises(InvalidAnswers, match=r"employees\[0\].started 2027-01 is after as_of"):
        assess(answers, as_of=AS_OF)
    ok = assess(
        {**answers, "employees": [emp("participatiewet", 40, started="2026-12")]}, as_of=AS_OF
    )
    assert ok.employees[0].counted


@pytest.mark.parametrize(
    "started", ["2026-13", "2026-1", "26-01", "2026/01", "", 202601, "2026-00"]
)
def test_started_must_be_year_and_month(started: object) -> None:
    with pytest.raises(InvalidAnswers, match="must be a month written YYYY-MM"):
        assess({"total_fte": 5.0, "employees": [emp("wajong", 8, started=started)]}, as_of=AS_OF)


def test_first_version_rules_still_reassess_stored_results() -> None:
    """Results stored with 2026.1 are shown again with that version's data: it has no
    counting periods, so a start long ago does not end anyone's count there."""
    old = load_rules("2026.1")
    answers = {"total_fte": 8.0, "employees": [emp("participatiewet", 24)], "q_guidance": "yes"}
    a = assess(answers, old, as_of=AS_OF)
    assert a.rules_version == "2026.1" and a.contribution_pct == pytest.approx(7.5)
    assert a.employees[0].notes == ()
    assert load_rules().version == "2026.3"
    new = assess(answers, as_of=AS_OF)
    assert new.employees[0].notes == ("started_unknown",)


# --- WW: unemployed at least six months before starting ---------------------------------------


@pytest.mark.parametrize(
    ("answer", "counted", "reason", "notes"),
    [
        ("yes", True, None, []),
        ("no", False, "not_unemployed_six_months", []),
        ("unknown", True, None, ["unemployed_six_months_unknown"]),
        (None, True, None, ["unemployed_six_months_unknown"]),
    ],
)
def test_ww_six_months(
    answer: str | None, counted: bool, reason: str | None, notes: list[str]
) -> None:
    person = emp("ww", 40)
    if answer is not None:
        person["unemployed_six_months"] = answer
    out = assessment_as_dict(assess({"total_fte": 10.0, "employees": [person]}, as_of=AS_OF))
    e = out["employees"][0]
    assert (e["counted"], e["reason"], e["notes"]) == (counted, reason, notes)
    assert out["weighted_fte"] == pytest.approx(0.75 if counted else 0.0)


def test_ww_answer_is_read_only_for_ww() -> None:
    a = assess(
        {"total_fte": 10.0, "employees": [emp("wajong", 40, unemployed_six_months="no")]},
        as_of=AS_OF,
    )
    assert a.employees[0].counted


# --- conditions -------------------------------------------------------------------------------


def expected_met(values: dict[str, str]) -> str:
    vals = [values.get(c, "unknown") for c in CONDITIONS]
    if "no" in vals:
        return "no"
    return "yes" if all(v == "yes" for v in vals) else "unknown"


def test_every_combination_of_conditions() -> None:
    """conditions_met: no if any no; else unknown if any unknown, partly or absent; else yes.
    official_ready: the numbers reach a Trede and conditions_met is yes."""
    reached = {"total_fte": 10.0, "employees": [emp("wajong", 40)]}  # 10 %: Trede 2
    below = {"total_fte": 10.0}
    q_choices = [*QUALITATIVE_CHOICES, None]
    o_choices = [*ORGANISATIONAL_CHOICES, None]
    for combo in itertools.product(*([q_choices] * 4 + [o_choices] * 2)):
        given = {c: v for c, v in zip(CONDITIONS, combo, strict=True) if v is not None}
        a = assess({**reached, "conditions": given}, as_of=AS_OF)
        assert a.conditions_met == expected_met(given), given
        assert a.official_ready is (expected_met(given) == "yes")
    b = assess({**below, "conditions": ALL_YES}, as_of=AS_OF)
    assert b.conditions_met == "yes" and b.level == "none" and not b.official_ready


def test_both_answer_shapes_give_the_same_conditions() -> None:
    inventory = {f"q_{q}": "partly" for q in QUALITATIVE} | {"two_fte_one_year": "yes"}
    contract = {"conditions": {q: "partly" for q in QUALITATIVE} | {"two_fte_one_year": "yes"}}
    base = {"total_fte": 8.0}
    a = assess({**base, **inventory}, as_of=AS_OF)
    b = assess({**base, **contract}, as_of=AS_OF)
    assert (
        dict(a.conditions)
        == dict(b.conditions)
        == {
            **{q: "partly" for q in QUALITATIVE},
            "two_fte_one_year": "yes",
            "own_kvk": "unknown",
        }
    )
    # The same answer in both shapes is fine; a different one is ambiguous.
    assess({**base, **inventory, **contract}, as_of=AS_OF)
    with pytest.raises(InvalidAnswers, match=r"conditions\.own_kvk and own_kvk disagree"):
        assess({**base, "own_kvk": "no", "conditions": {"own_kvk": "yes"}}, as_of=AS_OF)
    assert answers_for_assessment({**base, **inventory, "size_unit": "fte"}) == {
        **base,
        **inventory,
    }
    # Whether anyone is from the target group is kept: "unknown" is said in the result.
    assert answers_for_assessment({**base, "has_target_group": "unknown"}) == {
        **base,
        "has_target_group": "unknown",
    }


@pytest.mark.parametrize(
    ("conditions", "message"),
    [
        ("yes", "conditions must be an object"),
        ({"kvk": "yes"}, "conditions: unknown key 'kvk'"),
        ({"own_kvk": "partly"}, "conditions.own_kvk must be one of yes, no, unknown"),
        ({"guidance": "sometimes"}, "conditions.guidance must be one of yes, partly, no, unknown"),
    ],
)
def test_bad_conditions(conditions: object, message: str) -> None:
    with pytest.raises(InvalidAnswers, match=re.escape(message)):
        assess({"total_fte": 8.0, "conditions": conditions}, as_of=AS_OF)


def test_below_two_fte_the_two_fte_condition_fails_whatever_was_answered() -> None:
    a = assess(
        {"total_fte": 1.0, "employees": [emp("wajong", 20)], "conditions": ALL_YES}, as_of=AS_OF
    )
    assert a.level == "trede_3"
    assert a.conditions["two_fte_one_year"] == "no" and a.below_two_fte
    assert a.conditions_met == "no" and not a.official_ready
    assert a.next_steps[0].code == "meet_two_fte_one_year"
    ok = assess({"total_fte": 2.0, "conditions": ALL_YES}, as_of=AS_OF)
    assert ok.conditions["two_fte_one_year"] == "yes" and not ok.below_two_fte


def test_every_no_and_every_unknown_becomes_a_step_first() -> None:
    a = assess(
        {
            "total_fte": 10.0,
            "employees": [emp("wajong", 40)],
            "conditions": {"suitable_work": "no", "guidance": "unknown", "own_kvk": "no"},
        },
        as_of=AS_OF,
    )
    codes = [s.code for s in a.next_steps]
    assert codes[:3] == ["meet_own_kvk", "meet_suitable_work", "check_conditions"]
    open_ = dict(a.next_steps[2].params["conditions"])
    assert open_ == {
        "two_fte_one_year": "unknown",
        "guidance": "unknown",
        "integration": "unknown",
        "development": "unknown",
    }
    assert a.next_steps[-1].params["audit_ready"] is False  # a condition is known to fail


# --- PSO 30+ ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "counts_for_30_plus"),
    [
        (emp("wajong", 40), True),
        (emp("wajong", 40, "secondment_flex", durable="yes"), True),  # durable: counts
        (emp("wajong", 40, "secondment_flex"), False),  # flexible work, durable not said
        (emp("wajong", 40, "secondment_flex", durable="unknown"), False),
        (emp("wajong", 40, "supported_employment"), True),
        (emp("bbl_bol_2", 40), False),  # MBO level 2 student
        (emp("bbl_bol_1_vso_pro_internship", 40), False),  # MBO 1 / VSO/PrO student
        (emp("wajong", 40, "internship_reintegration"), False),
        (emp("wajong", 40, "trial_placement"), False),
        (emp("participatiewet", 40, started="2020-01"), False),  # period ended: not counted
        (emp("ww", 40, unemployed_six_months="no"), False),
    ],
)
def test_pso_30_plus_exclusions(extra: dict[str, Any], counts_for_30_plus: bool) -> None:
    # 2.9 FTE of Wajong + the extra person: 30+ is reached exactly when the extra one counts.
    staff = [emp("wajong", 40), emp("wajong", 40), emp("wajong", 36)]
    a = assess({"total_fte": 13.0, "employees": [*staff, extra]}, as_of=AS_OF)
    assert a.level == "trede_3"
    share = 100 * (2.9 + (1.0 if counts_for_30_plus else 0.0)) / 13.0
    assert a.pso_30_plus_share_pct == pytest.approx(share)
    assert a.pso_30_plus is counts_for_30_plus


def test_pso_30_plus_is_never_read_out_below_trede_3() -> None:
    # A 2-FTE firm, one Wajong employee full time on a trial placement: 25 %, Trede 1 only.
    a = assess({"total_fte": 2.0, "employees": [emp("wajong", 40, "trial_placement")]}, as_of=AS_OF)
    assert a.level == "trede_1" and not a.pso_30_plus and not a.pso_30_plus_applies
    out = assessment_as_dict(a)
    assert out["pso_30_plus"] is False
