"""Consent to be contacted and its withdrawal, end to end through the stand-in."""

from __future__ import annotations

import csv
import io

from standin import Outgoing, StandIn
from tests.campaigns.support import (
    code_of,
    consents_of,
    finish_scan,
    make_campaign,
    make_staff,
    walk_to_municipality,
)
from tests.e2e.harness import RunningBot, texts
from tests.waiting import eventually

STAFF, OWNER, PLAIN, ELSEWHERE = 921, 922, 923, 924
CONSENT = "📞 Let Gemeente Almelo contact me"
AGREED = (
    "I agree that Gemeente Almelo may contact me through an employer account manager about "
    "the next steps towards the PSO ladder (campaign “Avond Twenterand”)"
)


def labels(outgoing: list[Outgoing]) -> list[str]:
    return [label for o in outgoing for row in o.buttons for label in row]


async def export_contacts(standin: StandIn) -> list[dict[str, str]]:
    before = len(standin.outgoing(STAFF))
    await standin.say(STAFF, "/campaignexport")
    docs = await eventually(
        lambda: [
            o for o in standin.outgoing(STAFF)[before:] if o.file_name and "contacts" in o.file_name
        ],
        what="the contacts export",
    )
    data = docs[-1].file_bytes or b""
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


async def test_consent_and_withdrawal(standin: StandIn, app: RunningBot) -> None:
    await make_staff(standin, STAFF)
    # Staff of another organisation, with a campaign named after the same place.
    await make_staff(standin, ELSEWHERE, "Eve", organisation="Gemeente Almelo officieel")
    await make_campaign(standin, ELSEWHERE, "Almelo officieel", "Twenterand")
    code = code_of(await make_campaign(standin, STAFF, "Avond Twenterand", "Twenterand"))
    standin.add_user(OWNER, first_name="Ilse", language_code="en")
    await standin.say(OWNER, "/start " + code)
    await walk_to_municipality(standin, OWNER)
    await standin.tap(OWNER, "In Twenterand")
    result = await finish_scan(standin, OWNER)
    assert CONSENT in labels(result)

    offer = texts(await standin.tap(OWNER, CONSENT))
    assert "May Gemeente Almelo contact you?" in offer
    assert "separate choice" in offer and AGREED in offer
    assert "Use “Bakkerij Ilse”" in labels(await standin.tap(OWNER, "Yes, choose what to share"))
    await standin.say(OWNER, '=Bakker, "De Korst"')
    await standin.tap(OWNER, "Use my Telegram name (Ilse)")
    asked = standin.last_bot_message(OWNER)
    assert asked and asked.reply_markup and asked.reply_markup["keyboard"][0][0]["request_contact"]
    # Someone else's contact is refused; a typed number that is no number is re-asked.
    await standin.send_contact(OWNER, "31611111111", own=False)
    assert "your own number" in texts(await standin.wait_reply(OWNER))
    assert "doesn't look like a phone number" in texts(await standin.say(OWNER, "call me"))
    await standin.send_contact(OWNER, "31612345678")
    level = await standin.wait_reply(OWNER)
    assert "indicative level" in texts(level)
    # The answer is said in a message that takes the phone keyboard away.
    assert level[0].text and "+31612345678" in level[0].text
    assert level[0].reply_markup == {"remove_keyboard": True}
    summary = texts(await standin.tap(OWNER, "Yes, share it"))
    assert "+31612345678" in summary and '=Bakker, "De Korst"' in summary
    assert await consents_of(app, OWNER) == []  # nothing stored before "share this"
    staff_before = len(standin.outgoing(STAFF))
    elsewhere_before = len(standin.outgoing(ELSEWHERE))
    done = texts(await standin.tap(OWNER, "✅ Yes, share this"))
    assert "Gemeente Almelo may now contact you" in done and "withdraw" in done

    [consent] = await consents_of(app, OWNER)
    assert consent.status == "given" and consent.given_at is not None
    assert consent.consent_text.startswith(AGREED)
    assert consent.contact_name == "Ilse" and consent.level is not None
    # Staff hear which campaign it came through, in their own language, and no details.
    notices = await eventually(
        lambda: (
            sent
            if "Avond Twenterand" in (sent := texts(standin.outgoing(STAFF)[staff_before:]))
            else ""
        ),
        what="the notice to staff",
    )
    assert "/campaigns" in notices and "Korst" not in notices
    # The consent is Gemeente Almelo's: the other organisation hears and sees nothing of it.
    assert standin.outgoing(ELSEWHERE)[elsewhere_before:] == []
    await standin.say(ELSEWHERE, "/campaigns")
    await standin.tap(ELSEWHERE, "Almelo officieel")
    assert "No consented contacts yet" in texts(await standin.tap(ELSEWHERE, "👥 Contacts"))
    # No second offer on the result screen once consented.
    assert CONSENT not in labels(await standin.say(OWNER, "/result"))

    rows = await export_contacts(standin)
    assert [(r["organisation"], r["phone"], r["contact_name"]) for r in rows] == [
        ('\'=Bakker, "De Korst"', "'+31612345678", "Ilse")
    ]

    # Withdrawal from /privacy, where the button appears once consent was given.
    assert "Withdraw consent to be contacted" in labels(await standin.say(OWNER, "/privacy"))
    assert "withdrawn" in texts(await standin.tap(OWNER, "Withdraw consent to be contacted"))
    assert "Withdraw consent to be contacted" not in labels(await standin.say(OWNER, "/privacy"))
    assert await consents_of(app, OWNER) == []
    assert await export_contacts(standin) == []
    assert not standin.errors


async def test_no_consent_button_without_campaign(standin: StandIn, app: RunningBot) -> None:
    standin.add_user(PLAIN, language_code="en")
    await standin.say(PLAIN, "/start")
    await walk_to_municipality(standin, PLAIN)
    await standin.say(PLAIN, "Utrecht")
    result = await finish_scan(standin, PLAIN)
    assert not any("contact me" in label for label in labels(result))
    # A forged offer for someone else's campaign asks nothing: the button "no longer works".
    anchor = result[-1].message_id or 0
    await standin.press_data(PLAIN, "ct:o:1", message_id=anchor)
    reply = texts(await standin.wait_reply(PLAIN))
    assert reply == "This button no longer works. Type /start to go on."
    assert not standin.errors


async def test_may_they_contact_you_is_a_question_like_any_other(
    standin: StandIn, app: RunningBot
) -> None:
    """Typed "nee hoor" says no (nothing stored, the offer stays on the result); "ja" goes on
    (Dutch words read in English too, as everywhere)."""
    await make_staff(standin, STAFF)
    code = code_of(await make_campaign(standin, STAFF, "Avond Twenterand", "Twenterand"))
    standin.add_user(OWNER, first_name="Ilse", language_code="en")
    await standin.say(OWNER, "/start " + code)
    await walk_to_municipality(standin, OWNER)
    await standin.tap(OWNER, "In Twenterand")
    await finish_scan(standin, OWNER)
    offer = texts(await standin.tap(OWNER, CONSENT))
    assert "May Gemeente Almelo contact you?" in offer
    question = standin.last_bot_message(OWNER)
    assert question is not None and "✖️" not in str(question.reply_markup)  # "No" is the way out
    reply = texts(await standin.say(OWNER, "nee hoor"))
    assert "No, thank you" in reply and "nothing is shared" in reply
    assert await consents_of(app, OWNER) == []
    await standin.tap(OWNER, CONSENT)
    asked = texts(await standin.say(OWNER, "ja"))
    assert "Which organisation name may I share?" in asked
    assert not standin.errors
