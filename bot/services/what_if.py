"""What if I hire someone? People imagined on top of the latest result, recomputed at once.

The questions are the what-if flow (dialogs/flows/what_if.py) on the one conversation engine; its
context holds the result's answers and rules version, so each recomputation needs no read. An
imagined hire is counted as docs/pso-rules.md step 6 counts the gap: on top of today's staff, so the
organisation grows with them (people + 1, FTE + theirs) as well as its target group. A what-if
with exactly the result's gap therefore reaches that Trede, and a little less does not.

The what-if never changes stored answers or results: a real hire is recorded with "I hired
someone" (bot/services/hired.py).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.db import Session, transactions
from bot.db.models import User
from bot.db.repositories import campaigns, results
from bot.logging_policy import who
from bot.services import conversation
from bot.services.conversation import Busy, Started, Talk
from dialogs.flows.common import TODAY_KEY
from dialogs.flows.what_if import ID, INSTEAD_OF, MAX_PERSONS
from pso.assess import Assessment, InvalidAnswers, assess
from pso.counting import YearMonth
from pso.rules import Rules, load_rules

log = logging.getLogger(__name__)

__all__ = [
    "MAX_PERSONS",
    "Instead",
    "alternatives_of",
    "assessments",
    "assessments_with",
    "hires_of",
    "start",
    "with_hires",
]


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


def _imagined_as_counting(hire: Mapping[str, Any], rules: Rules, as_of: dt.date) -> dict[str, Any]:
    """The answers that make an imagined hire count from this month."""
    out: dict[str, Any] = {"started": str(YearMonth.of(as_of))}
    if hire["target_group"] in rules.unemployed_before_start_groups:
        out["unemployed_six_months"] = "yes"
    running = rules.while_running.get(hire["target_group"])
    if running is not None:
        out[running.answer] = "yes"
    return out


def with_hires(
    answers: Mapping[str, Any], hires: list[dict[str, Any]], rules: Rules, *, as_of: dt.date
) -> dict[str, Any]:
    """The answers (as the assessment reads them) with `hires` on top of today's staff: each
    joins the target group and the organisation's size, starting this month (so a counting
    period has just begun; someone from WW is imagined as unemployed long enough, a wage-cost
    subsidy or Wsw indication as running)."""
    full_time = full_time_hours(answers, rules)
    people = [{**hire, **_imagined_as_counting(hire, rules, as_of)} for hire in hires]
    grown = dict(answers)
    grown["employees"] = [*answers.get("employees", []), *people]
    grown["total_fte"] = float(answers["total_fte"]) + math.fsum(
        hire_fte(float(h["weekly_hours"]), full_time) for h in hires
    )
    if isinstance(answers.get("people_count"), int):
        grown["people_count"] = answers["people_count"] + len(hires)
    return grown


_PERSON = ("target_group", "weekly_hours", "contract")


def _complete(talk: Talk) -> list[tuple[int, dict[str, Any]]]:
    """The imagined people with all three answers, by their 1-based number in the what-if."""
    return [
        (n, person)
        for n, person in enumerate(talk.state.answers.get("hires") or [], start=1)
        if isinstance(person, dict) and all(k in person for k in _PERSON)
    ]


def hires_of(talk: Talk) -> list[dict[str, Any]]:
    """The people imagined on top of the staff, each complete (group, hours, contract); a
    person compared with one of them (`instead_of`) is not among them (`alternatives_of`)."""
    return [
        {k: person[k] for k in _PERSON}
        for _n, person in _complete(talk)
        if INSTEAD_OF not in person
    ]


@dataclass(frozen=True)
class Instead:
    """Someone imagined instead of hire number `of` (1-based among `hires_of`): the same hours
    and contract, another group, and the assessment with them in that hire's place."""

    person: dict[str, Any]
    of: int
    after: Assessment


def alternatives_of(talk: Talk) -> list[Instead]:
    """Each comparison ("or someone from bijstand instead?"), computed on its own: the other
    hires stay, the one compared with is replaced."""
    complete = _complete(talk)
    bases = [n for n, person in complete if INSTEAD_OF not in person]
    hires = hires_of(talk)
    context = talk.context
    out = []
    for _n, person in complete:
        ref = person.get(INSTEAD_OF)
        if not isinstance(ref, int) or ref not in bases:
            continue
        place = bases.index(ref)
        alone = {k: person[k] for k in _PERSON}
        try:
            _before, after = assessments_with(
                dict(context.get("answers") or {}),
                str(context.get("rules_version") or ""),
                [*hires[:place], alone, *hires[place + 1 :]],
                as_of=dt.date.fromisoformat(str(context[TODAY_KEY])),
            )
        except InvalidAnswers:
            continue
        out.append(Instead(alone, place + 1, after))
    return out


def assessments_with(
    answers: Mapping[str, Any],
    rules_version: str | None,
    hires: list[dict[str, Any]],
    *,
    as_of: dt.date,
) -> tuple[Assessment, Assessment]:
    """The assessment of a result's answers as of a day, and the one with `hires` on top, both
    with the rules version the result was made with. Raises InvalidAnswers."""
    rules = load_rules(rules_version or None)
    return (
        assess(dict(answers), rules, as_of=as_of),
        assess(with_hires(answers, hires, rules, as_of=as_of), rules, as_of=as_of),
    )


def assessments(talk: Talk) -> tuple[Assessment, Assessment] | None:
    """Today's assessment of the result the what-if builds on, and the one with the imagined
    hires. None: the result's answers no longer fit the rules (a new scan fixes that)."""
    context = talk.context
    try:
        return assessments_with(
            dict(context.get("answers") or {}),
            str(context.get("rules_version") or ""),
            hires_of(talk),
            as_of=dt.date.fromisoformat(str(context[TODAY_KEY])),
        )
    except InvalidAnswers as error:
        log.warning("what-if of user %s not assessable: %s", who(talk.row.user_id), error)
        return None


async def contact(session: Session, talk: Talk) -> str:
    """Whom the owner's campaign says to ask ("" when none), named first beside a hire's
    support. Read when the what-if's result is shown, never kept in the conversation: the
    staff member who typed it may erase it."""
    async with transactions.read(session):
        return await campaigns.contact_for(session, user_id=talk.row.user_id)


# --- starting and ending --------------------------------------------------------------------------
async def start(
    session: Session,
    user: User,
    result_id: int,
    *,
    today: dt.date,
    leave_others: bool = False,
) -> Started | Busy | None:
    """A what-if on this result; None when the button is not for the latest result."""
    async with transactions.write(session):
        result = await results.latest_result_if(session, user_id=user.id, result_id=result_id)
        if result is None:
            return None
        context = {
            "result_id": result.id,
            "answers": json.loads(result.answers_json),
            "rules_version": result.rules_version,
        }
        return await conversation.open_flow(
            session,
            user,
            ID,
            today=today,
            context=context,
            subject_id=result.id,
            leave_others=leave_others,
        )


async def complete(session: Session, user: User, talk: Talk) -> None:
    """Stopped at the recomputed result: a what-if stores nothing."""
    return None
