"""What if I hire someone? Imagined people on top of the latest result, recomputed at once.

An imagined hire is counted as rules.md step 6 counts the gap: on top of today's staff, so the
organisation grows with them (people + 1, FTE + theirs) as well as its target group. A what-if
with exactly the result's gap therefore reaches that Trede, and a little less does not.

The what-if never changes stored answers or results: a real hire is recorded with "I hired this
person" (bot/services/hired.py). Its state (the step asked, the person being described, the
people imagined so far) is kept on the latest result's `what_if_json`, not in memory, so it
survives a restart. While one of its questions is open, typed text belongs to the what-if
(conversation WHAT_IF); input that does not fit is re-asked and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db import transactions
from bot.db.models import Conversation, Result, User
from bot.db.repositories import results
from bot.i18n import N_
from bot.services import conversation
from dialogs.categories import CONTRACTS, SECONDED_OUT, TARGET_GROUPS
from dialogs.model import Option, Problem
from dialogs.numbers import parse_number
from pso import clock
from pso.assess import MAX_WEEKLY_HOURS, Assessment, InvalidAnswers, assess
from pso.counting import YearMonth
from pso.rules import Rules, load_rules

log = logging.getLogger(__name__)

MAX_PERSONS = 10
MAX_HOURS = MAX_WEEKLY_HOURS  # one person's week, as the inventory and the assessment allow

# Re-asks (English msgids, translated by the view).
HOURS_NOT_A_NUMBER = Problem(
    N_("Please type the hours a week as a number in digits, for example 16 or 2.5.")
)
HOURS_TOO_LOW = Problem(N_("That is no work at all. Please type more than 0 hours a week."))
HOURS_TOO_HIGH = Problem(
    N_("{value} hours a week is more than one person can work. Please type at most {max}.")
)
USE_THE_BUTTONS = Problem(N_("Please use the buttons below."))
NOT_COMPUTABLE = Problem(
    N_("I could not compute this what-if with your saved answers. A new scan will fix that.")
)


class Step(StrEnum):
    GROUP = "group"
    HOURS = "hours"
    CONTRACT = "contract"
    SHOWN = ""  # the recomputed result is shown: add another, back, or stop


@dataclass
class State:
    step: str = Step.SHOWN
    draft: dict[str, Any] = field(default_factory=dict)
    extra: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def of(cls, result: Result) -> State:
        data = json.loads(result.what_if_json or "{}")
        return cls(data.get("step") or Step.SHOWN, data.get("draft") or {}, data.get("extra") or [])

    def store_on(self, session: AsyncSession, result: Result) -> None:
        data = json.loads(result.what_if_json or "{}")  # other keys (bot/services/hired.py) stay
        data.update({"step": self.step or None, "draft": self.draft, "extra": self.extra})
        result.what_if_json = json.dumps(data)
        session.add(result)


@dataclass(frozen=True)
class Explorer:
    """Where the explorer stands, for the handler to show. `problem`: why typed text was not
    taken (nothing was stored). `before`/`after`: the assessments, when step is SHOWN."""

    result: Result
    state: State
    problem: Problem | None = None
    before: Assessment | None = None
    after: Assessment | None = None
    ended: bool = False  # stopped (or backed out of the first question)

    @property
    def step(self) -> str:
        return self.state.step

    @property
    def group(self) -> str:
        return str(self.state.draft.get("target_group", ""))


# --- the computation ----------------------------------------------------------------------------
def full_time_hours(answers: Mapping[str, Any], rules: Rules) -> float:
    """The full-time week answered, else the rules' default (also for "unknown")."""
    given = answers.get("full_time_hours")
    if isinstance(given, int | float) and not isinstance(given, bool) and given > 0:
        return float(given)
    return float(rules.default_full_time_hours)


def hire_fte(hours: float, full_time: float) -> float:
    """A person's FTE as the assessment counts it (capped at one full-time job)."""
    return min(hours / full_time, 1.0)


def with_hires(
    answers: Mapping[str, Any], hires: list[dict[str, Any]], rules: Rules, *, as_of: dt.date
) -> dict[str, Any]:
    """The answers (as the assessment reads them) with `hires` on top of today's staff: each
    joins the target group and the organisation's size, starting this month (so a counting
    period has just begun; someone from WW is imagined as unemployed long enough)."""
    full_time = full_time_hours(answers, rules)
    people = [
        {
            **hire,
            "started": str(YearMonth.of(as_of)),
            **(
                {"unemployed_six_months": "yes"}
                if hire["target_group"] in rules.unemployed_before_start_groups
                else {}
            ),
        }
        for hire in hires
    ]
    grown = dict(answers)
    grown["employees"] = [*answers.get("employees", []), *people]
    grown["total_fte"] = float(answers["total_fte"]) + math.fsum(
        hire_fte(float(h["weekly_hours"]), full_time) for h in hires
    )
    if isinstance(answers.get("people_count"), int):
        grown["people_count"] = answers["people_count"] + len(hires)
    return grown


def what_if_assessments(
    result: Result, hires: list[dict[str, Any]], *, as_of: dt.date | None = None
) -> tuple[Assessment, Assessment]:
    """Today's assessment of the stored result and the one with the imagined hires, both on
    the same day and with the rules version the result was made with."""
    day = as_of or clock.today()
    rules = load_rules(result.rules_version)
    answers = json.loads(result.answers_json)
    return (
        assess(answers, rules, as_of=day),
        assess(with_hires(answers, hires, rules, as_of=day), rules, as_of=day),
    )


