"""The owner who came from a campaign's QR code, as a journey with its transcript."""

from __future__ import annotations

from standin import StandIn
from tests.campaigns.support import code_of, make_campaign, make_staff
from tests.e2e.harness import RunningBot
from tests.e2e.owner import Owner, stored_answers
from tests.e2e.test_journeys import Journey

STAFF = 931


async def test_the_owner_from_a_campaign_link(standin: StandIn, app: RunningBot) -> None:
    await make_staff(standin, STAFF)
    outgoing = await make_campaign(
        standin, STAFF, "Ondernemersontbijt Almelo", "Almelo", contact="WSP Twente, 053 123 4567"
    )
    code = code_of(outgoing)
    j = Journey(Owner(standin, 305, "nl"))
    welcome = await j.say("/start " + code)
    # Greeted in context: the event, its municipality, whom to ask, and what the organisers see.
    assert "Welkom! Je komt via Ondernemersontbijt Almelo (Almelo)." in welcome
    assert "WSP Twente, 053 123 4567" in welcome
    assert "nooit je antwoorden" in welcome
    await j.tap("▶️ Start the scan")
    await j.say("Garage Kok")
    reply = await j.tap("Garage or car repair")
    # The campaign's municipality is one tap away.
    assert "Almelo" in reply
    await j.tap("In {municipality}", municipality="Almelo")
    answers = await stored_answers(app, 305)
    assert answers["municipality"] == "Almelo"
    j.assert_progress_never_decreases()
    j.save("campaign_owner_nl")
