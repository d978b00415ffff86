"""The support that may apply, as an owner meets it: one tap under the result, in the what-if
(with a comparison of two groups for the same hours) and after "I hired someone"; a campaign's
contact named first. The journeys are kept as transcripts (tests/data/journeys/)."""

from __future__ import annotations

import json

import pytest

from standin import StandIn
from tests.e2e.harness import RunningBot
from tests.e2e.owner import Owner, stored_answers, stored_results
from tests.e2e.test_journeys import Journey, bakery, plain_spaces

SUPPORT = "💶 Support for your people"
WHAT_IF = "➕ What if I hire someone?"
COMPARE = "🆚 Compare: another group instead of person {n}"
WAJONG = "Wajong (young disabled)"
WIA = "Disability benefit (WIA/WAO/WAZ)"
BIJSTAND = "Social assistance (bijstand)"
REGULAR = "Regular contract"
WAGE = (
    "Wage: about {amount} a year at the minimum wage for {hours} hours a week ({hourly} an hour, "
    "aged {age} or over; without holiday pay and employer costs)."
)
TYPED = {
    "nl": {"name": "Bakkerij Ilse", "people": "9", "fte": "7,2", "hours": "24"},
    "en": {"name": "Ilse's Bakery", "people": "9", "fte": "7.2", "hours": "24"},
}
# What the bakery's Wajong colleague (24 hours) and a 12-hour hire are worth, from the data:
# LKV banenafspraak 24 × 52 × €1.01 = €1,260.48; 12 hours: €630.24; LKV arbeidsgehandicapt
# 12 × 52 × €3.05 = €1,903.20; the wage 12 × 52 × €14.71 = €9,179.04.
EUROS = {
    "nl": {1260: "€ 1.260", 630: "€ 630", 1903: "€ 1.903", 9179: "€ 9.179"},
    "en": {1260: "€1,260", 630: "€630", 1903: "€1,903", 9179: "€9,179"},
}
PCT_70 = {"nl": "70 %", "en": "70%"}


def lines_of(text: str) -> list[str]:
    return [line.strip() for line in plain_spaces(text).splitlines() if line.strip()]


@pytest.mark.parametrize("locale", ["nl", "en"])
async def test_the_bakery_sees_the_support_for_its_wajong_colleague(
    standin: StandIn, app: RunningBot, locale: str
) -> None:
    """Behind one tap, not in the first message: per counted person, one line per scheme with
    who to ask; the LKV with its yearly amount at 24 hours; dated and indicative."""
    j = Journey(Owner(standin, 341 if locale == "nl" else 342, locale))
    _municipality, _review, result = await bakery(j, TYPED[locale])
    o = j.owner
    assert "loondispensatie" not in result and "LKV" not in result  # not in the result itself
    support = plain_spaces(await j.tap(SUPPORT))
    lines = lines_of(support)
    assert lines[0] == o.t(SUPPORT)
    assert o.t("the Werkgeversservicepunt in your region") in lines[1]
    hours = o.t("{hours} hours a week", hours=24)
    person = lines.index(f"{o.t(WAJONG)}, {hours}, {o.t('regular contract')}")
    schemes = [line for line in lines[person + 1 :] if line.startswith("•")]
    # Wajong: loondispensatie, no-risk policy, job coach, workplace adaptation, LKV banenafspraak
    # (no trial placement: the colleague already works here; no wage-cost subsidy).
    assert len(schemes) == 5, schemes
    assert "loondispensatie" in schemes[0].lower() and "no-riskpolis" in schemes[1].lower()
    assert EUROS[locale][1260] in schemes[4] and "banenafspraak" in schemes[4]
    assert "loonkostensubsidie" not in support.lower() and "proefplaatsing" not in support.lower()
    assert "UWV" in schemes[0]
    assert ("6 december 2026" if locale == "nl" else "6 December 2026") in lines[-1]
    assert ("Indicatief" if locale == "nl" else "Indicative") in lines[-1]
    assert not standin.errors
    j.save(f"bakery_support_{locale}")


