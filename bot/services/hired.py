""" "I hired this person": a real hire, recorded on purpose and re-scored.

Unlike a what-if, this changes what is stored, so it is its own explicit action (offered under the
result and after a check-in that says someone started). It asks the person's group, weekly hours,
contract and start month (not in the future), shows what will be added, and only on "add" does it
record them: a new result is stored, computed from the latest result's answers with the person
added on top of the staff (people + 1, FTE + theirs, as the what-if and the gap count a hire).
The latest result stays exactly as it was, so the result shows "last time → now". The finished
scan's answers get the person too, so the scan and its newest result agree.

The questions' state lives on the latest result (`what_if_json["hired"]`), not in memory; from the
first question to the end typed text belongs here (conversation HIRED).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from babel.dates import get_month_names
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db import transactions
from bot.db.models import Conversation, IntakeSession, Reminder, Result, User
from bot.db.repositories import results, scans
from bot.i18n import N_
from bot.services import conversation
from bot.services.results import Shown, store
from bot.services.what_if import (
    USE_THE_BUTTONS,
    contract_options,
    full_time_hours,
    hire_fte,
    parse_hours,
    stored_key,
)
from dialogs.categories import TARGET_GROUPS
from dialogs.model import Problem
from pso.assess import InvalidAnswers, assess
from pso.counting import YearMonth
from pso.rules import Rules, load_rules

KEY = "hired"  # its part of the result's what_if_json
# Check-ins whose "yes" may mean someone was hired (bot/services/reminders/content.py QUESTIONS).
HIRING_CHECK_INS = frozenset({"m3", "m12"})
EARLIEST_YEAR = 1950

MONTH_NOT_UNDERSTOOD = Problem(
    N_("Please type the month the person started, for example 03-2026 or March 2026.")
)
MONTH_IN_FUTURE = Problem(
    N_(
        "{month} is still to come. Record the person once they have started: "
        "please type a month up to {now}."
    )
)
MONTH_TOO_EARLY = Problem(N_("Please type a month after {year}."))
NOT_COMPUTABLE = Problem(
    N_("I could not score your saved answers with this person added. A new scan will fix that.")
)


class Step(StrEnum):
    GROUP = "group"
    HOURS = "hours"
    CONTRACT = "contract"
    MONTH = "month"
    CONFIRM = "confirm"
    NONE = ""


@dataclass
class State:
    step: str = Step.NONE
    draft: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, result: Result) -> State:
        data = json.loads(result.what_if_json or "{}").get(KEY) or {}
        return cls(data.get("step") or Step.NONE, data.get("draft") or {})

    def store_on(self, session: AsyncSession, result: Result) -> None:
        data = json.loads(result.what_if_json or "{}")  # the what-if's keys stay
        data[KEY] = {"step": self.step or None, "draft": self.draft}
        result.what_if_json = json.dumps(data)
        session.add(result)


@dataclass(frozen=True)
class Asking:
    """The question to show (step), or a re-ask (`problem`, nothing stored)."""

    result: Result
    state: State
    problem: Problem | None = None

    @property
    def step(self) -> str:
        return self.state.step

    @property
    def group(self) -> str:
        return str(self.state.draft.get("target_group", ""))


@dataclass(frozen=True)
class Ended:
    """Stopped (or backed out of the first question): nothing recorded."""


@dataclass(frozen=True)
class Recorded:
    """The person was added: the new result (with the one before it) and the grown staff."""

    shown: Shown
    people_count: int | None
    total_fte: float


Outcome = Asking | Ended | Recorded


def this_month(today: dt.date) -> YearMonth:
    return YearMonth.of(today)


def month_of_button(value: str, today: dt.date) -> YearMonth | None:
    now = this_month(today)
    return {"this": now, "last": now.plus(-1)}.get(value)


def _month_numbers() -> dict[str, int]:
    names: dict[str, int] = {}
    for locale in ("nl", "en"):
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, locale=locale).items():
                names[name.lower().rstrip(".")] = int(number)
    names["mrt"] = 3
    return names


_MONTHS = _month_numbers()
_NUMERIC = (
    re.compile(r"(?P<m>\d{1,2})\s*[-/.\s]\s*(?P<y>\d{4})"),
    re.compile(r"(?P<y>\d{4})\s*[-/.]\s*(?P<m>\d{1,2})"),
)
_NAMED = re.compile(r"(?P<name>[a-zé]+)\.?\s*'?(?P<y>\d{4})")


def parse_month(text: str, today: dt.date) -> YearMonth | Problem:
    """A typed start month ("03-2026", "3/2026", "2026-03", "maart 2026", "Mar 2026"), not in
    the future."""
    cleaned = " ".join(text.strip().lower().split())
    month = year = None
    for pattern in _NUMERIC:
        if match := pattern.fullmatch(cleaned):
            month, year = int(match["m"]), int(match["y"])
            break
    else:
        if (match := _NAMED.fullmatch(cleaned)) and match["name"] in _MONTHS:
            month, year = _MONTHS[match["name"]], int(match["y"])
    if month is None or year is None or not 1 <= month <= 12:
        return MONTH_NOT_UNDERSTOOD
    started = YearMonth(year, month)
    if started > this_month(today):
        return Problem(
            MONTH_IN_FUTURE.msgid,
            {"month": month_text(started), "now": month_text(this_month(today))},
        )
    if year < EARLIEST_YEAR:
        return Problem(MONTH_TOO_EARLY.msgid, {"year": EARLIEST_YEAR})
    return started


def month_text(month: YearMonth) -> str:
    return f"{month.month:02d}-{month.year}"


async def offer_after_check_in(session: AsyncSession, user: User, reminder_id: int) -> int | None:
    """After a "yes" to a check-in about hiring: the latest result to add the person to."""
    async with transactions.read(session):
        reminder = await session.get(Reminder, reminder_id)
        if reminder is None or reminder.user_id != user.id:
            return None
        if reminder.step not in HIRING_CHECK_INS:
            return None
        return await results.latest_result_id(session, user_id=user.id)


# --- the steps ----------------------------------------------------------------------------------
async def _ask(session: AsyncSession, user: User, result: Result, state: State) -> Asking:
    state.store_on(session, result)
    await conversation.enter(session, user, Conversation.HIRED)
    return Asking(result, state)


async def _end(session: AsyncSession, user: User, result: Result) -> Ended:
    State().store_on(session, result)
    await conversation.leave(session, user, Conversation.HIRED)
    return Ended()


async def start(session: AsyncSession, user: User, result_id: int) -> Asking | None:
    async with transactions.write(session):
        result = await results.latest_result_if(session, user_id=user.id, result_id=result_id)
        if result is None:
            return None
        return await _ask(session, user, result, State(Step.GROUP, {}))


async def choose_group(
    session: AsyncSession, user: User, result_id: int, value: str
) -> Asking | None:
    async with transactions.write(session):
        result = await results.latest_result_if(session, user_id=user.id, result_id=result_id)
        group = stored_key(TARGET_GROUPS, value)
        if result is None or group is None or State.of(result).step != Step.GROUP:
            return None
        return await _ask(session, user, result, State(Step.HOURS, {"target_group": group}))


async def choose_contract(
    session: AsyncSession, user: User, result_id: int, value: str
) -> Asking | None:
    async with transactions.write(session):
        result = await results.latest_result_if(session, user_id=user.id, result_id=result_id)
        if result is None:
            return None
        state = State.of(result)
        contract = stored_key(contract_options(str(state.draft.get("target_group", ""))), value)
        if state.step != Step.CONTRACT or contract is None:
            return None
        state.step, state.draft["contract"] = Step.MONTH, contract
        return await _ask(session, user, result, state)


async def choose_month(
    session: AsyncSession, user: User, result_id: int, value: str, *, today: dt.date
) -> Asking | None:
    async with transactions.write(session):
        result = await results.latest_result_if(session, user_id=user.id, result_id=result_id)
        month = month_of_button(value, today)
        if result is None or month is None:
            return None
        state = State.of(result)
        if state.step != Step.MONTH:
            return None
        state.step, state.draft["started"] = Step.CONFIRM, str(month)
        return await _ask(session, user, result, state)


async def typed(session: AsyncSession, user: User, text: str, *, today: dt.date) -> Asking | None:
    """Typed text: the hours or the start month, or a re-ask (nothing stored); None when the
    questions have ended meanwhile."""
    async with transactions.write(session):
        result = await results.latest_result(session, user_id=user.id)
        state = State.of(result) if result is not None else None
        if result is None or state is None or state.step == Step.NONE:
            await conversation.leave(session, user, Conversation.HIRED)
            return None
        if state.step == Step.HOURS:
            hours = parse_hours(text)
            if isinstance(hours, Problem):
                return Asking(result, state, hours)
            state.step, state.draft["weekly_hours"] = Step.CONTRACT, hours
        elif state.step == Step.MONTH:
            month = parse_month(text, today)
            if isinstance(month, Problem):
                return Asking(result, state, month)
            state.step, state.draft["started"] = Step.CONFIRM, str(month)
        else:
            return Asking(result, state, USE_THE_BUTTONS)
        return await _ask(session, user, result, state)


_BACK = {
    Step.HOURS: (Step.GROUP, ()),
    Step.CONTRACT: (Step.HOURS, ("target_group",)),
    Step.MONTH: (Step.CONTRACT, ("target_group", "weekly_hours")),
    Step.CONFIRM: (Step.MONTH, ("target_group", "weekly_hours", "contract")),
}


async def back(session: AsyncSession, user: User, result_id: int) -> Asking | Ended | None:
    async with transactions.write(session):
        result = await results.latest_result_if(session, user_id=user.id, result_id=result_id)
        if result is None:
            return None
        state = State.of(result)
        if state.step == Step.GROUP:
            return await _end(session, user, result)
        if state.step not in _BACK:
            return None
        step, keep = _BACK[Step(state.step)]
        draft = {k: state.draft[k] for k in keep if k in state.draft}
        return await _ask(session, user, result, State(step, draft))


async def stop(session: AsyncSession, user: User, result_id: int) -> Ended | None:
    async with transactions.write(session):
        result = await results.latest_result_if(session, user_id=user.id, result_id=result_id)
        if result is None:
            return None
        return await _end(session, user, result)


def _grown(answers: dict[str, Any], person: dict[str, Any], fte: float) -> dict[str, Any]:
    """`answers` with `person` added on top of the staff."""
    out = {**answers, "employees": [*(answers.get("employees") or []), person]}
    if isinstance(answers.get("people_count"), int):
        out["people_count"] = answers["people_count"] + 1
    if isinstance(answers.get("total_fte"), int | float):
        out["total_fte"] = round(float(answers["total_fte"]) + fte, 6)
    return out


async def save(
    session: AsyncSession, user: User, result_id: int, *, today: dt.date
) -> Recorded | Asking | None:
    """Record the person: a new result from the latest one's answers with them added."""
    async with transactions.write(session):
        result = await results.latest_result_if(session, user_id=user.id, result_id=result_id)
        if result is None:
            return None
        state = State.of(result)
        draft = state.draft
        if state.step != Step.CONFIRM or not {
            "target_group",
            "weekly_hours",
            "contract",
            "started",
        } <= set(draft):
            return None
        person = {k: draft[k] for k in ("target_group", "weekly_hours", "contract", "started")}
        rules = load_rules()
        answers = json.loads(result.answers_json)
        fte = hire_fte(float(person["weekly_hours"]), full_time_hours(answers, rules))
        grown = _grown(answers, person, fte)
        try:
            assessment = assess(grown, rules, as_of=today)
        except InvalidAnswers:
            return Asking(result, state, NOT_COMPUTABLE)
        await _add_to_scan(session, result.session_id, person, fte, rules)
        State().store_on(session, result)
        await conversation.leave(session, user, Conversation.HIRED)
        shown = await store(
            session, user, session_id=result.session_id, answers=grown, assessment=assessment
        )
        return Recorded(shown, grown.get("people_count"), float(grown["total_fte"]))


async def _add_to_scan(
    session: AsyncSession, intake_id: int | None, person: dict[str, Any], fte: float, rules: Rules
) -> None:
    """The finished scan's answers get the person too (its size given in FTE or in hours)."""
    intake = await session.get(IntakeSession, intake_id) if intake_id is not None else None
    if intake is None:
        return
    answers = _grown(scans.answers_of(intake), person, fte)
    answers["has_target_group"] = "yes"
    if answers.get("size_unit") == "hours" and isinstance(answers.get("total_hours"), int | float):
        full_time = full_time_hours(answers, rules)
        answers["total_hours"] = round(float(answers["total_hours"]) + fte * full_time, 6)
    await scans.save_answers(session, intake_id=intake.id or 0, answers=answers)
