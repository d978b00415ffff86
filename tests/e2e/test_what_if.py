"""What if I hire someone? The hire joins the organisation, so the what-if agrees with the
result's gap; impossible input is re-asked; Back and Stop work at every step; nothing stored
ever changes."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest

from bot.db.models import Result
from bot.i18n import translate
from bot.services.results import assess_stored
from bot.services.what_if import assessments_with
from bot.ui.prompt import fmt_number
from pso import clock
from pso.assess import Assessment
from pso.labels import level_text
from pso.result_texts import contribution_text
from standin import StandIn
from tests.e2e.harness import RunningBot
from tests.e2e.owner import (
    NO,
    PARTLY,
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

WAJONG = "Wajong (young disabled)"
REGULAR = "Regular contract"


async def scan(owner: Owner, *, people: str, fte: str, hours: str) -> str:
    """A finished scan: one Wajong employee on a regular contract."""
    await start_scan(owner)
    await organisation(
        owner, name="Bakkerij Ilse", sector="Bakery", people=people, size=("In FTE", fte)
    )
    await owner.tap(YES)
    await add_person(owner, WAJONG, hours, REGULAR)
    await owner.tap("That's everyone")
    # Below 2 FTE "2 FTE for a year" is not asked (it cannot be met): only the own KvK number.
    conditions = (YES,) if float(fte.replace(",", ".")) < 2 else (YES, YES)
    await closing_questions(owner, NO, [YES, PARTLY, NO, YES], conditions)
    return await show_result(owner)


def what_if_assessments(
    result: Result, hires: list[dict[str, object]]
) -> tuple[Assessment, Assessment]:
    today = clock.today()  # the bot's day (Amsterdam), not the machine's
    return assessments_with(
        json.loads(result.answers_json), result.rules_version, hires, as_of=today
    )


def buttons(owner: Owner) -> list[str]:
    keyboard = owner.last_keyboard() or {"inline_keyboard": []}
    return [b["text"] for row in keyboard["inline_keyboard"] for b in row]


def comparison(owner: Owner, before: Assessment, after: Assessment) -> str:
    """The what-if's "Now: … With this hire: …" line, as the owner should read it."""

    def gettext(text: str) -> str:
        return translate(text, owner.locale)

    return owner.t(
        "Now: {before} ({level_before}). With this hire: {after} ({level_after}).",
        # As shown beside the norms: never reading as a norm it does not reach.
        before=contribution_text(before, owner.locale),
        after=contribution_text(after, owner.locale),
        level_before=level_text(before, gettext),
        level_after=level_text(after, gettext),
    )


async def snapshot(
    app: RunningBot, user_id: int
) -> tuple[dict[str, Any], list[tuple[str, str, float]]]:
    results = await stored_results(app, user_id)
    return await stored_answers(app, user_id), [
        (r.answers_json, r.level, r.contribution_pct) for r in results
    ]


@pytest.mark.parametrize("locale", ["nl", "en"])
async def test_the_gaps_hours_reach_the_trede_and_one_percent_less_does_not(
    standin: StandIn, app: RunningBot, locale: str
) -> None:
    """Ilse's bakery, 7.2 FTE with a Wajong employee for 24 h: the result's gap to Trede 1,
    hired as a what-if, reaches Trede 1 in the chat; 1 % fewer hours does not."""
    user_id = 211 if locale == "nl" else 212
    owner = Owner(standin, user_id, locale)
    await scan(owner, people="9", fte="7.2", hours="24")
    (result,) = await stored_results(app, user_id)
    gap = assess_stored(result).gap("trede_1")
    assert result.level == "none" and gap is not None
    before_all = await snapshot(app, user_id)

    exact = math.ceil(gap.hours_per_week * 10_000) / 10_000
    less = math.floor(gap.hours_per_week * 0.99 * 10_000) / 10_000
    for hours, level in ((exact, "trede_1"), (less, "none")):
        await owner.tap("➕ What if I hire someone?")
        await owner.tap(WAJONG)
        await owner.say(fmt_number(hours, locale, decimals=4))
        shown = await owner.tap(REGULAR)
        before, after = what_if_assessments(
            result, [{"target_group": "wajong", "weekly_hours": hours, "contract": "regular"}]
        )
        assert after.level == level
        assert comparison(owner, before, after) in shown
        # The hire counts in the size: 7.2 FTE plus the hire's.
        assert fmt_number(7.2 + hours / 40, locale, decimals=2) in shown
        await owner.tap("✖️ Stop")

    # The old what-if reached Trede 1 with 6 hours; 6 is not enough once the hire counts.
    await owner.tap("➕ What if I hire someone?")
    await owner.tap(WAJONG)
    await owner.say("6")
    shown = await owner.tap(REGULAR)
    before, after = what_if_assessments(
        result, [{"target_group": "wajong", "weekly_hours": 6, "contract": "regular"}]
    )
    assert after.level == "none" and comparison(owner, before, after) in shown
    assert await snapshot(app, user_id) == before_all
    assert not standin.errors