@pytest.mark.parametrize("locale", ["nl", "en"])
async def test_a_what_if_with_a_wajong_and_a_wia_hire_compared(
    standin: StandIn, app: RunningBot, locale: str
) -> None:
    """The bakery imagines a Wajong colleague for 12 hours, compares someone with a WIA benefit
    and someone from the bijstand for the same hours; bad hours are re-asked in the owner's
    language; nothing stored changes."""
    user_id = 343 if locale == "nl" else 344
    j = Journey(Owner(standin, user_id, locale))
    await bakery(j, TYPED[locale])
    o = j.owner
    before_answers = await stored_answers(app, user_id)
    before_results = [(r.answers_json, r.level) for r in await stored_results(app, user_id)]

    await j.tap(WHAT_IF)
    await j.tap(WAJONG)
    for bad, says in (
        ("0", "This can't be 0. Please type a number greater than 0."),
        ("-3", "This can't be a negative number. Please type a number of 0 or more."),
        (
            "veel" if locale == "nl" else "lots",
            "That doesn't look like a number. Please type a number, for example 7.5.",
        ),
    ):
        reply = await j.say(bad)
        assert o.t(says) in reply, reply
        assert o.t("How many hours a week would this person work?") in reply
    reply = await j.say("61")
    assert "60" in reply and o.t("How many hours a week would this person work?") in reply
    await j.say("12")
    shown = plain_spaces(await j.tap(REGULAR))
    # The hire's wage at the minimum wage, and the LKV banenafspraak at 12 hours.
    assert EUROS[locale][9179] in shown
    assert o.t(WAGE).split("{")[0] in shown  # "Wage: about " / "Loon: ongeveer "
    assert ("tegen het minimumloon" if locale == "nl" else "at the minimum wage") in shown
    assert EUROS[locale][630] in shown and "proefplaatsing" in shown.lower()
    keyboard = o.last_keyboard() or {"inline_keyboard": []}
    assert o.t(COMPARE, n=1) in [b["text"] for row in keyboard["inline_keyboard"] for b in row]

    reply = await j.tap(COMPARE, n=1)
    assert o.t("How many hours a week would this person work?") not in reply  # the same hours
    compared = plain_spaces(await j.tap(WIA))
    assert o.t("Instead of person {n}").format(n=1) in compared
    assert EUROS[locale][1903] in compared  # LKV arbeidsgehandicapte werknemer at 12 hours
    assert EUROS[locale][630] in compared  # and still the Wajong colleague's

    await j.tap(COMPARE, n=1)
    compared = plain_spaces(await j.tap(BIJSTAND))
    # LKS without an amount: up to 70 % of the minimum wage after a wage-value measurement.
    assert "loonkostensubsidie" in compared.lower() and PCT_70[locale] in compared
    assert compared.count(EUROS[locale][9179]) >= 3  # the same wage for each of the three
    assert o.t("🆚 Compared") in compared
    await j.tap("✖️ Stop")

    assert await stored_answers(app, user_id) == before_answers
    after_results = [(r.answers_json, r.level) for r in await stored_results(app, user_id)]
    assert after_results == before_results
    assert not standin.errors
    j.save(f"what_if_support_{locale}")


async def test_a_recorded_wia_hire_gets_its_support(standin: StandIn, app: RunningBot) -> None:
    j = Journey(Owner(standin, 345, "en"))
    await bakery(j, TYPED["en"])
    await j.tap("👤 I hired someone: add them")
    await j.tap(WIA)
    await j.say("12")
    await j.tap(REGULAR)
    month = await j.say("3-2026")
    assert "March 2026" in month
    shown = plain_spaces(await j.tap("✅ Yes, add this person"))
    assert "€9,179" in shown and "€1,903" in shown and "doelgroepverklaring" in shown
    assert "proefplaatsing" not in shown  # they have started: a trial placement is past
    (_old, new) = await stored_results(app, 345)
    assert json.loads(new.answers_json)["employees"][-1]["target_group"] == "wao_wia_waz"
    assert not standin.errors
