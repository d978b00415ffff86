"""An owner from a campaign is told to ask the campaign's contact first, before the generic
Werkgeversservicepunt: under the result's support and beside a hire in the what-if."""

from __future__ import annotations

from standin import StandIn
from tests.campaigns.support import code_of, make_campaign, make_staff
from tests.e2e.harness import RunningBot
from tests.e2e.owner import Owner
from tests.e2e.test_journeys import Journey, plain_spaces
from tests.e2e.test_support import BIJSTAND, REGULAR, SUPPORT, WAJONG, WHAT_IF, lines_of


async def test_the_campaign_contact_comes_first(standin: StandIn, app: RunningBot) -> None:
    await make_staff(standin, 946)
    outgoing = await make_campaign(
        standin, 946, "Ondernemersavond Twenterand", "Twenterand", contact="WSP Twente, Anna"
    )
    j = Journey(Owner(standin, 346, "nl"))
    await j.say("/start " + code_of(outgoing))
    await j.tap("▶️ Start the scan")
    await j.say("Bakkerij Ilse")
    await j.tap("Bakery")
    await j.tap("In {municipality}", municipality="Twenterand")
    await j.say("9")
    await j.tap("{hours} hours", hours=40)
    await j.tap("In FTE")
    await j.say("7,2")
    await j.tap("Yes")
    await j.tap(WAJONG)
    await j.say("24")
    await j.tap(REGULAR)
    await j.tap("That's everyone")
    await j.tap("No")
    for answer in ("Yes", "Partly", "No", "Yes", "Yes", "Yes", "Yes"):
        await j.tap(answer)
    await j.tap("No")
    await j.tap("✅ Show my result")
    support = plain_spaces(await j.tap(SUPPORT))
    first = lines_of(support)[1]
    assert first.index("WSP Twente, Anna") < first.index("het Werkgeversservicepunt in je regio")
    assert "de gemeente Twenterand" not in support or "UWV" in support
    await j.tap(WHAT_IF)
    await j.tap(BIJSTAND)
    await j.say("20")
    shown = plain_spaces(await j.tap(REGULAR))
    assert shown.index("WSP Twente, Anna") < shown.index("het Werkgeversservicepunt in je regio")
    assert "de gemeente Twenterand" in shown  # the municipality's schemes, by its name
    assert not standin.errors
