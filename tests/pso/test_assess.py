"""Hand-computed cases for pso.assess (expected values worked out on paper from norms.csv)."""

from typing import Any

import pytest

from pso import InvalidAnswers, NextStep, assess, hours_examples, load_rules
from pso.assess import Assessment, Gap


def gap(a: Assessment, trede: str) -> Gap:
    """The gap to `trede` from the figure (as `tredebot score` reports it), which the case has
    (a missing one fails here, by name)."""
    found = next((g for g in a.gaps if g.trede == trede), None)
    assert found is not None, f"no gap to {trede}"
    return found


def emp(group: str, hours: float, contract: str = "regular") -> dict[str, Any]:
    return {"target_group": group, "weekly_hours": hours, "contract": contract}


def step(a: Assessment, code: str) -> NextStep:
    return next(s for s in a.next_steps if s.code == code)


def norms(a: Assessment) -> tuple[float, float, float]:
    return (a.norms["trede_1"], a.norms["trede_2"], a.norms["trede_3"])


def test_worked_example_from_rules_md() -> None:
    a = assess({"total_fte": 8.0, "employees": [emp("wajong", 24)]})
    assert a.weighted_fte == pytest.approx(0.6)
    assert a.employees[0].weighted_fte == pytest.approx(0.6)
    assert a.contribution_pct == pytest.approx(7.5)
    assert a.norm_size == 8
    assert a.norms["trede_1"] == pytest.approx(9.06)
    assert a.interpolated is True
    assert a.level == "none"
    assert a.route == "aspirant"
    g = gap(a, "trede_1")
    assert g.fte == pytest.approx(0.137, abs=5e-4)
    assert g.fte == pytest.approx((0.0906 * 8 - 0.6) / (1 - 0.0906))
    assert g.hours_per_week == pytest.approx(5.5, abs=0.05)
    assert step(a, "close_gap") == NextStep(
        "close_gap",
        {
            "trede": "trede_1",
            "fte": g.fte,
            "hours": g.hours_per_week,
            "people_hours": (6,),
            "norm_size_after": 8,
        },
    )
    assert [x.trede for x in a.gaps] == ["trede_1", "trede_2", "trede_3"]
    assert a.rules_version == load_rules().version


def test_size_1_uses_row_2_and_flags_below_minimum() -> None:
    a = assess({"total_fte": 1.0, "employees": [emp("wajong", 20)]})
    assert a.contribution_pct == pytest.approx(50.0)
    assert a.norm_size == 2 and a.below_minimum_size and not a.interpolated
    assert norms(a) == pytest.approx((21.4, 28.0, 33.0))
    assert a.level == "trede_3" and a.gaps == () and a.route == "top"
    assert a.pso_30_plus  # read out at Trede 3: 0.5 of 1 FTE, unweighted
    # 1 FTE cannot have had 2 FTE for a year, whatever was answered: no audit advice.
    assert a.below_two_fte and a.conditions["two_fte_one_year"] == "no"
    assert a.conditions_met == "no" and not a.official_ready


def test_size_2_published_row() -> None:
    a = assess({"total_fte": 2.0, "employees": [emp("participatiewet", 16)]})
    assert a.contribution_pct == pytest.approx(20.0)
    assert a.norm_size == 2 and not a.below_minimum_size and not a.interpolated
    assert a.level == "none" and not a.pso_30_plus
    # x = (0.214·2 − 0.4) / 0.786 = 0.028 / 0.786
    assert gap(a, "trede_1").fte == pytest.approx(0.0356234096)
    assert gap(a, "trede_1").hours_per_week == pytest.approx(1.42493639)


def test_size_3_interpolated_trede_2_no_30_plus_below_trede_3() -> None:
    a = assess({"total_fte": 3.0, "employees": [emp("ww", 40)]})
    assert norms(a) == pytest.approx((18.4666667, 24.3333333, 29.3333333))
    assert a.interpolated
    assert a.contribution_pct == pytest.approx(25.0)
    assert a.level == "trede_2" and a.route == "next_trede"
    # 1 of 3 FTE unweighted = 33 %, but 30+ is read out only at Trede 3.
    assert a.pso_30_plus_share_pct == pytest.approx(100 / 3)
    assert not a.pso_30_plus and not a.pso_30_plus_applies
    # x = (0.29333·3 − 0.75) / (1 − 0.29333) = 0.13 / 0.706667; 3.18 still rounds to 3
    assert gap(a, "trede_3").fte == pytest.approx(0.183962264)
    assert gap(a, "trede_3").norm_size_after == 3
    assert [g.trede for g in a.gaps] == ["trede_3"]
    # The WW colleague's months out of work are not known: the texts aim from what the known
    # answers carry (nobody counted: no Trede yet), so the next Trede they speak of is Trede 1.
    assert a.next_trede == "trede_1" and a.gap("trede_1") is not None


