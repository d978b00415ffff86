"""The review's buttons ("change an answer") only act at the review: pressed from an old
message or forged mid-scan they move nothing, and the owner is shown the current question."""

from __future__ import annotations

import pytest

from bot.ui.callbacks import Ans, AnsAct
from standin import StandIn
from tests.e2e.harness import RunningBot, texts
from tests.faults.test_faults import TOWN_QUESTION, scan, shown_prompt
from tests.privacy.walk import answer_step, begin


@pytest.mark.parametrize("act", [AnsAct.EDIT, AnsAct.EDIT_MENU, AnsAct.OVERVIEW])
@pytest.mark.parametrize("step", ["org_name", "has_plan"])
async def test_a_forged_edit_button_mid_scan_moves_nothing(
    standin: StandIn, app: RunningBot, act: AnsAct, step: str
) -> None:
    await begin(standin, 5)
    await answer_step(standin, 5, name="Vervalst BV")
    await answer_step(standin, 5)  # the kind of business: now at the municipality
    before, answers = await scan(app, 5)
    message_id, _ = shown_prompt(standin, 5)
    forged = Ans(conv=before.id or 0, rev=before.revision, act=act, val=step).pack()

    await standin.press_data(5, forged, message_id=message_id)
    reply = texts(await standin.wait_reply(5))

    after, answers_after = await scan(app, 5)
    assert (after.position, after.revision) == ("municipality", before.revision)
    assert answers_after == answers
    assert TOWN_QUESTION in reply  # the current question again, with a kind word
    assert "overview at the end" in reply
    assert not standin.errors
