"""Results: what a finished scan leads to (assess, store) and reading stored results again.

A stored result keeps the answers and the rules version it was computed with, so it is shown
again exactly as computed, even after the norms change.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from typing import Any

from bot.db import Session, transactions
from bot.db.models import Result, User
from bot.db.repositories import campaigns, results
from bot.i18n import N_
from bot.logging_policy import who
from bot.runtime.documents import Stored
from bot.services import consent
from bot.services.conversation import Incomplete, Talk
from bot.services.reminders import events as reminder_events
from bot.ui.consent import Contacting
from dialogs.flows.common import TODAY_KEY
from dialogs.flows.scan import for_assessment
from dialogs.model import Problem
from pso.assess import (
    Assessment,
    InvalidAnswers,
    answers_for_assessment,
    assess,
    assessment_as_dict,
)
from pso.rules import load_rules

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Shown:
    """A result to show: the stored row, its assessment, the one before it, and the
    organisation the owner may let contact them (None: no such offer)."""

    result: Result
    assessment: Assessment
    previous: Result | None
    consent_offer: Contacting | None
    contact: str = ""  # whom the owner's campaign says to contact ("" when none)

    @property
    def answers(self) -> dict[str, Any]:
        return dict(json.loads(self.result.answers_json))


def assess_stored(result: Result, extra: list[dict[str, Any]] | None = None) -> Assessment:
    """Recompute a stored result with the rules version it was made with, optionally with
    extra target-group employees (what-if)."""
    answers = json.loads(result.answers_json)
    if extra:
        answers = {**answers, "employees": [*answers.get("employees", []), *extra]}
    return assess(answers, load_rules(result.rules_version))


async def store(
    session: Session,
    user: User,
    *,
    session_id: int | None,
    answers: dict[str, Any],
    assessment: Assessment,
) -> Shown:
    previous = await results.latest_result(session, user_id=user.id)
    result = await results.store_result(
        session,
        user_id=user.id,
        session_id=session_id,
        answers=answers,
        rules_version=assessment.rules_version,
        level=assessment.level,
        contribution_pct=assessment.contribution_pct,
        assessment=assessment_as_dict(assessment),
    )
    offer = await consent.offer_for(session, user_id=user.id)
    contact = await campaigns.contact_for(session, user_id=user.id)
    return Shown(result, assessment, previous, offer, contact)


def document_source(result: Result) -> Stored:
    """What the result's PDF is made from (bot/runtime/documents.py): the chat's and the web's."""
    return Stored(
        owner=result.user_id,
        result=result.id or 0,
        answers_json=result.answers_json,
        rules_version=result.rules_version,
    )


NOT_ASSESSABLE = Problem(N_("Some answers do not fit together. Please check them."))


async def complete_scan(session: Session, user: User, talk: Talk) -> Shown:
    """The scan is finished (its review's "show my result"): in the transaction that ends it,
    assess the answers as of today and store the result with them."""
    today = dt.date.fromisoformat(str(talk.context[TODAY_KEY]))
    # As of today, kept with the result: shown again later, it reads the same.
    applicable = talk.flow.applicable_answers(talk.state)
    answers = answers_for_assessment(for_assessment(applicable, today=today))
    try:
        assessment = assess(answers)
    except InvalidAnswers as error:
        # The scan validates every answer; this guards against a rules change since.
        log.warning("answers of user %s not assessable: %s", who(user.id), error)
        raise Incomplete(NOT_ASSESSABLE) from error
    await reminder_events.scan_ended(session, user_id=user.id, reason="finished")
    return await store(session, user, session_id=talk.id, answers=answers, assessment=assessment)


async def latest(session: Session, user: User) -> Shown | None:
    """The owner's latest result, to show again (/result)."""
    async with transactions.read(session):
        result = await results.latest_result(session, user_id=user.id)
        if result is None:
            return None
        offer = await consent.offer_for(session, user_id=user.id)
        contact = await campaigns.contact_for(session, user_id=user.id)
    return Shown(result, assess_stored(result), None, offer, contact)


async def has_result(session: Session, user: User) -> bool:
    async with transactions.read(session):
        return await results.latest_result_id(session, user_id=user.id) is not None


async def with_contact(session: Session, user: User, result_id: int) -> tuple[Result, str] | None:
    """A result of this owner's and whom their campaign says to contact ("" when none)."""
    async with transactions.read(session):
        result = await results.own_result(session, user_id=user.id, result_id=result_id)
        if result is None:
            return None
        return result, await campaigns.contact_for(session, user_id=user.id)


async def own_result(session: Session, user: User, result_id: int) -> Result | None:
    """A result of this owner's (a button may carry any id)."""
    async with transactions.read(session):
        return await results.own_result(session, user_id=user.id, result_id=result_id)