def test_size_7_rounds_down_and_no_target_group() -> None:
    a = assess({"total_fte": 7.4})
    assert a.norm_size == 7
    assert norms(a) == pytest.approx((10.24, 13.8, 19.4))
    assert a.contribution_pct == 0 and a.level == "none"
    # On the 7 row x would be 0.844, but 7.4 + 0.844 rounds to 8 (norm 9.06 %): the 8 row
    # gives x = 0.0906·7.4 / 0.9094 = 0.737, and 8.14 rounds to 8.
    assert gap(a, "trede_1").fte == pytest.approx(0.0906 * 7.4 / 0.9094)
    assert gap(a, "trede_1").norm_size_after == 8


def test_size_12_sarah_nobody_yet() -> None:
    a = assess({"total_fte": 12.0, "employees": []})
    assert norms(a) == pytest.approx((6.5, 8.6, 14.5))
    g = gap(a, "trede_1")
    # The 12 row (6.5 %) would need 0.834 FTE, which makes 12.83 → 13: the 13 row (6.4 %).
    assert g.fte == pytest.approx(0.064 * 12 / 0.936)
    assert g.hours_per_week == pytest.approx(32.820513)
    assert g.norm_size_after == 13 and g.norm_pct_after == pytest.approx(6.4)
    assert hours_examples(g.hours_per_week) == (17, 16)


@pytest.mark.parametrize(
    ("total", "size", "below"),
    [(1.49, 1, True), (1.5, 2, False), (2.5, 3, False), (12.5, 13, False)],
)
def test_size_rounds_half_up(total: float, size: int, below: bool) -> None:
    a = assess({"total_fte": total})
    assert a.norm_size == max(2, size)
    assert a.below_minimum_size is below


def test_size_34_mehmet_cleaning() -> None:
    staff = [emp("participatiewet_lks", 32), emp("participatiewet_lks", 32)]
    a = assess(
        {
            "total_fte": 34.0,
            "employees": [
                *(dict(e, subsidy_ongoing="yes") for e in staff),
                emp("wao_wia_waz", 24, "trial_placement"),
            ],
        }
    )
    assert norms(a) == pytest.approx((4.3, 5.7, 8.5))
    assert a.weighted_fte == pytest.approx(1.9)
    assert a.contribution_pct == pytest.approx(5.5882353)
    assert a.level == "trede_1"
    assert gap(a, "trede_2").fte == pytest.approx(0.038 / 0.943)
    assert step(a, "close_gap").params["people_hours"] == (2,)
    # Whether the subsidy is still paid not known: the same figure, but the steps aim from what
    # the known answers carry (0,9 %, no Trede), at Trede 1.
    open_ = assess(
        {"total_fte": 34.0, "employees": [*staff, emp("wao_wia_waz", 24, "trial_placement")]}
    )
    assert open_.contribution_pct == pytest.approx(a.contribution_pct)
    assert step(open_, "close_gap").params["trede"] == "trede_1"


def test_size_60_exactly_at_trede_2_and_a_hair_below() -> None:
    staff = [emp("wajong", 40), emp("wajong", 40)]
    at = assess(
        {"total_fte": 60.0, "employees": [*staff, emp("bbl_bol_1_vso_pro_internship", 3.2)]}
    )
    assert not at.interpolated and norms(at) == pytest.approx((2.6, 3.4, 5.7))
    assert at.contribution_pct == pytest.approx(3.4)
    assert at.level == "trede_2" and at.gap("trede_2") is None
    below = assess(
        {"total_fte": 60.0, "employees": [*staff, emp("bbl_bol_1_vso_pro_internship", 3.1)]}
    )
    assert below.contribution_pct == pytest.approx(3.3979167)
    assert below.level == "trede_1" and gap(below, "trede_2").fte > 0


def test_size_104_interpolated_105_and_300_last_row() -> None:
    a = assess({"total_fte": 104.0})
    assert a.interpolated and norms(a) == pytest.approx((1.42, 1.94, 3.74))
    b = assess({"total_fte": 105.0})
    assert b.norm_size == 105 and not b.interpolated and norms(b) == pytest.approx((1.4, 1.9, 3.7))
    c = assess({"total_fte": 300.0, "employees": [emp("ww", 40)] * 3})  # WW: not known → counted
    assert c.norm_size == 105 and not c.interpolated and not c.below_minimum_size
    assert c.contribution_pct == pytest.approx(0.75)
    assert gap(c, "trede_1").fte == pytest.approx(1.95 / 0.986)
    assert hours_examples(gap(c, "trede_1").hours_per_week) == (27, 27, 26)


