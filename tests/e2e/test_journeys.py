"""Owners' journeys replayed through the real bot on the stand-in, kept as transcripts.

Each journey is a script of what the owner types or taps; the test asserts on what the owner
sees: an unknown is never shown as a fact, "weet ik niet" is never stored as a name or a place,
the sense checks are asked, and the progress line never goes backwards. The transcripts in
`tests/data/journeys/` are what the owner saw; `JOURNEYS_WRITE=1 pytest tests/e2e/test_journeys.py`
writes them again (read them in review: they are the conversation as a person meets it).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest

from pso import clock
from standin import StandIn
from tests.e2e.harness import RunningBot
from tests.e2e.owner import Owner, stored_answers

DATA = Path(__file__).parent.parent / "data" / "journeys"
PROGRESS = re.compile(r"(?:Part|Deel) (\d+) (?:of|van) \d+[^\n]*?(?:(?:person|persoon) (\d+))?  ")


class Journey:
    """An owner and the transcript of everything they saw."""

    def __init__(self, owner: Owner) -> None:
        self.owner = owner
        self.lines: list[str] = []
        self.progress: list[tuple[int, int]] = []

    def _record(self, said: str, reply: str) -> str:
        self.lines.append(f"> {said}")
        self.lines.extend("  " + line for line in reply.splitlines() if line.strip())
        for match in PROGRESS.finditer(reply):
            self.progress.append((int(match.group(1)), int(match.group(2) or 0)))
        return reply

    async def say(self, text: str) -> str:
        return self._record(text, await self.owner.say(text))

    async def tap(self, msgid: str, **params: object) -> str:
        label = self.owner.t(msgid, **params)
        return self._record(f"[{label}]", await self.owner.tap(msgid, **params))

    def save(self, name: str) -> None:
        text = "\n".join(self.lines) + "\n"
        path = DATA / f"{name}.txt"
        if os.environ.get("JOURNEYS_WRITE"):
            DATA.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")

    def assert_progress_never_decreases(self) -> None:
        parts = [p for p, _ in self.progress]
        assert parts == sorted(parts), self.progress


async def test_the_confused_owner(standin: StandIn, app: RunningBot) -> None:
    """Types "weet ik niet" everywhere, "acht", "ongeveer 9", "8.5" where hours are expected."""
    j = Journey(Owner(standin, 301, "nl"))
    await j.say("/start")
    await j.tap("▶️ Start the scan")
    await j.say("weet ik niet")  # the business name: skipped, never the name
    await j.tap("Bakery")
    reply = await j.say("weet ik niet")  # the municipality: not known yet, never a place
    assert "Hoeveel mensen" in reply
    reply = await j.say("acht")
    assert "Typ een getal, bijvoorbeeld 7,5" not in reply
    await j.tap("✏️ Let me type it again") if "Klopt dat" in reply else None
    answers = await stored_answers(app, 301)
    assert answers["people_count"] == 8
    await j.tap("⬅️ Back")
    await j.say("ongeveer 9")
    answers = await stored_answers(app, 301)
    assert answers["people_count"] == 9
    reply = await j.say("Weet ik nog niet")  # the full-time week
    assert "Weet je de omvang van je personeel" in reply
    await j.tap("In hours per week")
    reply = await j.say("8.5")  # hours for nine people that look like FTE: asked back
    assert "Klopt dat, of bedoelde je fte?" in reply
    answers = await stored_answers(app, 301)
    assert "total_hours" not in answers
    await j.tap("No, I meant {fte} FTE", fte=8.5)
    answers = await stored_answers(app, 301)
    assert answers["size_unit"] == "fte" and answers["total_fte"] == 8.5
    assert answers["org_name"] is None
    assert answers["municipality"] == "unknown"
    assert answers["full_time_hours"] == "unknown"
    await j.say("weet ik niet")  # anyone from the target group?
    await j.say("weet ik niet")  # social purchasing
    for _ in range(4):
        await j.say("weet ik niet")  # the four requirements
    await j.say("weet ik niet")  # two FTE for a year
    await j.say("weet ik niet")  # own KvK number
    await j.tap("Maybe")
    review = await j.tap("No")
    assert "Volle werkweek: nog niet bekend" in review
    assert "Gemeente: nog niet bekend" in review
    assert "40 uur" not in review
    assert "weet ik niet" not in review.lower()
    j.assert_progress_never_decreases()
    j.save("confused_owner_nl")


async def test_the_cleaning_firm_with_two_identical_employees(
    standin: StandIn, app: RunningBot
) -> None:
    """Three target-group employees, two of them identical: entered once, copied once."""
    j = Journey(Owner(standin, 302, "nl"))
    await j.say("/start")
    await j.tap("▶️ Start the scan")
    await j.say("Schoonmaakbedrijf Yilmaz")
    await j.tap("Cleaning")
    await j.say("Den Bosch")
    await j.say("34")
    await j.tap("{hours} hours", hours=38)
    await j.tap("In FTE")
    await j.say("26")
    await j.tap("Yes")
    await j.tap("Bijstand with wage subsidy")
    await j.say("20")
    await j.tap("Regular contract")
    await j.tap("Yes, still paid")
    reply = await j.tap("➕ One more like person {n}", n=1)
    assert "Hoeveel mensen hebben nog meer dezelfde antwoorden als persoon 1?" in reply
    reply = await j.tap("{count} more", count=1)
    assert "2. " in reply
    await j.tap("Add another person")
    await j.tap("Social assistance (bijstand)")
    reply = await j.say("40")  # above the 38-hour week: asked back
    assert "meer dan de volle werkweek van 38 uur" in reply
    await j.tap("Yes, {hours} hours a week", hours=40)
    await j.tap("Trial placement")
    answers = await stored_answers(app, 302)
    people = answers["employees"]
    assert len(people) == 3 and people[0] == people[1]
    assert answers["municipality"] == "'s-Hertogenbosch"
    j.assert_progress_never_decreases()
    assert {n for _, n in j.progress} >= {1, 3}  # "persoon 3" shown
    j.save("cleaning_firm_nl")


@pytest.mark.parametrize("locale", ["en"])
async def test_the_it_firm_in_english(standin: StandIn, app: RunningBot, locale: str) -> None:
    j = Journey(Owner(standin, 303, locale))
    await j.say("/start")
    await j.tap("▶️ Start the scan")
    await j.say("Sarah's IT")
    await j.tap("IT")
    await j.say("Utrecht")
    await j.say("twelve people")
    reply = await j.say("I don't know")
    assert "Do you know your staff size in FTE or in hours per week?" in reply
    await j.tap("In FTE")
    await j.say("about 12")
    reply = await j.tap("No")
    assert "Part 2 of 5" in reply or "Part 3 of 5" in reply
    answers = await stored_answers(app, 303)
    assert answers["people_count"] == 12 and answers["total_fte"] == 12.0
    assert answers["full_time_hours"] == "unknown"
    j.assert_progress_never_decreases()
    j.save("it_firm_en")


async def bakery(j: Journey, typed: dict[str, str]) -> tuple[str, str, str]:
    """Ilse's bakery (product.md): 9 people, 7,2 fte, one Wajong colleague 24 h a week, guidance
    partly, no integration yet, no plan. `typed`: what the owner types, in their language.
    Returns what the municipality answer, the review and the result showed."""
    await j.say("/start")
    await j.tap("▶️ Start the scan")
    await j.say(typed["name"])
    await j.tap("Bakery")
    municipality = await j.say("Vriezenveen")  # a village: the municipality is Twenterand
    await j.say(typed["people"])
    await j.tap("{hours} hours", hours=40)
    await j.tap("In FTE")
    await j.say(typed["fte"])
    await j.tap("Yes")
    await j.tap("Wajong (young disabled)")
    await j.say(typed["hours"])
    await j.tap("Regular contract")
    await j.tap("That's everyone")
    await j.tap("No")  # social purchasing
    for answer in ("Yes", "Partly", "No", "Yes"):  # the four requirements
        await j.tap(answer)
    await j.tap("Yes")  # two FTE for a year
    await j.tap("Yes")  # own KvK number
    await j.tap("Yes")  # a Trede within two years
    review = await j.tap("No")  # a plan of action
    result = (await j.tap("✅ Show my result")).replace("\xa0", " ").replace("\u202f", " ")
    return municipality, review, result


def next_steps(result: str, heading: str) -> list[str]:
    return [
        title for _, title in re.findall(r"^(\d+)\. (.+)$", result[result.index(heading) :], re.M)
    ]


@pytest.mark.http  # one whole journey over HTTP: aiogram's own session, polling the stand-in
async def test_the_bakery_in_dutch(standin: StandIn, app: RunningBot) -> None:
    j = Journey(Owner(standin, 304, "nl"))
    typed = {"name": "Bakkerij Ilse", "people": "9", "fte": "7,2", "hours": "24"}
    municipality, review, result = await bakery(j, typed)
    assert "✅ Twenterand" in municipality  # the question says what was taken
    assert "Gemeente: Twenterand" in review and "7,2 fte" in review
    # Top-down: one plain sentence first, then the details; at most five next steps, no repeats.
    assert "Je zit op 8,3 %; voor Trede 1 is ongeveer 7 uur per week extra nodig." in result
    assert result.index("Je zit op 8,3 %") < result.index("Wat de audit ook controleert")
    titles = next_steps(result, "Volgende stappen")
    assert 1 <= len(titles) <= 5 and len(set(titles)) == len(titles), titles
    # "partly" as given, never "not known"
    assert "Deels: begeleiding (de audit wil het helemaal geregeld zien)" in result
    answers = await stored_answers(app, 304)
    assert answers["municipality"] == "Twenterand" and answers["total_fte"] == 7.2
    j.assert_progress_never_decreases()
    j.save("bakery_nl")


async def test_the_bakery_in_english(standin: StandIn, app: RunningBot) -> None:
    """The same bakery for an owner who reads English and types words and units."""
    j = Journey(Owner(standin, 305, "en"))
    typed = {"name": "Ilse's Bakery", "people": "nine", "fte": "7.2", "hours": "24 hours"}
    municipality, review, result = await bakery(j, typed)
    assert "✅ Twenterand" in municipality
    assert "  ✅ 9 people" in j.lines  # "nine", taken as 9
    assert "Municipality: Twenterand" in review and "7.2 FTE" in review
    assert "You're at 8.3%; Trede 1 needs about 7 more hours a week." in result
    assert result.index("You're at 8.3%") < result.index("What the audit also checks")
    titles = next_steps(result, "Next steps")
    assert 1 <= len(titles) <= 5 and len(set(titles)) == len(titles), titles
    assert "Partly: guidance (the audit wants it fully arranged)" in result  # "partly" as given
    answers = await stored_answers(app, 305)
    assert answers["municipality"] == "Twenterand" and answers["people_count"] == 9
    j.assert_progress_never_decreases()
    j.save("bakery_en")


def plain_spaces(text: str) -> str:
    return text.replace("\xa0", " ").replace("\u202f", " ")


async def organisation(
    j: Journey, name: str, sector: str, place: str, people: str, fte: str
) -> None:
    await j.say("/start")
    await j.tap("▶️ Start the scan")
    await j.say(name)
    await j.tap(sector)
    await j.say(place)
    await j.say(people)
    await j.tap("{hours} hours", hours=40)
    await j.tap("In FTE")
    await j.say(fte)


async def closing(j: Journey, *, two_fte_asked: bool = True) -> str:
    """Social purchasing no, the four requirements yes, partly, yes, yes; 2 FTE for a year (where
    asked) and an own KvK number yes; a Trede within two years yes; no plan yet. The result."""
    await j.tap("No")
    for answer in ("Yes", "Partly", "Yes", "Yes"):
        await j.tap(answer)
    if two_fte_asked:
        await j.tap("Yes")
    await j.tap("Yes")
    await j.tap("Yes")
    await j.tap("No")
    return plain_spaces(await j.tap("✅ Show my result"))


async def test_the_garage_with_a_ww_colleague_whose_six_months_are_not_known(
    standin: StandIn, app: RunningBot
) -> None:
    """10 FTE; a WW colleague full-time whose six months out of work are not known, a Wajong
    colleague 12 hours. Counted: 10,5 % (Trede 2); without the WW colleague: 3,0 % (no Trede).
    The result gives the range and the answer that decides it, and ticks no Trede."""
    j = Journey(Owner(standin, 306, "nl"))
    await organisation(j, "Garage Kok", "Garage or car repair", "Almelo", "11", "10")
    await j.tap("Yes")
    await j.tap("Unemployment benefit (WW)")
    await j.say("40")
    reply = await j.tap("Regular contract")
    # The question asks what counts (WW benefit, not time without work), as the result does.
    assert "had deze persoon vóór de start bij jou 6 maanden of langer WW?" in reply
    reply = await j.tap("I don't know yet")
    # The answer confirmed once, under its label: not "Werkloos vóór de start: 6 maanden
    # werkloos vooraf: nog niet bekend".
    assert "✅ WW vóór de start: nog niet bekend" in reply, reply
    summary = (
        "WW-uitkering, 40 uur per week, regulier contract,"
        " WW vóór de start (6 maanden of langer): nog niet bekend"
    )
    assert summary in reply.replace("\n", " ")
    await j.tap("Add another person")
    await j.tap("Wajong (young disabled)")
    await j.say("12")
    await j.tap("Regular contract")
    await j.tap("That's everyone")
    result = await closing(j)
    first = result.split("\n")[1]  # after the business name
    assert "tussen 3,0 % en 10,5 %" in first, first
    assert "WW" in result[: result.index("Normen")]  # the deciding answer named before the norms
    assert "✅ Trede" not in result  # no Trede ticked that the known answers don't carry
    assert "Je cijfers halen Trede" not in result
    # The gap from what the known answers carry (without the WW colleague), after the sentence
    # saying what they would add.
    assert "Anders is voor Trede 1 ongeveer 16 uur per week extra" in result
    assert "Volgende stappen naar Trede 1" in result
    j.save("garage_unknown_ww_nl")


async def test_a_firm_of_1_2_fte_hears_about_its_size_first(
    standin: StandIn, app: RunningBot
) -> None:
    """1,2 FTE with a Wajong colleague 8 hours: below the 2 FTE every Trede asks, so the size
    comes first, never "Trede 1 needs about 1 more hour"."""
    j = Journey(Owner(standin, 307, "en"))
    await organisation(j, "Corner Shop", "Shop or retail", "Hengelo", "2", "1.2")
    await j.tap("Yes")
    await j.tap("Wajong (young disabled)")
    await j.say("8")
    await j.tap("Regular contract")
    await j.tap("That's everyone")
    result = await closing(j, two_fte_asked=False)
    assert "First you need at least 2 FTE for a year; you have 1.2 FTE." in result
    assert "more hour a week" not in result.split("\n")[1]
    j.save("small_firm_en")


async def test_a_school_leaver_on_an_internship_is_asked_both_dates(
    standin: StandIn, app: RunningBot
) -> None:
    """Left VSO/PrO in June 2022, internship started last month: the 5 years run from leaving
    school, the internship's 3 years from its own start, so the person counts."""
    this_month = clock.today().replace(day=1)  # the bot's month, not the machine's
    last_month = this_month - dt.timedelta(days=1)
    j = Journey(Owner(standin, 308, "nl"))
    await organisation(j, "Drukkerij Jansen", "Manufacturing", "Enschede", "10", "9")
    await j.tap("Yes")
    await j.tap("School leaver VSO/PrO")
    await j.say("20")
    await j.tap("Internship or re-integration")
    reply = await j.tap("Month and year")
    assert "school" in reply
    reply = await j.say("juni 2022")
    assert "stage" in reply.lower()
    await j.tap("Month and year")
    await j.say(f"{last_month.month}-{last_month.year}")
    await j.tap("That's everyone")
    result = await closing(j)
    answers = await stored_answers(app, 308)
    person = answers["employees"][0]
    assert person["started"] == "2022-06"
    assert person["internship_started"] == f"{last_month.year}-{last_month.month:02d}"
    assert "zijn voorbij" not in result  # nobody's period has passed
    assert "4,2 %" in result.split("\n")[1]  # 0,5 × 0,75 / 9 fte
    j.save("school_leaver_intern_nl")
