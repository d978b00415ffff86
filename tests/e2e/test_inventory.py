"""Whole inventories as owners play them, in Dutch and English, through the stand-in."""

from __future__ import annotations

import asyncio

import pytest

from standin import StandIn
from tests.e2e.harness import RunningBot, running_bot, texts
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
    stored_position,
    stored_results,
)


@pytest.mark.parametrize("locale", ["nl", "en"])
async def test_bakery_with_one_wajong_employee(
    standin: StandIn, app: RunningBot, locale: str
) -> None:
    ilse = Owner(standin, 101, locale)
    await start_scan(ilse)
    await organisation(
        ilse, name="Bakkerij Ilse", sector="Bakery", people="9", size=("In FTE", "8")
    )
    await ilse.tap(YES)
    overview = await add_person(ilse, "Wajong (young disabled)", "24", "Regular contract")
    assert "1." in overview and "24" in overview
    await ilse.tap("That's everyone")
    review = await closing_questions(ilse, NO, [YES, PARTLY, NO, YES])
    assert "Bakkerij Ilse" in review
    assert ilse.t("Wajong (young disabled)") in review

    result = await show_result(ilse)
    # The worked example of rules.md: 7.5 % against a Trede 1 norm of 9.06 % for 8 FTE.
    assert ("7,5" if locale == "nl" else "7.5") in result
    assert ("9,1" if locale == "nl" else "9.1") in result
    assert "MijnPSO" in result
    assert any(o.method == "sendPhoto" for o in ilse.last)
    stored = await stored_results(app, 101)
    assert len(stored) == 1 and stored[0].level == "none"
    assert (await stored_position(app, 101))[1] == "completed"
    assert not standin.errors


async def test_cleaning_company_with_mixed_contracts(standin: StandIn, app: RunningBot) -> None:
    mehmet = Owner(standin, 102, "en")
    await start_scan(mehmet)
    await organisation(mehmet, name=None, sector="Cleaning", people="34", size=("In FTE", "28,5"))
    await mehmet.tap(YES)
    await add_person(
        mehmet, "Bijstand with wage subsidy", "32", "Regular contract", running="Yes, still paid"
    )
    await mehmet.tap("Add another person")
    await add_person(
        mehmet,
        "Bijstand with wage subsidy",
        "20",
        "Seconded or flex to you",
        running="Yes, still paid",
        durable="No, shorter",
    )
    await mehmet.tap("Add another person")
    overview = await add_person(
        mehmet, "Social assistance (bijstand)", "24", "Trial placement", started="I don't know yet"
    )
    assert "3." in overview
    await mehmet.tap("That's everyone")
    await closing_questions(mehmet, YES, [YES, YES, YES, YES])
    await show_result(mehmet)

    answers = await stored_answers(app, 102)
    assert [e["contract"] for e in answers["employees"]] == [
        "regular",
        "secondment_flex",
        "trial_placement",
    ]
    (result,) = await stored_results(app, 102)
    # (0.8 + 0.5 × 0.9 + 0.6 × 0.5) / 28.5 = 5.44 %: below 6.1 (interpolated Trede 1 for 29).
    assert result.contribution_pct == pytest.approx(100 * 1.55 / 28.5)
    assert not standin.errors


async def test_it_firm_with_nobody_from_the_target_group(standin: StandIn, app: RunningBot) -> None:
    sarah = Owner(standin, 103, "en")
    await start_scan(sarah)
    await organisation(
        sarah, name="Byte BV", sector="IT", people="12", size=("In hours per week", "480")
    )
    await sarah.tap(NO)
    await closing_questions(sarah, NO, [NO, NO, NO, NO])
    result = await show_result(sarah)
    answers = await stored_answers(app, 103)
    assert answers["total_fte"] == pytest.approx(12.0)
    assert "Trede 1" in result
    # Distance to Trede 1 in hours: x = 0.065 × 12 / 0.935 FTE = 33.4 hours a week.
    assert "34" in result or "33" in result
    assert not standin.errors


async def test_one_person_business_gets_the_small_size_note(
    standin: StandIn, app: RunningBot
) -> None:
    solo = Owner(standin, 104, "nl")
    await start_scan(solo)
    await organisation(
        solo, name="Klusbedrijf", sector="Construction", people="1", size=("In FTE", "1")
    )
    await solo.tap(NO)
    # Below 2 FTE "2 FTE for a year" cannot be met: only the KvK number is asked.
    await closing_questions(solo, NO, [YES, YES, YES, YES], conditions=(YES,))
    await show_result(solo)
    (result,) = await stored_results(app, 104)
    assert result.level == "none"
    assert '"below_minimum_size": true' in result.assessment_json


async def test_restart_mid_inventory_continues_at_the_same_step(
    standin: StandIn, app: RunningBot, database_url: str
) -> None:
    owner = Owner(standin, 105, "nl")
    await start_scan(owner)
    await owner.say("Garage Jansen")
    await owner.tap("Garage or car repair")
    await owner.say("Almelo")
    question = owner.t("How many people work in your organisation, including you?")
    assert question in texts(owner.last)

    await app.stop()
    async with running_bot(standin, database_url) as again:
        reply = await owner.say("/continue")
        assert question in reply
        reply = await owner.say("6")
        assert (await stored_answers(again, 105))["people_count"] == 6
        assert (await stored_answers(again, 105))["org_name"] == "Garage Jansen"
        # /start now offers to continue rather than starting afresh.
        await owner.say("/start")
        labels = [b["text"] for row in owner.last_keyboard()["inline_keyboard"] for b in row]  # type: ignore[index]
        assert owner.t("▶️ Continue") in labels


