"""No personal data in logs: a whole stretch of inventory, then search every log record."""

from __future__ import annotations

import logging

import pytest

from standin import StandIn
from tests.e2e.harness import RunningBot
from tests.privacy.walk import answer_step, begin

SECRETS = ("Bakkerij Geheimzinnig", "Geheimdorp", "+31612345678", "Mijn geheime vraag")


async def test_typed_texts_never_reach_the_logs(
    standin: StandIn, app: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await begin(standin, 1)
    await answer_step(standin, 1, name=SECRETS[0])  # business name
    await answer_step(standin, 1)  # kind of business
    await answer_step(standin, 1, name=SECRETS[1])  # municipality
    await standin.send_contact(1, SECRETS[2])
    await standin.wait_reply(1)
    await standin.say(1, SECRETS[3])
    await standin.say(1, "/export")
    await standin.say(1, "/delete")
    await standin.tap(1, "Yes, delete everything")

    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "exported" in logged and "erased" in logged  # the events are there
    for secret in SECRETS:
        assert secret not in logged
