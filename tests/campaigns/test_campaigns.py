"""Making a campaign (link, QR, poster) and attributing owners to it."""

from __future__ import annotations

from standin import StandIn
from tests.campaigns.support import (
    attributions,
    campaign_by_code,
    code_of,
    decode_qr,
    finish_scan,
    link_in,
    make_campaign,
    make_staff,
    walk_to_municipality,
)
from tests.e2e.harness import RunningBot, texts

STAFF = 911


async def test_campaign_kit_link_qr_and_poster(standin: StandIn, app: RunningBot) -> None:
    await make_staff(standin, STAFF)
    outgoing = await make_campaign(standin, STAFF, "Ondernemersavond Twenterand", "Twenterand")
    link = link_in(outgoing)
    code = code_of(outgoing)
    assert code.startswith("ondernemersavond-twenter-") and len(code) <= 64
    photo = next(o for o in outgoing if o.method == "sendPhoto")
    assert decode_qr(photo.file_bytes or b"") == link
    poster = next(o for o in outgoing if o.method == "sendDocument")
    assert (poster.file_bytes or b"").startswith(b"%PDF")
    assert b"/Count 1" in (poster.file_bytes or b"")  # one page
    assert not standin.errors


async def test_guided_campaign_without_name(standin: StandIn, app: RunningBot) -> None:
    await make_staff(standin, STAFF)
    assert "called" in texts(await standin.say(STAFF, "/campaign new"))
    assert "Which municipality" in texts(await standin.say(STAFF, "Flyer Almelo"))
    assert "Who can owners contact" in texts(await standin.say(STAFF, "Almelo"))
    assert "t.me/tredebot_demo_bot?start=flyer-almelo-" in texts(await standin.say(STAFF, "skip"))


async def test_attribution_first_wins_later_recorded(standin: StandIn, app: RunningBot) -> None:
    await make_staff(standin, STAFF)
    first = code_of(await make_campaign(standin, STAFF, "Avond", "Twenterand"))
    second = code_of(await make_campaign(standin, STAFF, "Flyer", "Almelo"))
    standin.add_user(1, language_code="en")
    welcome = texts(await standin.say(1, "/start " + first))
    # The owner hears who sent them, and what the organisers will see.
    assert welcome.startswith("Welcome! You came here through Avond (Twenterand).")
    assert "never your answers" in welcome and "PSO" in welcome
    await standin.say(1, "/start " + second)
    await standin.say(1, "/start " + first)
    await standin.say(1, "/start not-a-campaign")
    assert await attributions(app, 1) == [(first, True, "link"), (second, False, "link")]
    # The campaign's municipality is offered as a one-tap answer; the latest campaign counts.
    await walk_to_municipality(standin, 1)
    question = standin.last_bot_message(1)
    assert question and "In Almelo" in [label for row in question.buttons for label in row]


async def test_unknown_payload_is_no_campaign(standin: StandIn, app: RunningBot) -> None:
    standin.add_user(2, language_code="en")
    greeting = texts(await standin.say(2, "/start nope-1234"))
    assert "PSO" in greeting and "came here through" not in greeting
    assert await attributions(app, 2) == []
    reply = await walk_to_municipality(standin, 2)
    assert not any("In " in label for row in reply[-1].buttons for label in row)


async def test_a_typed_municipality_attributes_nothing(standin: StandIn, app: RunningBot) -> None:
    """Anyone can name a campaign after a place: only the link an owner opened attributes them
    (and so decides who sees their figures and whom they may consent to be contacted by)."""
    await make_staff(standin, STAFF)
    code_of(await make_campaign(standin, STAFF, "Gemeente Almelo officieel", "Almelo"))
    standin.add_user(3, language_code="en")
    await standin.say(3, "/start")
    await walk_to_municipality(standin, 3)
    await standin.say(3, " almelo ")
    assert await attributions(app, 3) == []
    result = await finish_scan(standin, 3)
    assert not any("contact me" in label for o in result for row in o.buttons for label in row)
    # An owner who came through a link keeps it, whatever municipality they type.
    other = code_of(await make_campaign(standin, STAFF, "Flyer", "Twenterand"))
    standin.add_user(4, language_code="en")
    await standin.say(4, "/start " + other)
    await walk_to_municipality(standin, 4)
    await standin.say(4, "Almelo")
    assert await attributions(app, 4) == [(other, True, "link")]
    assert not standin.errors


async def test_the_campaign_contact_greets_and_advises(standin: StandIn, app: RunningBot) -> None:
    await make_staff(standin, STAFF)
    contact = "Werkgeversservicepunt Twente, 053 123 4567, wsp@<twente>.nl"
    kit = await make_campaign(standin, STAFF, "Avond", "Twenterand", contact)
    code = code_of(kit)
    assert "Contact for owners: Werkgeversservicepunt Twente" in texts(kit)
    assert (await campaign_by_code(app, code)).contact == contact
    standin.add_user(4, language_code="en")
    welcome = await standin.say(4, "/start " + code)
    assert "For questions and support: " + contact in texts(welcome)
    assert "wsp@&lt;twente&gt;.nl" in (welcome[0].text or "")  # escaped as sent
    await walk_to_municipality(standin, 4)
    await standin.tap(4, "In Twenterand")
    steps = texts(await finish_scan(standin, 4))
    assert "Ask " + contact + " about candidates" in steps
    assert not standin.errors

    # Changed later with a command; "-" clears it; someone else's code is not found.
    long = "x" * 300
    reply = texts(await standin.say(STAFF, f"/campaign contact {code} {long}"))
    assert "is now" in reply and (await campaign_by_code(app, code)).contact == "x" * 200
    reply = texts(await standin.say(STAFF, f"/campaign contact {code} -"))
    assert "has no contact now" in reply and (await campaign_by_code(app, code)).contact == ""
    assert "I don't know a campaign" in texts(
        await standin.say(STAFF, "/campaign contact nope-1234 WSP")
    )
    standin.add_user(5, language_code="en")
    assert "For questions and support" not in texts(await standin.say(5, "/start " + code))
