"""Every kind of question on the web page, and every bad input the chat re-asks: the same
re-ask, in the owner's language, beside the field; nothing stored for it."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest

from pso import clock
from tests.e2e.owner import Owner, stored_answers
from tests.web_owners.conftest import Browser, WebScan
from tests.web_owners.scripts import label, on_web, say, tap

TO_PEOPLE = [say("Bakkerij Ilse"), tap("Bakery"), say("Vriezenveen")]
FIELD_PROBLEM = re.compile(r'<p id="answer-problem" class="problem" role="alert">(.*?)</p>', re.S)


async def started(web_scan: WebScan, locale: str = "nl") -> Browser:
    browser = await web_scan.browser(**{"Accept-Language": locale})
    await browser.get("/scan")
    await browser.press(label("Start the scan", locale))
    assert browser.status == 200 and browser.url.startswith("/scan")
    return browser


def heading(page: str) -> str:
    found = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
    assert found, page
    return unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip()


def field_problem(page: str) -> str:
    found = FIELD_PROBLEM.search(page)
    assert found, page
    return unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip()


async def web_owner_id(web_scan: WebScan, browser: Browser) -> int:
    from bot.services import web_owners

    async with web_scan.app.storage.sessionmaker() as db:
        user = await web_owners.by_token(db, browser.cookie, note_visit=False)
    assert user is not None
    return user.id


BAD_NUMBERS = [
    "veel",  # text where a number is asked
    "0",
    "-3",
    "99999999",
    "twee en een half",
    "x" * 5000,
    "😀👍",
    "",
]


@pytest.mark.parametrize("locale", ["nl", "en"])
async def test_each_bad_number_is_re_asked_as_in_the_chat(web_scan: WebScan, locale: str) -> None:
    """The chat's re-ask for each bad input at "how many people work here?", beside the
    field (described by it, marked invalid), the typed text kept in the field; nothing is
    stored and the question stays."""
    browser = await started(web_scan, locale)
    await on_web(browser, TO_PEOPLE, locale)
    question = heading(browser.html)
    owner = Owner(web_scan.standin, 501, locale)
    await owner.say("/start")
    await owner.tap("▶️ Start the scan")
    for step in TO_PEOPLE:
        await (owner.say(step[1]) if step[0] == "say" else owner.tap(step[1]))
    user_id = await web_owner_id(web_scan, browser)
    for bad in BAD_NUMBERS:
        page = await browser.type(bad)
        assert browser.status == 422, bad
        problem = field_problem(page)
        assert heading(page) == question
        assert 'aria-invalid="true"' in page and 'aria-describedby="answer-problem' in page
        if bad:
            chat = (await owner.say(bad)).replace("\xa0", " ")
            assert problem in unescape(chat), (bad, problem, chat)
            assert f'value="{bad[:1000]}"' in page or bad == "x" * 5000
        answers = await stored_answers(web_scan.app, user_id)
        assert "people_count" not in answers
    page = await browser.type("9")
    assert browser.status == 200 and heading(page) != question
    assert (await stored_answers(web_scan.app, user_id))["people_count"] == 9


async def test_every_kind_of_question(web_scan: WebScan) -> None:
    """Text, choice, a typed name the step knows, number, "don't know yet", skip, back, help,
    a group's overview (copy, edit, remove, done), an answer asked back (its readings as
    buttons), a month, and the review with a change link and the finish."""
    browser = await started(web_scan, "en")
    user_id = await web_owner_id(web_scan, browser)
    page = browser.html
    assert heading(page) == "What's the name of your business?"
    page = await browser.press(label("⏭ Skip", "en"))  # skip
    assert heading(page) == "What kind of business is it?"
    page = await browser.press("Bakery")  # choice
    page = await browser.type("Vriezenveen")  # a village: its municipality
    assert (await stored_answers(web_scan.app, user_id))["municipality"] == "Twenterand"
    page = await browser.press(label("⬅️ Back", "en"))  # back: the municipality again
    assert "Twenterand" in page  # "your answer so far"
    page = await browser.type("Almelo")
    page = await browser.type("12")  # number
    page = await browser.press(label("🤷 I don't know yet", "en"))  # the full-time week
    assert (await stored_answers(web_scan.app, user_id))["full_time_hours"] == "unknown"
    page = await browser.press("In FTE")
    page = await browser.type("11")
    assert "<details><summary>What does this mean?</summary>" in page  # no round trip
    page = await browser.press("Yes")  # someone from the target group
    page = await browser.type("zzzz")  # no group: re-asked, pointing to this page's help
    assert browser.status == 422
    assert "All groups and their other names are under “What does this mean?”." in page
    assert "ℹ️" not in page
    page = await browser.press("School leaver VSO/PrO")
    page = await browser.type("20")
    page = await browser.press("Internship or re-integration")
    page = await browser.press("Month and year")
    last = clock.today().replace(day=1) - dt.timedelta(days=1)  # the bot's last month
    page = await browser.type("juni 2022")  # a month
    page = await browser.press("Month and year")
    page = await browser.type(f"{last.month}-{last.year}")
    answers = await stored_answers(web_scan.app, user_id)
    assert answers["employees"][0]["started"] == "2022-06"
    # The overview: one person; copy them, then remove the copy.
    assert "1. " in page or '<ol class="items">' in page
    page = await browser.press(label("➕ One more like person {n}", "en", n=1))
    page = await browser.press(label("{count} more", "en", count=1))
    assert len((await stored_answers(web_scan.app, user_id))["employees"]) == 2
    page = await browser.press(label("Remove person {n}", "en", n=2))
    assert len((await stored_answers(web_scan.app, user_id))["employees"]) == 1
    page = await browser.press(label("That's everyone", "en"))
    page = await browser.press("No")  # social purchasing
    for answer in ("Yes", "Partly", "Yes", "Yes", "Yes", "Yes", "Yes", "No"):
        page = await browser.press(answer)
    assert heading(page) == "Your answers"
    # Change the number of people from the review: asked, then back at the review.
    page = await browser.press("Change: Staff")
    assert heading(page) == "How many people work in your organisation, including you?"
    page = await browser.type("4")  # 4 people cannot work 11 FTE: the FTE must change
    assert heading(page) == "How many FTE does your organisation have in total, including you?"
    assert field_problem(page).startswith("4 people can work at most about 6 FTE together.")
    page = await browser.type("3,5")
    assert heading(page) == "Your answers"
    answers = await stored_answers(web_scan.app, user_id)
    assert (answers["people_count"], answers["total_fte"]) == (4, 3.5)
    page = await browser.press(label("✅ Show my result", "en"))
    assert browser.url == "/scan/result" and "Your result" in page
