"""Property tests of the assessment (Hypothesis)."""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from pso import assess, assessment_as_dict, load_rules
from pso.assess import LEVELS
from pso.rules import TREDES

RULES = load_rules()
GROUPS = sorted(RULES.target_groups)
FULL_WEIGHT_GROUPS = sorted(k for k, c in RULES.target_groups.items() if c.weight == 1.0)
# seconded_out shrinks the size (and so may raise the norm): it is not "adding" anyone.
CONTRACTS = sorted(k for k, c in RULES.contracts.items() if c.counts_for_size)

employee = st.fixed_dictionaries(
    {
        "target_group": st.sampled_from(GROUPS),
        "weekly_hours": st.floats(0.5, 60, allow_nan=False),
        "contract": st.sampled_from(CONTRACTS),
    }
)


@st.composite
def answers(draw, headroom: float = 0.0):
    emps = draw(st.lists(employee, max_size=8))
    fte = math.fsum(min(e["weekly_hours"] / 40, 1.0) for e in emps)
    other = draw(st.floats(0.0, 250.0, allow_nan=False))
    total = fte + other + headroom
    if total <= 0.01:
        total = 0.5
    return {"total_fte": total, "employees": emps}


def level_index(a) -> int:
    return LEVELS.index(a.level)


@settings(max_examples=300)
@given(answers(headroom=1.0), employee)
def test_relabelling_a_colleague_as_target_group_never_lowers_the_result(ans, new):
    before = assess(ans)
    after = assess({**ans, "employees": [*ans["employees"], new]})
    assert after.contribution_pct >= before.contribution_pct - 1e-12
    assert level_index(after) >= level_index(before)


@settings(max_examples=300)
@given(
    answers(),
    st.sampled_from(FULL_WEIGHT_GROUPS),
    st.floats(0.5, 40, allow_nan=False),
)
def test_hiring_a_target_group_employee_never_lowers_the_result(ans, group, hours):
    before = assess(ans)
    hire = {"target_group": group, "weekly_hours": hours, "contract": "regular"}
    grown = {
        "total_fte": ans["total_fte"] + hours / 40,
        "employees": [*ans["employees"], hire],
    }
    after = assess(grown)
    assert after.contribution_pct >= before.contribution_pct - 1e-9
    assert level_index(after) >= level_index(before)


@settings(max_examples=300)
@given(answers())
def test_gap_is_zero_exactly_when_the_trede_is_reached(ans):
    a = assess(ans)
    for t in TREDES:
        g = a.gap(t)
        if a.reached(t):
            assert g is None
        else:
            assert g is not None and g.fte > 0 and g.hours_per_week > 0


@settings(max_examples=300)
@given(answers(), st.sampled_from(TREDES))
def test_adding_the_gap_reaches_the_trede(ans, trede):
    a = assess(ans)
    g = a.gap(trede)
    if g is None:
        return
    people = max(1, math.ceil(g.fte))  # at most 1.0 FTE per person
    hires = [
        {"target_group": "wajong", "weekly_hours": g.fte / people * 40, "contract": "regular"}
    ] * people
    after = assess(
        {"total_fte": ans["total_fte"] + g.fte, "employees": [*ans["employees"], *hires]}
    )
    assert after.contribution_pct >= a.norms[trede] - 1e-9
    assert after.reached(trede)


@settings(max_examples=200)
@given(answers(), st.randoms(use_true_random=False))
def test_results_do_not_depend_on_employee_order(ans, rnd):
    shuffled = list(ans["employees"])
    rnd.shuffle(shuffled)
    a = assessment_as_dict(assess(ans))
    b = assessment_as_dict(assess({**ans, "employees": shuffled}))
    a.pop("employees")
    b.pop("employees")
    assert a == b
