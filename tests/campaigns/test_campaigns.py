"""Making a campaign (link, QR, poster) and attributing owners to it."""

from __future__ import annotations

from bot.db.codes import landing_link
from bot.db.models import WEB, User
from bot.db.repositories import campaigns
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
    pdf_text,
    until_document,
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
    # Both links: the short web address (its landing page offers Telegram or the browser) and
    # the Telegram deep link.
    web_address = landing_link(app.settings.dashboard_url, code)
    kit = texts(outgoing)
    assert f"Web address (for everyone: Telegram or the browser): {web_address}\n" in kit
    assert f"Telegram link: {link}\n" in kit
    # The QR code is the web address, so it works for owners without Telegram too.
    photo = next(o for o in outgoing if o.method == "sendPhoto")
    assert decode_qr(photo.file_bytes or b"") == web_address
    assert web_address in photo.plain
    poster = next(o for o in outgoing if o.method == "sendDocument")
    assert (poster.file_bytes or b"").startswith(b"%PDF")
    assert b"/Count 1" in (poster.file_bytes or b"")  # one page
    # The poster: the organisation, both links, and in both languages that the scan works in
    # Telegram or in the browser, without an app.
    flat = await pdf_text(poster.file_bytes or b"")
    assert "Gemeente Almelo" in flat and "Ondernemersavond Twenterand" in flat
    assert web_address in flat and f"Telegram: {link}" in flat
    assert "Doe in 10 minuten de gratis scan, in Telegram of in je browser." in flat
    assert "Take the free 10-minute scan, in Telegram or in your browser." in flat
    assert "doe hem in je browser. Een app is niet nodig." in flat
    assert "or do it in your browser. No app needed." in flat
    assert "Telegram nodig" not in flat and "Telegram needed" not in flat
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


async def test_staff_see_the_browser_apart_and_both_links_in_the_chat(
    standin: StandIn, app: RunningBot
) -> None:
    """A campaign with an owner in Telegram and one in the browser (made as the owners' web
    pages make them): the figures count both, those in the browser apart; the kit, asked for
    again, has both links."""
    await make_staff(standin, STAFF)
    outgoing = await make_campaign(standin, STAFF, "Avond", "Twenterand")
    code = code_of(outgoing)
    standin.add_user(20, language_code="en")
    await standin.say(20, "/start " + code)
    await walk_to_municipality(standin, 20)  # started, in Telegram
    async with app.storage.sessionmaker() as session, session.begin():
        web_owner = User(id=-20, channel=WEB, language="en")
        session.add(web_owner)
        await session.flush()
        await campaigns.record_arrival(
            session, user=web_owner, campaign=await campaign_by_code(app, code)
        )
    listed = texts(await standin.say(STAFF, "/campaigns"))
    assert "• Avond (Twenterand): 2 / 0" in listed
    details = texts(await standin.tap(STAFF, "Avond"))
    assert "Arrived through the link: 2\nStarted the scan: 1\n" in details
    assert (
        "Of these in the browser (not in Telegram): arrived 1 · started 0 · in progress 0 · "
        "finished 0 · abandoned 0"
    ) in details
    kit = await until_document(standin, STAFF, await standin.tap(STAFF, "🔗 Link, QR, poster"))
    web_address = landing_link(app.settings.dashboard_url, code)
    assert web_address in texts(kit) and f"?start={code}" in texts(kit)
    photo = next(o for o in kit if o.method == "sendPhoto")
    assert decode_qr(photo.file_bytes or b"") == web_address
