"""One conversation at a time, whichever flow: starting another sets the scan aside (it comes
back after), leaving a flow with answers is asked first, a tap on an ended flow's button says
so and shows where the user is, and a typed answer is echoed as what it was taken as."""

from __future__ import annotations

from standin import StandIn
from tests.e2e.harness import RunningBot, texts
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


async def finished_scan(owner: Owner) -> None:
    await start_scan(owner)
    await organisation(
        owner, name="Bakkerij Ilse", sector="Bakery", people="9", size=("In FTE", "7.2")
    )
    await owner.tap(YES)
    await add_person(owner, WAJONG, "24", REGULAR)
    await owner.tap("That's everyone")
    await closing_questions(owner, NO, [YES, PARTLY, NO, YES], (YES, YES))
    await show_result(owner)


async def test_a_what_if_sets_the_scan_aside_and_gives_it_back(
    standin: StandIn, app: RunningBot
) -> None:
    owner = Owner(standin, 501, "en")
    await finished_scan(owner)
    result_message = standin.last_bot_message(501)
    assert result_message is not None
    # A new scan, halfway...
    await owner.say("/restart")
    await owner.tap("Yes, start over")
    await owner.say("Bakkerij Zon")
    # ...then the old result's what-if: the scan waits, typed text answers the what-if.
    await standin.tap(501, "➕ What if I hire someone?", message_id=result_message.message_id)
    reply = await owner.say("bijstnad")  # a typo of bijstand, as the scan reads it
    assert "Social assistance (bijstand) (bijstnad)" in reply
    assert "How many hours a week would this person work?" in reply
    reply = await owner.say("acht uur")
    assert "8 hours a week" in reply and "What kind of contract" not in reply
    reply = await owner.say("regulier")  # the first word of the button (as typed in Dutch)
    assert "What if you hire 1 person" in reply
    # Stopped: the scan is back where it was, and typed text answers it again.
    reply = await owner.tap("✖️ Stop")
    assert "Back to your scan" in reply and "What kind of business is it?" in reply
    await owner.tap("Bakery")
    answers = await stored_answers(app, 501)
    assert answers["org_name"] == "Bakkerij Zon" and answers["sector"] == "bakery"
    assert not standin.errors


async def test_leaving_a_flow_with_answers_is_asked_first(
    standin: StandIn, app: RunningBot
) -> None:
    owner = Owner(standin, 502, "en")
    await finished_scan(owner)
    await owner.tap("➕ What if I hire someone?")
    await owner.tap(WAJONG)
    reply = await owner.tap("👤 I hired someone: add them")
    assert "You are in the middle of the what-if" in reply
    assert "adding the person you hired" in reply
    # No: the what-if goes on where it was.
    reply = await owner.tap("No, go on where I was")
    assert "How many hours a week would this person work?" in reply
    await owner.tap("👤 I hired someone: add them")
    reply = await owner.tap("Yes, stop it")
    assert "Which group does the person you hired come from?" in reply
    await owner.say("wajong")
    await owner.say("12")
    await owner.say("regular contract")
    reply = await owner.say("since March 2026")
    assert "March 2026" in reply and "The person you hired" in reply
    reply = await owner.tap("✅ Yes, add this person")
    assert "Added." in reply
    assert len(await stored_results(app, 502)) == 2
    assert not standin.errors


async def test_a_tap_on_an_ended_flow_says_so_and_shows_the_current_question(
    standin: StandIn, app: RunningBot
) -> None:
    owner = Owner(standin, 503, "en")
    await finished_scan(owner)
    await owner.tap("➕ What if I hire someone?")
    what_if = standin.last_bot_message(503)
    assert what_if is not None and what_if.reply_markup is not None
    wajong = next(
        button["callback_data"]
        for row in what_if.reply_markup["inline_keyboard"]
        for button in row
        if button["text"] == WAJONG
    )
    await owner.tap("✖️ Stop")
    await owner.say("/restart")
    await owner.tap("Yes, start over")
    # The stopped what-if's button, tapped from an old copy of its message: refused politely,
    # with the question the owner is at now.
    await standin.press_data(503, wajong, message_id=what_if.message_id)
    reply = texts(await standin.wait_reply(503))
    assert standin.callback_answers[-1]["text"] == (
        "That question has passed; here is the current one."
    )
    assert "What's the name of your business?" in reply
    assert await stored_answers(app, 503) == {} or "target_group" not in str(
        await stored_answers(app, 503)
    )
    assert not standin.errors


async def test_typed_answers_are_echoed_as_taken(standin: StandIn, app: RunningBot) -> None:
    owner = Owner(standin, 504, "nl")
    await start_scan(owner)
    await owner.say("Bakkerij Ilse")
    await owner.tap("Bakery")
    await owner.say("Vriezenveen")
    passed = standin.chat(504)[-3]  # the municipality question, as it stays in the chat
    assert "✅ Twenterand (Vriezenveen)" in passed.plain
    await owner.say("één")
    passed = standin.chat(504)[-3]
    assert "✅ 1 persoon" in passed.plain
    assert not standin.errors


async def test_typed_words_after_a_result_and_at_a_review(
    standin: StandIn, app: RunningBot
) -> None:
    """No question open: the way back to the result, not "start the scan". A review takes a
    typed "ja" as its ✅, and other words get how to confirm or change."""
    owner = Owner(standin, 505, "nl")
    await finished_scan(owner)
    reply = await owner.say("hallo")
    assert "Er staat nu geen vraag open" in reply and "/result" in reply
    assert "om de scan te beginnen" not in reply
    await owner.tap("👤 I hired someone: add them")
    await owner.say("wajong")
    await owner.say("16")
    await owner.say("regulier")
    reply = await owner.say("deze maand")
    assert "Deze persoon toevoegen aan je antwoorden?" in reply
    reply = await owner.say("misschien")
    assert "typ “ja”" in reply and len(await stored_results(app, 505)) == 1
    reply = await owner.say("ja")
    assert "Toegevoegd. Je organisatie telt nu 10 mensen" in reply
    assert len(await stored_results(app, 505)) == 2