@pytest.mark.parametrize(
    ("total", "hours", "level_at", "level_below"),
    [
        (10.0, (26.8,), "trede_1", "none"),  # 6.7 %
        (5.0, (40, 4), "trede_3", "trede_2"),  # 22 %
        (20.0, (40, 18.4), "trede_2", "trede_1"),  # 7.3 %
    ],
)
def test_trede_boundaries(
    total: float, hours: tuple[float, ...], level_at: str, level_below: str
) -> None:
    at = assess({"total_fte": total, "employees": [emp("wajong", h) for h in hours]})
    assert at.level == level_at
    hair = [*hours[:-1], hours[-1] - 0.1]
    below = assess({"total_fte": total, "employees": [emp("wajong", h) for h in hair]})
    assert below.level == level_below


def test_pso_30_plus_only_at_trede_3_and_without_apprentices() -> None:
    # Three BBL level-2 students: 30 % of FTE, but students do not count for 30+.
    a = assess({"total_fte": 10.0, "employees": [emp("bbl_bol_2", 40)] * 3})
    assert a.contribution_pct == pytest.approx(7.5) and a.level == "trede_1"
    assert a.target_group_share_pct == pytest.approx(30.0)
    assert a.pso_30_plus_share_pct == 0 and not a.pso_30_plus and not a.pso_30_plus_applies
    assert all(s.code != "pso_30_plus" for s in a.next_steps)
    # Trede 3 at 5 FTE (22 %), 2 of 5 FTE from the target group on regular contracts: 40 %.
    b = assess({"total_fte": 5.0, "employees": [emp("wajong", 40), emp("ww", 40)]})
    assert b.level == "trede_3" and b.pso_30_plus_applies
    assert b.pso_30_plus_share_pct == pytest.approx(40.0) and b.pso_30_plus
    assert NextStep("pso_30_plus", {}) in b.next_steps
    # The same at 29.9 %: Trede 3, no 30+.
    c = assess({"total_fte": 10.0, "employees": [emp("wajong", 40)] * 2 + [emp("wajong", 39.6)]})
    assert c.level == "trede_3" and c.pso_30_plus_share_pct == pytest.approx(29.9)
    assert c.pso_30_plus_applies and not c.pso_30_plus


def test_apprentice_weights() -> None:
    a = assess(
        {
            "total_fte": 10.0,
            "employees": [
                emp("bbl_bol_1_vso_pro_internship", 32),  # 0.8 × 0.5 = 0.4
                emp("bbl_bol_2", 20, "internship_reintegration"),  # 0.5 × 0.25 × 0.75
            ],
        }
    )
    assert [e.weighted_fte for e in a.employees] == pytest.approx([0.4, 0.09375])
    assert a.contribution_pct == pytest.approx(4.9375) and a.level == "none"


def test_secondment_flex_weight() -> None:
    a = assess({"total_fte": 10.0, "employees": [emp("participatiewet", 40, "secondment_flex")]})
    assert a.weighted_fte == pytest.approx(0.9)
    assert a.level == "trede_2"  # exactly the 9.0 % norm


def test_seconded_out_counts_for_neither_numerator_nor_size() -> None:
    a = assess(
        {
            "total_fte": 11.0,
            "employees": [emp("sw_indicated", 40, "seconded_out"), emp("sw_indicated", 40)],
        }
    )
    assert a.seconded_out_fte == pytest.approx(1.0) and a.size_fte == pytest.approx(10.0)
    assert a.norm_size == 10 and not a.interpolated
    assert a.weighted_fte == pytest.approx(1.0) and a.employees[0].counts is False
    assert a.contribution_pct == pytest.approx(10.0) and a.level == "trede_2"
    assert a.target_group_fte == pytest.approx(1.0)


def test_fte_capped_at_one_per_person() -> None:
    a = assess({"total_fte": 5.0, "employees": [emp("wajong", 50)]})
    assert a.employees[0].fte == 1.0
    assert a.contribution_pct == pytest.approx(20.0) and a.level == "trede_2"


def test_full_time_hours_38() -> None:
    a = assess({"total_fte": 8.0, "full_time_hours": 38, "employees": [emp("wajong", 19)]})
    assert a.employees[0].fte == pytest.approx(0.5)
    assert a.contribution_pct == pytest.approx(6.25)
    g = gap(a, "trede_1")
    assert g.fte == pytest.approx(0.2248 / 0.9094)
    assert g.hours_per_week == pytest.approx(0.2248 / 0.9094 * 38)
    assert step(a, "close_gap").params["people_hours"] == (10,)


def test_hours_examples() -> None:
    assert hours_examples(5.5) == (6,)
    assert hours_examples(6.0) == (6,)
    assert hours_examples(0) == ()
    assert hours_examples(32) == (32,)
    assert hours_examples(32.2) == (17, 16)
    assert hours_examples(70) == (24, 23, 23)
    assert hours_examples(30, full_time_hours=24) == (15, 15)


