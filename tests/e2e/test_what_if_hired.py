""" "I hired this person": a real hire, asked on purpose, recorded as a new result; the result
before it stays as it was."""

from __future__ import annotations

import json

import pytest
from babel.dates import format_date

from pso import clock
from pso.counting import YearMonth
from standin import StandIn
from tests.e2e.harness import RunningBot
from tests.e2e.owner import Owner, stored_answers, stored_results
from tests.e2e.test_what_if import REGULAR, WAJONG, buttons, scan

HIRED = "👤 I hired someone: add them"


def this_month() -> YearMonth:
    return YearMonth.of(clock.today())  # the bot's month (Amsterdam), not the machine's


def month_text(month: YearMonth) -> str:
    return f"{month.month:02d}-{month.year}"


def month_name(month: YearMonth, locale: str) -> str:
    return str(format_date(month.first_day(), "LLLL y", locale=locale))


@pytest.mark.parametrize("locale", ["nl", "en"])
async def test_a_hire_is_recorded_with_its_start_month_and_rescored(
    standin: StandIn, app: RunningBot, locale: str
) -> None:
    user_id = 221 if locale == "nl" else 222
    owner = Owner(standin, user_id, locale)
    await scan(owner, people="9", fte="7.2", hours="24")
    (first,) = await stored_results(app, user_id)
    first_row = (first.answers_json, first.level, first.contribution_pct)

    await owner.tap(HIRED)
    await owner.tap(WAJONG)
    assert owner.t("Please tap one of the buttons below this question.") not in await owner.say("8")
    month_q = owner.t("In which month did this person start? Tap a button, or type the month.")
    assert month_q in await owner.tap(REGULAR)
    # A month still to come is re-asked, with the buttons still there.
    future = this_month().plus(1)
    reply = await owner.say(month_text(future))
    assert month_name(future, owner.locale) in reply and month_q in reply
    assert owner.t("⬅️ Back") in buttons(owner)
    started = this_month().plus(-2)
    confirm = await owner.say(month_text(started))
    assert owner.t("The person you hired") in confirm
    assert month_name(started, owner.locale) in confirm
    assert len(await stored_results(app, user_id)) == 1  # nothing recorded before "add"

    shown = await owner.tap("✅ Yes, add this person")
    assert (
        owner.t(
            "Added. Your organisation now counts {people} people and {fte} FTE. "
            "Here is your new result:",
            people=10,
            fte=7.4,
        )
        in shown
    )
    assert "Trede 1" in shown
    # Before → now, on the new result.
    assert owner.t("Level: {before} → {now}.", before=owner.t("no Trede yet"), now="Trede 1") in (
        shown
    )

    old, new = await stored_results(app, user_id)
    assert (old.answers_json, old.level, old.contribution_pct) == first_row  # history kept
    answers = json.loads(new.answers_json)
    assert new.level == "trede_1"
    assert answers["total_fte"] == pytest.approx(7.4) and answers["people_count"] == 10
    assert answers["employees"][-1] == {
        "target_group": "wajong",
        "weekly_hours": 8.0,
        "contract": "regular",
        "started": str(started),
    }
    scan_answers = await stored_answers(app, user_id)
    assert scan_answers["employees"][-1]["started"] == str(started)
    assert scan_answers["people_count"] == 10

    assert "Trede 1" in (await owner.say("/result")).split("\n")[1]
    assert not standin.errors


@pytest.mark.parametrize("locale", ["nl", "en"])
async def test_a_school_leaver_counts_from_leaving_school_and_the_internship_from_its_start(
    standin: StandIn, app: RunningBot, locale: str
) -> None:
    """rules.md: a VSO/PrO school leaver counts 5 years after leaving school, an internship 3
    years from its own start; the hire's start month is the internship's, not leaving school."""
    user_id = 226 if locale == "nl" else 227
    owner = Owner(standin, user_id, locale)
    await scan(owner, people="9", fte="7.2", hours="24")
    await owner.tap(HIRED)
    await owner.tap("School leaver VSO/PrO")
    await owner.say("16")
    await owner.tap("Internship or re-integration")
    started = this_month().plus(-1)
    asked = await owner.tap(owner.t("Last month ({month})", month=month_name(started, locale)))
    assert (
        owner.t(
            "When did this person leave school (VSO or PrO)? A school leaver counts for "
            "{years} years from then. Tap a button, or type the month.",
            years=5,
        )
        in asked
    )
    left = this_month().plus(-50)
    assert owner.t("The person you hired") in await owner.say(month_text(left))
    await owner.tap("✅ Yes, add this person")

    new = (await stored_results(app, user_id))[-1]
    assert json.loads(new.answers_json)["employees"][-1] == {
        "target_group": "vso_pro",
        "weekly_hours": 16.0,
        "contract": "internship_reintegration",
        "started": str(left),
        "internship_started": str(started),
    }
    scan_person = (await stored_answers(app, user_id))["employees"][-1]
    assert scan_person["started"] == str(left) and scan_person["started_when"] == "month"
    assert scan_person["internship_started"] == str(started)
    assert scan_person["internship_started_when"] == "month"
    assert not standin.errors


