"""Who counts, and for how long, as a bakery owner plays it through the stand-in: the start of
a bijstand colleague, typed names, a month still to come, the conditions, the review and the
result that names who no longer counts, and why."""

from __future__ import annotations

import json

import pytest

from dialogs.flows.common import TARGET_GROUP_UNKNOWN
from dialogs.flows.scan import MONTH_IN_FUTURE
from pso import clock
from pso.counting import YearMonth
from standin import StandIn
from tests.e2e.harness import RunningBot
from tests.e2e.owner import (
    NO,
    YES,
    Owner,
    add_person,
    closing_questions,
    organisation,
    show_result,
    start_scan,
    stored_answers,
    stored_results,
)


@pytest.mark.parametrize("locale", ["nl", "en"])
async def test_bijstand_colleague_who_started_long_ago_no_longer_counts(
    standin: StandIn, app: RunningBot, locale: str
) -> None:
    ilse = Owner(standin, 301 if locale == "nl" else 302, locale)
    await start_scan(ilse)
    await organisation(
        ilse, name="Bakkerij Ilse", sector="Bakery", people="9", size=("In FTE", "8")
    )
    await ilse.tap(YES)
    # The group by the name she knows, after one she made up.
    reply = await ilse.say("gemeentebaan")
    assert ilse.t(TARGET_GROUP_UNKNOWN, text="gemeentebaan") in reply
    await ilse.say("bijstand")
    await ilse.say("20")
    start_question = await ilse.tap("Regular contract")
    assert ilse.t("Person {n}: when did this person start working for you?", n=1) in start_question
    long_ago = ilse.t("{years} years ago or longer", years=5)
    assert long_ago in {b["text"] for row in ilse.last_keyboard()["inline_keyboard"] for b in row}  # type: ignore[index]
    # A month still to come is re-asked in her language; nothing is stored.
    future = YearMonth.of(clock.today()).plus(2)
    reply = await ilse.say(f"{future.month}-{future.year}")
    assert ilse.t(MONTH_IN_FUTURE) in reply
    assert "started_when" not in (await stored_answers(app, ilse.user_id))["employees"][0]
    await ilse.tap_label(long_ago)

    await ilse.tap("Add another person")
    await add_person(ilse, "Wajong (young disabled)", "24", "Regular contract")
    await ilse.tap("That's everyone")
    review = await closing_questions(
        ilse, NO, [YES, YES, YES, YES], conditions=(YES, "I don't know yet")
    )
    assert ilse.t("started {years}+ years ago", years=5) in review
    assert ilse.t("Own KvK number") + ": <i>" not in review  # a plain answer, in words:
    assert ilse.t("Own KvK number") + ": " + ilse.t("not known yet") in review

    result = await show_result(ilse)
    reason = ilse.t("the {years} years since starting from bijstand have passed", years=5)
    no_longer = "persoon telt niet meer mee" if locale == "nl" else "person no longer counts"
    assert f"1 {no_longer}: {reason}." in result
    (stored,) = await stored_results(app, ilse.user_id)
    answers = json.loads(stored.answers_json)
    today = clock.today()
    assert answers["as_of"] == today.isoformat()
    assert answers["employees"][0]["started"] == str(YearMonth.of(today).plus(-60))
    assert answers["own_kvk"] == "unknown"
    assessment = json.loads(stored.assessment_json)
    assert [e["counted"] for e in assessment["employees"]] == [False, True]
    assert assessment["employees"][0]["reason"] == "period_ended"
    assert not standin.errors


async def test_month_typed_at_once_and_shown_in_the_review(
    standin: StandIn, app: RunningBot
) -> None:
    owner = Owner(standin, 303, "nl")
    await start_scan(owner)
    await organisation(owner, name=None, sector="Bakery", people="9", size=("In FTE", "8"))
    await owner.tap(YES)
    await owner.say("statushouder")
    await owner.say("20")
    await owner.tap("Regular contract")
    overview = await owner.say("maart 2024")
    assert "sinds maart 2024" in overview
    await owner.tap("That's everyone")
    review = await closing_questions(owner, NO, [YES, YES, YES, YES])
    assert "sinds maart 2024" in review
    answers = await stored_answers(app, 303)
    assert answers["employees"][0]["started"] == "2024-03"
    assert answers["employees"][0]["target_group"] == "participatiewet"
    assert not standin.errors
