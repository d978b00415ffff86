"""The ✅ line a tapped answer leaves in the chat (and a flow's review line) reads once: the
question's label, then the answer in words that do not say the label again ("✅ Started: 5 years
ago or longer", never "✅ Started: started 5+ years ago"). Walks every answer of every question
of every flow, for every kind of person, in both languages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from bot.i18n import get_i18n
from bot.ui.prompt import confirmation_html, strip_tags
from dialogs.categories import CONTRACTS, SECONDED_OUT, TARGET_GROUPS
from dialogs.engine import CONTEXT_KEY, Flow, FlowState
from dialogs.flows import FLOWS
from dialogs.flows.common import TODAY_KEY
from dialogs.model import Ctx, Group, Step, StepKind

CONTEXT = {
    TODAY_KEY: "2026-12-07",
    "municipality": "Almelo",
    "answers": {"total_fte": 7.2, "people_count": 9, "full_time_hours": 40, "employees": []},
}
PEOPLE = [
    {"target_group": group.key, "contract": contract.key}
    for group in TARGET_GROUPS
    for contract in (*CONTRACTS, SECONDED_OUT)
]
# Words too common to count as saying the label again.
COMMON = {"with", "from", "have", "that", "this", "your", "voor", "niet", "heeft"}
# A name in its own right, not the label said again ("Group: Other, in the target-group
# register").
NAMES = ("target-group register", "doelgroepregister")


def _stored_values(step: Step, ctx: Ctx) -> Iterator[Any]:
    options = step.options(ctx) if callable(step.options) else step.options
    for option in options:
        yield step.resolve(option.value, ctx) if step.resolve else option.key
    if step.kind is StepKind.NUMBER:  # typed; reads under its label in a flow's review
        yield 24.0
    if step.kind is StepKind.MONTH:
        yield "2025-06"
    if step.can_unknown:
        yield step.unknown_value
    if step.can_skip:
        yield step.skip_value


def confirmations(flow: Flow, locale: str) -> Iterator[tuple[str, str]]:
    """(where, the ✅ line as the owner reads it) for every tap that stores an answer."""
    for item in flow.items:
        steps = item.item_steps if isinstance(item, Group) else (item,)
        for step in steps:
            if step.kind not in (StepKind.CHOICE, StepKind.NUMBER, StepKind.MONTH, StepKind.TEXT):
                continue
            for person in PEOPLE if isinstance(item, Group) or flow.id == "hired" else [{}]:
                base = {CONTEXT_KEY: CONTEXT, **({} if isinstance(item, Group) else person)}
                entry = dict(person)
                ctx = (
                    Ctx(base, CONTEXT, entry, 0) if isinstance(item, Group) else Ctx(base, CONTEXT)
                )
                if step.applies is not None and not step.applies(ctx):
                    continue
                for value in _stored_values(step, ctx):
                    if isinstance(item, Group):
                        answers = {**base, item.id: [{**entry, step.id: value}]}
                        position = f"{item.id}.1.{step.id}"
                    else:
                        answers = {**base, step.id: value}
                        position = step.id
                    state = FlowState(answers, position)
                    shown = flow.answer_at(state, position)
                    assert shown is not None, (flow.id, position, value)
                    label = flow.label_at(position, state)
                    line = confirmation_html(label, shown, locale)
                    yield f"{flow.id}.{step.id}={value} {person}", strip_tags(line)


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[^\W\d_]+", text.lower()) if len(w) >= 4 and w not in COMMON]


def repeats(line: str) -> set[str]:
    """The label's words the answer says again (a compound counts: "subsidie" in
    "loonkostensubsidie", "begonnen" in "begonnen")."""
    label, sep, answer = line.removeprefix("✅ ").partition(": ")
    if not sep:
        return set()
    for name in NAMES:
        answer = answer.replace(name, "")
    return {a for a in _words(answer) for lw in _words(label) if a == lw or a in lw or lw in a}


@pytest.mark.parametrize("locale", ["en", "nl"])
@pytest.mark.parametrize("flow_id", sorted(FLOWS))
def test_a_confirmation_does_not_repeat_its_label(flow_id: str, locale: str) -> None:
    with get_i18n().context(), get_i18n().use_locale(locale):
        lines = dict(confirmations(FLOWS[flow_id], locale))
    assert lines
    doubled = {line for line in lines.values() if repeats(line)}
    assert not doubled, sorted(doubled)


def test_the_walk_reaches_the_questions_about_one_person() -> None:
    with get_i18n().context(), get_i18n().use_locale("nl"):
        lines = set(dict(confirmations(FLOWS["scan"], "nl")).values())
        hired = set(dict(confirmations(FLOWS["hired"], "nl")).values())
    assert "✅ Loonkostensubsidie: wordt nog betaald" in lines
    assert "✅ Begonnen: 5 jaar of langer geleden" in lines
    assert "✅ WW vóór de start: nog niet bekend" in lines
    assert "✅ WW vóór de start: 6 maanden of langer" in hired


def test_the_repeat_check_sees_a_doubled_label() -> None:
    assert repeats("✅ Begonnen: 5+ jaar geleden begonnen") == {"begonnen"}
    assert repeats("✅ Loonkostensubsidie nog betaald: subsidie: nog niet bekend")
    assert repeats("✅ Werkloos vóór de start: 6 maanden werkloos vooraf: nog niet bekend")
    assert not repeats("✅ Loonkostensubsidie: wordt nog betaald")
