"""What if I hire someone? Extra people on top of the latest result, recomputed at once.

The explorer's state is kept on the stored result (`what_if_json`), not in memory, so it
survives a restart. While it waits for the hours, typed text answers it (conversation WHAT_IF).
The saved answers change only when the owner chooses to keep the extra people.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db import repo, transactions
from bot.db.models import Conversation, IntakeSession, Result, User
from bot.services import conversation
from bot.services.results import Shown, assess_stored, store
from dialogs.categories import CONTRACTS, SECONDED_OUT, TARGET_GROUPS
from dialogs.model import Option
from pso.assess import Assessment, assess
from pso.rules import load_rules

MAX_PERSONS = 10
MAX_HOURS = 60.0


class Step(StrEnum):
    GROUP = "group"
    HOURS = "hours"
    CONTRACT = "contract"
    SHOWN = ""  # the recomputed result is shown: keep, add another, or stop


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
        data = {"step": self.step or None, "draft": self.draft, "extra": self.extra}
        result.what_if_json = json.dumps(data)
        session.add(result)


@dataclass(frozen=True)
class Explorer:
    """Where the explorer stands, for the handler to show."""

    result: Result
    state: State

    def before(self) -> Assessment:
        return assess_stored(self.result)

    def after(self) -> Assessment:
        return assess_stored(self.result, self.state.extra)


def contract_options(target_group: str) -> tuple[Option, ...]:
    """Seconded out is a contract of SW-indicated employees only."""
    return (*CONTRACTS, SECONDED_OUT) if target_group == "sw_indicated" else CONTRACTS


def _stored_key(options: tuple[Option, ...], value: str) -> str | None:
    return next((option.key for option in options if option.value == value), None)


async def _latest_own(session: AsyncSession, user: User, result_id: int) -> Result | None:
    """The result of a button, only if it is still the owner's latest."""
    result = await repo.latest_result(session, user_id=user.id)
    return result if result is not None and result.id == result_id else None


async def start(session: AsyncSession, user: User, result_id: int) -> Explorer | None:
    """Ask for one more person; None when the button is not for the latest result."""
    async with transactions.write(session):
        result = await _latest_own(session, user, result_id)
        if result is None:
            return None
        state = State.of(result)
        if len(state.extra) < MAX_PERSONS:
            state.step, state.draft = Step.GROUP, {}
            state.store_on(session, result)
        return Explorer(result, state)


async def choose_group(
    session: AsyncSession, user: User, result_id: int, value: str
) -> Explorer | None:
    async with transactions.write(session):
        result = await _latest_own(session, user, result_id)
        group = _stored_key(TARGET_GROUPS, value)
        if result is None or group is None:
            return None
        state = State.of(result)
        if state.step != Step.GROUP:
            return None
        state.step, state.draft = Step.HOURS, {"target_group": group}
        state.store_on(session, result)
        await conversation.enter(session, user, Conversation.WHAT_IF)
        return Explorer(result, state)


async def waiting_for_hours(session: AsyncSession, user: User) -> Explorer | None:
    async with transactions.write(session):
        result = await repo.latest_result(session, user_id=user.id)
        state = State.of(result) if result else None
        if result is None or state is None or state.step != Step.HOURS:
            await conversation.leave(session, user, Conversation.WHAT_IF)
            return None
        return Explorer(result, state)


async def set_hours(session: AsyncSession, user: User, hours: float) -> Explorer | None:
    async with transactions.write(session):
        result = await repo.latest_result(session, user_id=user.id)
        state = State.of(result) if result else None
        if result is None or state is None or state.step != Step.HOURS:
            return None
        state.draft["weekly_hours"] = hours
        state.step = Step.CONTRACT
        state.store_on(session, result)
        await conversation.leave(session, user, Conversation.WHAT_IF)
        return Explorer(result, state)


async def choose_contract(
    session: AsyncSession, user: User, result_id: int, value: str
) -> Explorer | None:
    async with transactions.write(session):
        result = await _latest_own(session, user, result_id)
        if result is None:
            return None
        state = State.of(result)
        group = str(state.draft.get("target_group", ""))
        contract = _stored_key(contract_options(group), value)
        if state.step != Step.CONTRACT or contract is None:
            return None
        state.extra.append({**state.draft, "contract": contract})
        state.step, state.draft = Step.SHOWN, {}
        state.store_on(session, result)
        return Explorer(result, state)


async def stop(session: AsyncSession, user: User, result_id: int) -> bool:
    async with transactions.write(session):
        result = await _latest_own(session, user, result_id)
        if result is None:
            return False
        State().store_on(session, result)
        await conversation.leave(session, user, Conversation.WHAT_IF)
        return True


async def keep(session: AsyncSession, user: User, result_id: int) -> Shown | None:
    """Keep the extra people in the saved answers: a new result is stored and shown."""
    async with transactions.write(session):
        result = await _latest_own(session, user, result_id)
        state = State.of(result) if result else None
        if result is None or state is None or not state.extra:
            return None
        answers = json.loads(result.answers_json)
        answers["employees"] = [*answers.get("employees", []), *state.extra]
        if result.session_id is not None:
            stored = await repo.load_answers(session, intake_id=result.session_id)
            updated = {**stored, "employees": answers["employees"], "has_target_group": "yes"}
            await repo.save_answers(session, intake_id=result.session_id, answers=updated)
        State().store_on(session, result)
        await conversation.leave(session, user, Conversation.WHAT_IF)
        intake = await session.get(IntakeSession, result.session_id) if result.session_id else None
        return await store(
            session,
            user,
            session_id=intake.id if intake else None,
            answers=answers,
            assessment=assess(answers, load_rules(result.rules_version)),
        )