def parse_hours(text: str) -> float | Problem:
    """Typed weekly hours ("16", "2,5", "24 uur"), or why they cannot be taken."""
    number = parse_number(text)
    if number is None:
        return HOURS_NOT_A_NUMBER
    hours = float(number)
    if not math.isfinite(hours) or hours <= 0:
        return HOURS_TOO_LOW
    if hours > MAX_HOURS:
        return Problem(HOURS_TOO_HIGH.msgid, {"value": hours, "max": MAX_HOURS})
    return hours


def contract_options(target_group: str) -> tuple[Option, ...]:
    """Seconded out is a contract of SW-indicated employees only."""
    return (*CONTRACTS, SECONDED_OUT) if target_group == "sw_indicated" else CONTRACTS


def stored_key(options: tuple[Option, ...], value: str) -> str | None:
    return next((option.key for option in options if option.value == value), None)


# --- the steps ----------------------------------------------------------------------------------
def _shown(result: Result, state: State) -> Explorer:
    before, after = what_if_assessments(result, state.extra)
    return Explorer(result, state, before=before, after=after)


async def _move(session: AsyncSession, user: User, result: Result, state: State) -> Explorer:
    """Store the new step and say what to show. While a question is open typed text belongs
    to the what-if; once the recomputed result is shown nothing is asked, so it does not."""
    if state.step == Step.SHOWN:
        try:
            explorer = _shown(result, state)
        except InvalidAnswers as error:
            # The stored answers no longer fit the rules: say so, store nothing.
            log.warning("what-if of user %s not assessable: %s", user.id, error)
            return Explorer(result, State.of(result), problem=NOT_COMPUTABLE)
        state.store_on(session, result)
        await conversation.leave(session, user, Conversation.WHAT_IF)
        return explorer
    state.store_on(session, result)
    await conversation.enter(session, user, Conversation.WHAT_IF)
    return Explorer(result, state)


async def start(session: AsyncSession, user: User, result_id: int) -> Explorer | None:
    """Ask for one (more) person; None when the button is not for the latest result."""
    async with transactions.write(session):
        result = await results.latest_result_if(session, user_id=user.id, result_id=result_id)
        if result is None:
            return None
        state = State.of(result)
        if len(state.extra) >= MAX_PERSONS:
            return Explorer(result, State(Step.SHOWN, {}, state.extra))
        state.step, state.draft = Step.GROUP, {}
        return await _move(session, user, result, state)


async def choose_group(
    session: AsyncSession, user: User, result_id: int, value: str
) -> Explorer | None:
    async with transactions.write(session):
        result = await results.latest_result_if(session, user_id=user.id, result_id=result_id)
        group = stored_key(TARGET_GROUPS, value)
        if result is None or group is None:
            return None
        state = State.of(result)
        if state.step != Step.GROUP:
            return None
        state.step, state.draft = Step.HOURS, {"target_group": group}
        return await _move(session, user, result, state)


async def typed(session: AsyncSession, user: User, text: str) -> Explorer | None:
    """Typed text while in the what-if: the hours, or a re-ask (nothing stored); None when the
    what-if has ended meanwhile (on another device)."""
    async with transactions.write(session):
        result = await results.latest_result(session, user_id=user.id)
        state = State.of(result) if result is not None else None
        if result is None or state is None or state.step == Step.SHOWN:
            await conversation.leave(session, user, Conversation.WHAT_IF)
            return None
        if state.step != Step.HOURS:
            return Explorer(result, state, problem=USE_THE_BUTTONS)
        hours = parse_hours(text)
        if isinstance(hours, Problem):
            return Explorer(result, state, problem=hours)
        state.draft["weekly_hours"] = hours
        state.step = Step.CONTRACT
        return await _move(session, user, result, state)


async def choose_contract(
    session: AsyncSession, user: User, result_id: int, value: str
) -> Explorer | None:
    async with transactions.write(session):
        result = await results.latest_result_if(session, user_id=user.id, result_id=result_id)
        if result is None:
            return None
        state = State.of(result)
        contract = stored_key(contract_options(str(state.draft.get("target_group", ""))), value)
        if state.step != Step.CONTRACT or contract is None or "weekly_hours" not in state.draft:
            return None
        state.extra.append({**state.draft, "contract": contract})
        state.step, state.draft = Step.SHOWN, {}
        return await _move(session, user, result, state)


async def back(session: AsyncSession, user: User, result_id: int) -> Explorer | None:
    """One step back: hours → group, contract → hours, the shown what-if → the last person's
    contract. Back from the first question leaves the what-if (as Stop)."""
    async with transactions.write(session):
        result = await results.latest_result_if(session, user_id=user.id, result_id=result_id)
        if result is None:
            return None
        state = State.of(result)
        if state.step == Step.GROUP:
            if not state.extra:
                return await _end(session, user, result)
            state.step, state.draft = Step.SHOWN, {}
        elif state.step == Step.HOURS:
            state.step, state.draft = Step.GROUP, {}
        elif state.step == Step.CONTRACT:
            state.step = Step.HOURS
            state.draft.pop("weekly_hours", None)
        elif state.extra:
            last = state.extra.pop()
            state.step = Step.CONTRACT
            state.draft = {k: last[k] for k in ("target_group", "weekly_hours") if k in last}
        else:
            return None
        return await _move(session, user, result, state)


async def stop(session: AsyncSession, user: User, result_id: int) -> Explorer | None:
    async with transactions.write(session):
        result = await results.latest_result_if(session, user_id=user.id, result_id=result_id)
        if result is None:
            return None
        return await _end(session, user, result)


async def _end(session: AsyncSession, user: User, result: Result) -> Explorer:
    state = State()
    state.store_on(session, result)
    await conversation.leave(session, user, Conversation.WHAT_IF)
    return Explorer(result, state, ended=True)
