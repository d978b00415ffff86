"""Owners' answers as scripts that run the same in the chat (the stand-in, the dispatcher in
process) and on the web pages: ("say", text) types, ("tap", msgid, params) presses the button
whose English source text is msgid, shown in the owner's language."""

from __future__ import annotations

from typing import Any

from bot.i18n import translate
from bot.ui.prompt import fmt_number
from tests.e2e.owner import Owner
from tests.web_owners.conftest import Browser

Step = tuple[Any, ...]


def label(msgid: str, locale: str, **params: Any) -> str:
    text = translate(msgid, locale)
    formatted = {
        k: fmt_number(v, locale, decimals=2) if isinstance(v, int | float) else v
        for k, v in params.items()
    }
    return text.format(**formatted) if formatted else text


def say(text: str) -> Step:
    return ("say", text)


def tap(msgid: str, **params: Any) -> Step:
    return ("tap", msgid, params)


# Ilse's bakery (tests/e2e/test_journeys.py), typed in Dutch, to the review.
BAKERY: list[Step] = [
    say("Bakkerij Ilse"),
    tap("Bakery"),
    say("Vriezenveen"),
    say("9"),
    tap("{hours} hours", hours=40),
    tap("In FTE"),
    say("7,2"),
    tap("Yes"),
    tap("Wajong (young disabled)"),
    say("24"),
    tap("Regular contract"),
    tap("That's everyone"),
    tap("No"),
    tap("Yes"),
    tap("Partly"),
    tap("No"),
    tap("Yes"),
    tap("Yes"),
    tap("Yes"),
    tap("Yes"),
    tap("No"),
]

# The cleaning firm: three target-group people, two alike (a copy), a sense check asked back.
CLEANING: list[Step] = [
    say("Schoonmaakbedrijf Yilmaz"),
    tap("Cleaning"),
    say("Den Bosch"),
    say("34"),
    tap("{hours} hours", hours=38),
    tap("In FTE"),
    say("26"),
    tap("Yes"),
    tap("Bijstand with wage subsidy"),
    say("20"),
    tap("Regular contract"),
    tap("Yes, still paid"),
    tap("➕ One more like person {n}", n=1),
    tap("{count} more", count=1),
    tap("Add another person"),
    tap("Social assistance (bijstand)"),
    say("40"),
    tap("Yes, {hours} hours a week", hours=40),
    tap("Trial placement"),
]


async def in_chat(owner: Owner, steps: list[Step]) -> str:
    reply = ""
    for step in steps:
        reply = (
            await owner.say(step[1]) if step[0] == "say" else await owner.tap(step[1], **step[2])
        )
    return reply


async def on_web(browser: Browser, steps: list[Step], locale: str) -> str:
    page = browser.html
    for step in steps:
        if step[0] == "say":
            page = await browser.type(step[1])
        else:
            page = await browser.press(label(step[1], locale, **step[2]))
        assert browser.status == 200, (step, page)
    return page