async def test_impossible_hours_are_re_asked_and_nothing_changes(
    standin: StandIn, app: RunningBot
) -> None:
    """2 people, 0.8 FTE: before, a what-if of a Wajong hire for 40 h broke the chat (its hours
    exceeded the total). Now every impossible answer is re-asked with the buttons still there,
    and 40 h is a person joining the organisation: 1.8 FTE."""
    owner = Owner(standin, 213, "nl")
    await scan(owner, people="2", fte="0.8", hours="8")
    before_all = await snapshot(app, 213)
    (result,) = await stored_results(app, 213)
    await owner.tap("➕ What if I hire someone?")
    await owner.tap(WAJONG)
    for typed, problem in (
        (
            "400",
            owner.t(
                "{value} hours a week is more than one person can work. Please type the hours "
                "of this one person: at most {max}.",
                value=400,
                max=60,
            ),
        ),
        ("0", owner.t("This can't be 0. Please type a number greater than 0.")),
        ("-3", owner.t("This can't be a negative number. Please type a number of 0 or more.")),
        (
            "veel",
            owner.t("That doesn't look like a number. Please type a number, for example 7.5."),
        ),
    ):
        reply = await owner.say(typed)
        assert problem in reply, typed
        assert owner.t("⬅️ Back") in buttons(owner) and owner.t("✖️ Stop") in buttons(owner)
        assert await snapshot(app, 213) == before_all
    await owner.say("40")
    shown = await owner.tap(REGULAR)
    before, after = what_if_assessments(
        result, [{"target_group": "wajong", "weekly_hours": 40, "contract": "regular"}]
    )
    assert after.size_fte == pytest.approx(1.8)
    assert comparison(owner, before, after) in shown
    assert owner.t("➕ Add another person") in buttons(owner)
    assert await snapshot(app, 213) == before_all
    assert not standin.errors


async def test_back_and_stop_at_every_step(standin: StandIn, app: RunningBot) -> None:
    owner = Owner(standin, 214, "nl")
    await scan(owner, people="9", fte="7.2", hours="24")
    before_all = await snapshot(app, 214)
    group_q = owner.t(
        "What if you hire someone from the target group? Which group would this person come from?"
    )
    hours_q = owner.t("How many hours a week would this person work?")
    contract_q = owner.t("On what kind of contract would this person work for you?")
    second_q = owner.t("Which group would person {n} come from?", n=2)
    stopped = owner.t("Fine, your saved answers are unchanged. /result shows your result.")

    # Back: group ← hours ← contract ← shown, and out of the first question.
    assert group_q in await owner.tap("➕ What if I hire someone?")
    assert hours_q in await owner.tap("Social assistance (bijstand)")
    assert group_q in await owner.tap("⬅️ Back")
    await owner.tap("Social assistance (bijstand)")
    assert contract_q in await owner.say("2,5")
    assert hours_q in await owner.tap("⬅️ Back")
    await owner.say("8")
    # Typed text at a button question is read as the scan reads it: "vast contract" is one.
    shown = await owner.say("vast contract")
    assert "8 " + owner.t("hours a week").split()[-1] in shown or "8 uur" in shown
    assert contract_q in await owner.tap("⬅️ Back")
    await owner.tap(REGULAR)
    assert second_q in await owner.tap("➕ Add another person")
    shown = await owner.tap("⬅️ Back")  # back from adding a second: the what-if with one
    assert owner.t("➕ Add another person") in buttons(owner)
    assert stopped in await owner.tap("✖️ Stop")

    # Stop at each question.
    for steps in ([], ["group"], ["group", "hours"]):
        await owner.tap("➕ What if I hire someone?")
        if "group" in steps:
            await owner.tap(WAJONG)
        if "hours" in steps:
            await owner.say("12")
        assert stopped in await owner.tap("✖️ Stop")
        # After Stop, typed text is not taken as hours any more.
        assert contract_q not in await owner.say("12")
    # Stop at the first question ends it too.
    await owner.tap("➕ What if I hire someone?")
    assert stopped in await owner.tap("✖️ Stop")
    assert await snapshot(app, 214) == before_all
    assert not standin.errors


async def test_a_what_if_leaves_answers_and_result_unchanged(
    standin: StandIn, app: RunningBot
) -> None:
    owner = Owner(standin, 215, "en")
    await scan(owner, people="9", fte="7.2", hours="24")
    before_all = await snapshot(app, 215)
    await owner.tap("➕ What if I hire someone?")
    await owner.tap(WAJONG)
    await owner.say("8")
    shown = await owner.tap(REGULAR)
    assert "(Trede 1)." in shown
    assert "Keep this in my answers" not in " ".join(buttons(owner))
    # Shown, the what-if asks nothing: typed text is not taken by it.
    assert "Please use the buttons below." not in await owner.say("12")
    again = await owner.say("/result")
    assert await snapshot(app, 215) == before_all
    (result,) = await stored_results(app, 215)
    assert result.level == "none" and len(json.loads(result.answers_json)["employees"]) == 1
    assert "You're at 8.3%; Trede 1 needs about 7 more hours a week." in again
    assert not standin.errors


async def test_forged_what_if_for_someone_elses_result(standin: StandIn, app: RunningBot) -> None:
    victim = Owner(standin, 216, "en")
    await scan(victim, people="9", fte="7.2", hours="24")
    (their_result,) = await stored_results(app, 216)
    before_all = await snapshot(app, 216)
    attacker = Owner(standin, 217, "en")
    await attacker.say("/help")
    message = standin.last_bot_message(217)
    assert message is not None
    for data in (f"w:{their_result.id}:p:", f"w:{their_result.id}:s:", f"w:{their_result.id}:k:"):
        await standin.press_data(217, data, message_id=message.message_id)
        await standin.wait_reply(217, allow_empty=True)
    assert not any(o.method == "sendDocument" for o in standin.outgoing(217))
    assert await snapshot(app, 216) == before_all
    assert not standin.errors
