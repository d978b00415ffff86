""" "I hired someone": a real hire, recorded on purpose and re-scored.

Unlike a what-if, this changes what is stored, so it is its own explicit action (offered under the
result and after a check-in that says someone started). Its questions are the hired flow
(dialogs/flows/hired.py: group, hours, contract, what the rules ask of that group, start month,
then a review); only the review's "add" records them: a new result is stored, computed from the
latest result's answers with the person added on top of the staff (people + 1, FTE + theirs, as the
what-if and the gap count a hire). The latest result stays exactly as it was, so the result shows
"last time → now". The finished scan's answers get the person too, so the scan and its newest
result agree.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from bot.db import Session, transactions
from bot.db.models import User
from bot.db.repositories import reminders, results
from bot.i18n import N_
from bot.services import conversation
from bot.services.conversation import Busy, Incomplete, Started, Talk
from bot.services.results import Shown, store
from bot.services.what_if import full_time_hours, hire_fte
from dialogs.flows.common import TODAY_KEY
from dialogs.flows.hired import HIRED, ID, person_for_assessment
from dialogs.model import Problem
from pso.assess import InvalidAnswers, assess
from pso.rules import Rules, load_rules

# Check-ins whose "yes" may mean someone was hired (bot/services/reminders/content.py QUESTIONS).
HIRING_CHECK_INS = frozenset({"m3", "m12"})
NOT_COMPUTABLE = Problem(
    N_("I could not score your saved answers with this person added. A new scan will fix that.")
)


@dataclass(frozen=True)
class Recorded:
    """The person was added: the new result (with the one before it) and the grown staff."""

    shown: Shown
    people_count: int | None
    total_fte: float
    person: dict[str, Any]  # as the assessment reads them (the support is said for them)
    today: dt.date


async def offer_after_check_in(session: Session, user: User, reminder_id: int) -> int | None:
    """After a "yes" to a check-in about hiring: the latest result to add the person to."""
    async with transactions.read(session):
        reminder = await reminders.reminder(session, reminder_id=reminder_id)
        if reminder is None or reminder.user_id != user.id:
            return None
        if reminder.step not in HIRING_CHECK_INS:
            return None
        return await results.latest_result_id(session, user_id=user.id)


async def start(
    session: Session,
    user: User,
    result_id: int,
    *,
    today: dt.date,
    leave_others: bool = False,
) -> Started | Busy | None:
    """Record a hire on this result; None when the button is not for the latest result."""
    async with transactions.write(session):
        result = await results.latest_result_if(session, user_id=user.id, result_id=result_id)
        if result is None:
            return None
        context = {"result_id": result.id, "answers": json.loads(result.answers_json)}
        return await conversation.open_flow(
            session,
            user,
            ID,
            today=today,
            context=context,
            subject_id=result.id,
            leave_others=leave_others,
        )


def _grown(answers: dict[str, Any], person: dict[str, Any], fte: float) -> dict[str, Any]:
    """`answers` with `person` added on top of the staff."""
    out = {**answers, "employees": [*(answers.get("employees") or []), person]}
    if isinstance(answers.get("people_count"), int):
        out["people_count"] = answers["people_count"] + 1
    if isinstance(answers.get("total_fte"), int | float):
        out["total_fte"] = round(float(answers["total_fte"]) + fte, 6)
    return out


async def complete(session: Session, user: User, talk: Talk) -> Recorded:
    """The review's "add this person": a new result from the latest one's answers with them
    added (the latest one stays as it was, so the result shows "last time → now")."""
    result = await results.latest_result_if(
        session, user_id=user.id, result_id=int(talk.context.get("result_id") or 0)
    )
    if result is None:
        raise Incomplete(NOT_COMPUTABLE)
    asked = HIRED.applicable_answers(talk.state)  # only what applies to this person's group
    today = dt.date.fromisoformat(str(talk.context[TODAY_KEY]))
    person = person_for_assessment(asked, today=today)
    rules = load_rules()
    answers = json.loads(result.answers_json)
    fte = hire_fte(float(person["weekly_hours"]), full_time_hours(answers, rules))
    grown = _grown(answers, person, fte)
    try:
        assessment = assess(grown, rules, as_of=today)
    except InvalidAnswers as error:
        raise Incomplete(NOT_COMPUTABLE) from error
    await _add_to_scan(session, result.session_id, person, fte, rules)
    shown = await store(
        session, user, session_id=result.session_id, answers=grown, assessment=assessment
    )
    return Recorded(shown, grown.get("people_count"), float(grown["total_fte"]), person, today)


async def _add_to_scan(
    session: Session, scan_id: int | None, person: dict[str, Any], fte: float, rules: Rules
) -> None:
    """The finished scan's answers get the person too (its size given in FTE or in hours)."""

    def amend(scan_answers: dict[str, Any]) -> dict[str, Any]:
        # The scan keeps a typed start as "month" + the month (dialogs/flows/scan.py), and a
        # school leaver's internship start likewise.
        dates = {"started_when": "month" if "started" in person else "unknown"}
        if "internship_started" in person:
            dates["internship_started_when"] = "month"
        answers = _grown(scan_answers, {**person, **dates}, fte)
        answers["has_target_group"] = "yes"
        hours = answers.get("total_hours")
        if answers.get("size_unit") == "hours" and isinstance(hours, int | float):
            answers["total_hours"] = round(float(hours) + fte * full_time_hours(answers, rules), 6)
        return answers

    await conversation.amend_finished_scan(session, scan_id, amend)