async def test_a_school_leaver_whose_leaving_month_is_unknown_counts_for_now(
    standin: StandIn, app: RunningBot
) -> None:
    owner = Owner(standin, 228, "en")
    await scan(owner, people="9", fte="7.2", hours="24")
    await owner.tap(HIRED)
    await owner.tap("School leaver VSO/PrO")
    await owner.say("16")
    await owner.tap(REGULAR)
    await owner.tap(owner.t("This month ({month})", month=month_name(this_month(), "en")))
    confirm = await owner.tap("I don't know yet")
    assert "Left school: not known yet" in confirm  # the review line, the label said once
    shown = await owner.tap("✅ Yes, add this person")
    person = json.loads((await stored_results(app, user_id=228))[-1].answers_json)["employees"][-1]
    assert "started" not in person and "internship_started" not in person
    # The result says what is not known rather than counting a date nobody gave: a range, the
    # answer that decides it, and no level the known answers do not carry.
    assert "Your contribution is between" in shown
    assert "If your colleague from VSO/PrO left school less than 5 years ago" in shown
    assert "now between" in shown and "Level:" not in shown
    assert "Look up in which month your colleague left VSO/PrO" in shown
    assert not standin.errors


async def test_back_and_stop_while_recording_a_hire(standin: StandIn, app: RunningBot) -> None:
    owner = Owner(standin, 223, "nl")
    await scan(owner, people="9", fte="7.2", hours="24")
    before = [(r.answers_json, r.level) for r in await stored_results(app, 223)]
    stopped = owner.t("Fine, nothing was added. /result shows your result.")
    hours_q = owner.t("How many hours a week does this person work for you?")
    contract_q = owner.t("What kind of contract does this person have?")

    await owner.tap(HIRED)
    await owner.tap(WAJONG)
    # Hours as the scan reads them: "twee" is 2.
    assert contract_q in await owner.say("twee")
    assert hours_q in await owner.tap("⬅️ Back")
    await owner.say("2,5")
    await owner.tap(REGULAR)
    assert contract_q in await owner.tap("⬅️ Back")
    assert hours_q in await owner.tap("⬅️ Back")
    await owner.say("16")
    await owner.tap(REGULAR)
    await owner.tap("This month ({month})", month=_month_label(owner))
    assert stopped in await owner.tap("✖️ Stop")
    assert [(r.answers_json, r.level) for r in await stored_results(app, 223)] == before
    # After Stop, typed text is no longer taken as a month.
    assert owner.t("Add this person to your answers?") not in await owner.say("01-2026")
    # Stop at the first question.
    await owner.tap(HIRED)
    assert stopped in await owner.tap("✖️ Stop")
    assert not standin.errors


def _month_label(owner: Owner) -> str:
    from babel.dates import format_date

    return str(format_date(this_month().first_day(), "MMMM yyyy", locale=owner.locale))


async def test_forged_hire_for_someone_elses_result(standin: StandIn, app: RunningBot) -> None:
    victim = Owner(standin, 224, "en")
    await scan(victim, people="9", fte="7.2", hours="24")
    (their_result,) = await stored_results(app, 224)
    attacker = Owner(standin, 225, "en")
    await attacker.say("/help")
    message = standin.last_bot_message(225)
    assert message is not None
    for data in (f"hd:{their_result.id}", f"a:{their_result.id}:0:r:"):
        await standin.press_data(225, data, message_id=message.message_id)
        await standin.wait_reply(225, allow_empty=True)
    assert len(await stored_results(app, 224)) == 1
    assert await stored_results(app, 225) == []
    assert not standin.errors