async def test_edit_from_review_returns_to_review(standin: StandIn, app: RunningBot) -> None:
    owner = Owner(standin, 106, "en")
    await start_scan(owner)
    await organisation(
        owner, name="Shop", sector="Shop or retail", people="5", size=("In FTE", "4")
    )
    await owner.tap(NO)
    await closing_questions(owner, NO, [YES, YES, YES, YES])
    await owner.tap("✏️ Change an answer")
    sector_button = next(
        label
        for row in owner.last_keyboard()["inline_keyboard"]  # type: ignore[index]
        for label in [row[0]["text"], *(b["text"] for b in row[1:])]
        if label.endswith("Sector")
    )
    await owner.tap_label(sector_button)
    review = await owner.tap("Hospitality")
    assert "Hospitality" in review and "Your answers" in review
    assert (await stored_answers(app, 106))["sector"] == "hospitality"


async def test_old_and_doubled_buttons_do_not_answer_the_wrong_question(
    standin: StandIn, app: RunningBot
) -> None:
    owner = Owner(standin, 107, "en")
    await start_scan(owner)
    await owner.say("Shop")
    sector_message = standin.last_bot_message(107)
    assert sector_message is not None
    bakery = next(
        b["callback_data"]
        for row in sector_message.reply_markup["inline_keyboard"]  # type: ignore[index]
        for b in row
        if b["text"] == "Bakery"
    )
    # A double tap: two callback queries for the same button at once.
    await asyncio.gather(
        standin.press_data(107, bakery, message_id=sector_message.message_id),
        standin.press_data(107, bakery, message_id=sector_message.message_id),
    )
    await standin.wait_reply(107)
    position, _ = await stored_position(app, 107)
    assert position == "municipality"
    await owner.say("Hengelo")
    # The old button pressed much later: a polite notice, and the answer stays where it was.
    await standin.press_data(107, bakery, message_id=sector_message.message_id)
    await standin.wait_reply(107)
    assert any("passed" in (a.get("text") or "") for a in standin.callback_answers)
    answers = await stored_answers(app, 107)
    assert answers["municipality"] == "Hengelo"
    assert (await stored_position(app, 107))[0] == "people_count"
    assert not standin.errors


@pytest.mark.parametrize("locale", ["nl", "en"])
async def test_bad_input_gets_a_friendly_re_ask_and_keeps_answers(
    standin: StandIn, app: RunningBot, locale: str
) -> None:
    owner = Owner(standin, 108 if locale == "nl" else 109, locale)
    await start_scan(owner)
    await owner.say("Bakkerij")
    # A choice step: text, sticker, photo, voice, 5000 characters all re-show the buttons.
    question = owner.t("What kind of business is it?")
    for reply in [await owner.say("iets heel anders"), await owner.say("x" * 5000)]:
        assert question in reply and "⚠️" in reply
    for send in (standin.send_sticker, standin.send_photo, standin.send_voice):
        await send(owner.user_id)
        reply = texts(await standin.wait_reply(owner.user_id))
        assert question in reply and "⚠️" in reply
    await owner.tap("Bakery")
    await owner.say("Enschede")

    people = owner.t("How many people work in your organisation, including you?")
    for bad in ["veel", "-3", "0", "10000000", "7,5", "😀", "1e9", "y" * 5000]:
        reply = await owner.say(bad)
        assert people in reply and "⚠️" in reply, bad
    await owner.say("9")
    await owner.tap("{hours} hours", hours=40)
    await owner.tap("In FTE")
    fte = owner.t("How many FTE does your organisation have in total, including you?")
    for bad in ["0", "-1", "veel"]:
        reply = await owner.say(bad)
        assert fte in reply and "⚠️" in reply, bad
    # 40 FTE for 9 people is asked back, never stored unconfirmed; typing again answers.
    doubt = await owner.say("40")
    assert (
        owner.t(
            "{fte} FTE for {people} people is more than a full-time job each. Is that right?",
            fte=40,
            people=9,
        )
        in doubt
    )
    assert "total_fte" not in await stored_answers(app, owner.user_id)
    await owner.say(" 7,5 fte " if locale == "nl" else "7.5")
    answers = await stored_answers(app, owner.user_id)
    assert answers["people_count"] == 9
    assert answers["total_fte"] == pytest.approx(7.5)
    assert answers["org_name"] == "Bakkerij"
    await owner.tap(YES)
    await owner.tap("Wajong (young disabled)")
    hours = owner.t("Person {n}: how many hours a week does this person work?", n=1)
    for bad in ["80", "0", "veel"]:
        reply = await owner.say(bad)
        assert "⚠️" in reply, bad
    await owner.say("24")
    assert (await stored_answers(app, owner.user_id))["employees"][0]["weekly_hours"] == 24
    assert hours
    assert not standin.errors
