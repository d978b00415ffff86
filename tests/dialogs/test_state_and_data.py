"""JSON round trips, the shape of the data, and random input that must never break the engine."""

import csv
import json
import re
import string
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialogs.categories import CONTRACTS, SECONDED_OUT, TARGET_GROUPS
from dialogs.engine import REVIEW, Accepted, Flow, FlowState, Rejected
from dialogs.flows.scan import SCAN, STEPS
from dialogs.model import Group, Step, StepKind
from tests.dialogs.conftest import Driver
from tests.examples import examples

WEIGHTS = Path(__file__).resolve().parents[2] / "pso" / "data" / "weights.csv"


def test_json_round_trip(driver: Driver) -> None:
    driver.organisation().press("yes").person("sw_indicated", "24", "seconded_out")
    state = driver.state
    again = FlowState.from_json(state.to_json())
    assert again == state
    assert SCAN.prompt(again) == SCAN.prompt(state)
    json.loads(state.to_json())  # plain JSON


@pytest.mark.parametrize("text", ["", "[]", '{"answers": []}', '{"answers": {}}', "null"])
def test_from_json_refuses_garbage(text: str) -> None:
    with pytest.raises(ValueError):
        FlowState.from_json(text)


def test_unknown_position_is_repaired() -> None:
    state = FlowState({"org_name": None}, "no_such_step")
    assert SCAN.prompt(state).position == "sector"
    state = FlowState({}, "employees.7.weekly_hours")
    assert SCAN.prompt(state).position == "org_name"


def test_keys_match_the_weights_file() -> None:
    rows = [r for r in csv.reader(WEIGHTS.open(encoding="utf-8")) if r and not r[0].startswith("#")]
    groups = {r[1] for r in rows if r[0] == "target_group"}
    contracts = {r[1] for r in rows if r[0] == "contract"}
    assert {o.key for o in TARGET_GROUPS} == groups
    assert {o.key for o in (*CONTRACTS, SECONDED_OUT)} <= contracts | {"seconded_out"}
    assert {o.key for o in CONTRACTS} == contracts - {"seconded_out"}


def _all_steps() -> list[Step]:
    steps: list[Step] = []
    for item in STEPS:
        steps.extend(item.item_steps if isinstance(item, Group) else [item])
    return steps


def test_option_values_fit_callback_data() -> None:
    ctx_sw = {"employees": [{"target_group": "sw_indicated"}]}
    from dialogs.model import Ctx

    for step in _all_steps():
        for ctx in (
            Ctx({}, {"municipality": "Twenterand"}),
            Ctx(ctx_sw, {}, ctx_sw["employees"][0], 0),
        ):
            options = step.options(ctx) if callable(step.options) else step.options
            for option in options:
                assert re.fullmatch(r"[a-z0-9_]{1,20}", option.value), option
                # "<prefix>:<position>:<value>" with the longest position stays within 64 bytes.
                assert len(f"d:employees.50.target_group:{option.value}".encode()) <= 64


def test_ids_are_unique_and_texts_have_help() -> None:
    ids = [item.id for item in STEPS]
    assert len(ids) == len(set(ids))
    for step in _all_steps():
        assert step.text and step.label
        assert len(step.text) < 300 and (step.help is None or len(step.help) < 3500)
        if step.kind is StepKind.CHOICE and step.id not in {"sector", "size_unit"}:
            assert step.help or step.id in {"purchasing_spend"}, step.id


# --------------------------------------------------------------------------- random input
_ACTIONS = st.one_of(
    st.tuples(st.just("type"), st.text(max_size=60)),
    st.tuples(st.just("type"), st.sampled_from(["7", "7,5", "24", "0", "-1", "80", "1.250"])),
    st.tuples(
        st.just("choose"), st.text(alphabet=string.ascii_lowercase + "_0123456789", max_size=20)
    ),
    st.tuples(st.just("pick"), st.integers(0, 30)),  # the n-th offered button
    st.tuples(st.just("back"), st.none()),
    st.tuples(st.just("skip"), st.none()),
    st.tuples(st.just("unknown"), st.none()),
    st.tuples(st.just("edit"), st.sampled_from([*(item.id for item in STEPS), "bogus"])),
)


def _valid_position(flow: Flow, state: FlowState) -> bool:
    return state.position == REVIEW or state.position in flow._sequence(state.answers)


@settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    actions=st.lists(_ACTIONS, max_size=60),
    context=st.sampled_from([None, {"municipality": "Twenterand"}]),
)
def test_random_input_never_breaks(
    actions: list[tuple[str, Any]], context: dict[str, str] | None
) -> None:
    flow = SCAN
    state = flow.start(context)
    for kind, arg in actions:
        prompt = flow.prompt(state)
        outcome: Accepted | Rejected | None
        if kind == "type":
            outcome = flow.type(state, arg)
        elif kind == "choose":
            outcome = flow.choose(state, arg)
        elif kind == "pick":
            options = prompt.options
            outcome = flow.choose(state, options[arg % len(options)].value) if options else None
        elif kind == "back":
            outcome = Accepted(flow.back(state))
        elif kind == "skip":
            outcome = flow.skip(state)
        elif kind == "unknown":
            outcome = flow.unknown(state)
        else:
            outcome = Accepted(flow.edit(state, arg))
        assert outcome is None or isinstance(outcome, Accepted | Rejected)
        if isinstance(outcome, Accepted):
            state = outcome.state
        if isinstance(outcome, Rejected):
            outcome.problem.msgid.format(**outcome.problem.params)
        state = FlowState.from_json(state.to_json())
        assert _valid_position(flow, flow.resume(state))
        prompt = flow.prompt(state)
        assert 1 <= prompt.progress[0] <= prompt.progress[1]
        flow.review(state)
        flow.applicable_answers(state)
    if flow.is_complete(state):
        answers = flow.applicable_answers(state)
        for person in answers["employees"]:
            assert set(person) == {"target_group", "weekly_hours", "contract"}