def test_next_steps_tailored_for_aspirant_route() -> None:
    a = assess(
        {
            "total_fte": 8.0,
            "employees": [emp("wajong", 24)],
            "q_suitable_work": "no",
            "q_guidance": "yes",
            "q_integration": "partly",
            "q_development": "no",
            "two_fte_one_year": "yes",
            "has_plan": "started",
            "social_purchasing": "yes",
            "purchasing_spend": "10k_50k",
        }
    )
    codes = [s.code for s in a.next_steps]
    # What the audit would refuse first, then what is not known, then the numbers.
    assert codes == [
        "meet_suitable_work",
        "meet_development",
        "check_conditions",
        "close_gap",
        "plan_of_action",
        "find_candidates",
        "apprentices",
        "social_purchasing",
        "mijnpso",
    ]
    assert step(a, "check_conditions").params["conditions"] == (
        ("own_kvk", "unknown"),
        ("integration", "partly"),
    )
    assert step(a, "plan_of_action").params["status"] == "started"
    assert step(a, "mijnpso").params == {
        "level": "none",
        "audit_ready": False,
        "conditions_met": "no",
    }
    assert a.purchasing_upside


def test_next_steps_toward_next_trede_and_no_intent_to_grow() -> None:
    a = assess({"total_fte": 10.0, "employees": [emp("wajong", 28)], "intent_grow": "no"})
    assert a.level == "trede_1" and a.route == "next_trede"
    codes = [s.code for s in a.next_steps]
    assert codes[0] == "check_conditions"  # nothing answered: every condition is unknown
    assert step(a, "close_gap").params["trede"] == "trede_2"
    assert "plan_of_action" not in codes
    assert codes.index("social_purchasing") < codes.index("find_candidates")
    assert a.next_steps[-1] == NextStep(
        "mijnpso", {"level": "trede_1", "audit_ready": True, "conditions_met": "unknown"}
    )


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({}, "total_fte is required"),
        ({"total_fte": -1}, "total_fte must be above 0"),
        ({"total_fte": 0}, "total_fte must be above 0"),
        ({"total_fte": 200_000}, "at most 100,000"),
        ({"total_fte": "8"}, "total_fte must be a number, got '8'"),
        ({"total_fte": True}, "total_fte must be a number"),
        ({"total_fte": float("nan")}, "finite"),
        ({"total_fte": 8, "colour": "red"}, "unknown key 'colour'"),
        ({"total_fte": 8, "full_time_hours": 4}, "full_time_hours must be between"),
        (
            {"total_fte": 8, "employees": [emp("wajong", 80)]},
            "employees[0].weekly_hours must be between 0 and 60 hours, got 80",
        ),
        ({"total_fte": 8, "employees": [emp("wajong", 0)]}, "weekly_hours must be between"),
        ({"total_fte": 8, "employees": [emp("wajong", -3)]}, "got -3"),
        ({"total_fte": 8, "employees": [emp("martian", 8)]}, "unknown target group 'martian'"),
        ({"total_fte": 8, "employees": [emp("wajong", 8, "zero_hours")]}, "unknown contract"),
        (
            {"total_fte": 8, "employees": [emp("wajong", 8, "seconded_out")]},
            "only valid with target group sw_indicated",
        ),
        (
            {"total_fte": 8, "employees": [{**emp("wajong", 8), "name": "Jan"}]},
            "employees[0]: unknown key 'name'",
        ),
        (
            {"total_fte": 8, "employees": [{"weekly_hours": 8}]},
            "employees[0].target_group is required",
        ),
        (
            {"total_fte": 1, "employees": [emp("wajong", 40), emp("wajong", 8)]},
            "more than total_fte",
        ),
        ({"total_fte": 1, "employees": [emp("sw_indicated", 40, "seconded_out")]}, "seconded out"),
        ({"total_fte": 8, "q_guidance": "sometimes"}, "q_guidance must be one of"),
        ({"total_fte": 8, "employees": "wajong"}, "employees must be a list"),
        ({"total_fte": 8, "people_count": 2.5}, "people_count"),
    ],
)
def test_invalid_answers(answers: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidAnswers) as exc:
        assess(answers)
    assert message in str(exc.value)
    assert "\n" not in str(exc.value)
    assert isinstance(exc.value, ValueError)


def test_descriptive_keys_are_accepted() -> None:
    a = assess(
        {
            "total_fte": 7.2,
            "people_count": 9,
            "org_name": "Bakkerij Ilse",
            "municipality": "Twenterand",
            "sector": "bakery",
        }
    )
    assert a.norm_size == 7
