"""The consent's confirmation is a one-time step: ten confirmations of one summary at once
(each on its own session, so its own connection; SQLite and PostgreSQL) store one consent, and
only one of them is told it is done (so staff are told once)."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.db.models import User
from bot.services import conversation
from bot.services.completions import completion
from bot.services.conversation import Done, Stale
from standin import StandIn
from tests.campaigns.support import (
    code_of,
    consents_of,
    finish_scan,
    make_campaign,
    make_staff,
    walk_to_municipality,
)
from tests.e2e.harness import RunningBot, migrated_database, texts

STAFF, OWNER = 931, 932
RACERS = 10


@pytest.fixture(params=["sqlite", "postgres"])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    async for url in migrated_database(request, tmp_path):
        yield url


async def test_ten_confirmations_at_once_store_one_consent(
    standin: StandIn, app: RunningBot
) -> None:
    await make_staff(standin, STAFF)
    code = code_of(await make_campaign(standin, STAFF, "Avond Twenterand", "Twenterand"))
    standin.add_user(OWNER, first_name="Ilse", language_code="en")
    await standin.say(OWNER, "/start " + code)
    await walk_to_municipality(standin, OWNER)
    await standin.tap(OWNER, "In Twenterand")
    await finish_scan(standin, OWNER)
    await standin.tap(OWNER, "📞 Let Gemeente Almelo contact me")
    await standin.tap(OWNER, "Yes, choose what to share")
    await standin.tap(OWNER, "Use “Bakkerij Ilse”")
    await standin.tap(OWNER, "Use my Telegram name (Ilse)")
    await standin.send_contact(OWNER, "31612345678")
    await standin.wait_reply(OWNER)
    summary = texts(await standin.tap(OWNER, "Yes, share it"))
    assert "+31612345678" in summary, summary
    today = dt.date.today()
    confirm = completion("consent", settings=app.settings)

    async with app.storage.sessionmaker() as db:
        async with db.begin():
            owner = await db.get(User, OWNER)
        assert owner is not None
        talk = await conversation.current(db, owner, today)
    assert talk is not None and talk.row.flow == "consent"

    async def confirm_once() -> object:
        """One tap of "Yes, share this", as an update that read the summary with it."""
        async with app.storage.sessionmaker() as db:
            return await conversation.step(
                db,
                owner,
                talk,
                talk.flow.finish,
                complete=confirm,
                conversation_id=talk.id,
                revision=talk.revision,
            )

    outcomes = await asyncio.gather(*(confirm_once() for _ in range(RACERS)))
    assert sum(isinstance(outcome, Done) for outcome in outcomes) == 1
    assert sum(isinstance(outcome, Stale) for outcome in outcomes) == RACERS - 1
    assert len(await consents_of(app, OWNER)) == 1
