"""Pre-seed a database with completed owners (user, finished intake, answers, result) through
the repository functions, so the benchmark runs against a database that has been in use."""

from __future__ import annotations

import random
from typing import Any

from bench.owners import SCRIPT
from bot.db.engine import create_engine, create_sessionmaker
from bot.db.models import SessionStatus
from bot.db.repositories import results, scans, users
from bot.i18n import get_i18n
from bot.services.scan import FLOW
from bot.ui.prompt import option_for_typed_label
from dialogs.engine import Accepted
from dialogs.inventory import for_assessment
from pso import clock
from pso.assess import answers_for_assessment, assess, assessment_as_dict

SEED_ID_BASE = 10_000_000


def scripted_answers() -> tuple[dict[str, Any], dict[str, Any], Any]:
    """The bakery owner's answers, played through the dialog engine as the handlers do."""
    i18n = get_i18n()
    with i18n.context(), i18n.use_locale("en"):
        state = FLOW.start({})
        for _kind, text in SCRIPT[2:-1]:  # after /start and "Start the scan", before the result
            prompt = FLOW.prompt(state)
            chosen = option_for_typed_label(prompt, text, "en")
            outcome = FLOW.choose(state, chosen) if chosen else FLOW.type(state, text)
            assert isinstance(outcome, Accepted), (text, outcome)
            state = outcome.state
    assert FLOW.is_complete(state)
    applicable = FLOW.applicable_answers(state)
    answers = answers_for_assessment(for_assessment(applicable, today=clock.today()))
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
                    intake = await scans.start_intake(
                        session,
                        user_id=user_id,
                        position="review",
                        context={},
                        answers=flow_answers,
                    )
                    await scans.advance_intake(
                        session,
                        intake=intake,
                        expected_revision=0,
                        position="review",
                        return_to_review=False,
                        status=SessionStatus.COMPLETED,
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
