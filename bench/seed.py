"""Pre-seed a database with completed owners (user, finished intake, answers, result) through
the repository functions, so the benchmark runs against a database that has been in use."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from bench.owners import SCRIPT
from bot.db.engine import create_engine, create_sessionmaker
from bot.db.models import SCAN, ConversationStatus
from bot.db.repositories import conversations, results, users
from bot.i18n import get_i18n
from bot.ui.prompt import label_reader
from dialogs.engine import Accepted
from dialogs.flows.common import TODAY_KEY
from dialogs.flows.scan import SCAN as FLOW
from dialogs.flows.scan import for_assessment
from pso.assess import answers_for_assessment, assess, assessment_as_dict

SEED_ID_BASE = 10_000_000


def scripted_answers() -> tuple[dict[str, Any], dict[str, Any], Any]:
    """The bakery owner's answers, played through the dialog engine as the handlers do."""
    i18n = get_i18n()
    today = dt.date.today()
    with i18n.context(), i18n.use_locale("en"):
        state = FLOW.start({TODAY_KEY: today.isoformat()})
        for _kind, text in SCRIPT[2:-1]:  # after /start and "Start the scan", before the result
            labels = label_reader(FLOW.prompt(state), "en")
            outcome = FLOW.type(state, text, labels=labels)
            assert isinstance(outcome, Accepted), (text, outcome)
            state = outcome.state
    assert FLOW.is_complete(state)
    applicable = FLOW.applicable_answers(state)
    answers = answers_for_assessment(for_assessment(applicable, today=today))
    return state.answers, answers, assess(answers)


async def seed(database_url: str, owners: int, *, batch: int = 500) -> None:
    flow_answers, answers, assessment = scripted_answers()
    engine = create_engine(database_url)
    sessionmaker = create_sessionmaker(engine)
    rng = random.Random(7)
    try:
        for start in range(0, owners, batch):
            async with sessionmaker() as session, session.begin():
                for n in range(start, min(owners, start + batch)):
                    user_id = SEED_ID_BASE + n
                    await users.touch_user(
                        session, user_id=user_id, telegram_language=rng.choice(["nl", "en"])
                    )
                await session.flush()
                for n in range(start, min(owners, start + batch)):
                    user_id = SEED_ID_BASE + n
                    intake = await conversations.open_conversation(
                        session,
                        user_id=user_id,
                        flow=SCAN,
                        position="review",
                        context={},
                        answers=flow_answers,
                    )
                    await conversations.advance(
                        session,
                        conversation=intake,
                        expected_revision=0,
                        position="review",
                        return_to_review=False,
                        status=ConversationStatus.COMPLETED,
                    )
                    await results.store_result(
                        session,
                        user_id=user_id,
                        session_id=intake.id,
                        answers=answers,
                        rules_version=assessment.rules_version,
                        level=assessment.level,
                        contribution_pct=assessment.contribution_pct,
                        assessment=assessment_as_dict(assessment),
                    )
    finally:
        await engine.dispose()
