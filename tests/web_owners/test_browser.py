"""The owners' pages in a real browser at phone size (360 px): axe-core finds no serious or
critical violation on the landing page, a question, a re-ask beside its field, a group
overview, the review and the result, in Dutch and English; nothing lies off-screen; the
keyboard alone answers (no JavaScript on these pages). Screenshots go to test-artifacts/web/
(`owners-<page>-<language>.png`)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.db.models import Campaign, Organisation
from tests.web.conftest import ARTIFACTS, Dashboard, browser, dashboard, standin  # noqa: F401
from tests.web.test_accessibility import off_screen, severe_violations

pytestmark = pytest.mark.slow  # a browser


async def check(page: Any, name: str, locale: str) -> None:
    assert await severe_violations(page) == [], name
    assert await off_screen(page) == 0, name
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / f"owners-{name}-{locale}.png"), full_page=True)


async def press(page: Any, text: str) -> None:
    async with page.expect_navigation():
        await page.get_by_role("button", name=text, exact=True).first.click()


async def type_answer(page: Any, text: str) -> None:
    """With the keyboard only: the field, the text, Enter."""
    await page.get_by_label({"nl": "Je antwoord", "en": "Your answer"}[page.locale]).focus()
    await page.keyboard.type(text)
    async with page.expect_navigation():
        await page.keyboard.press("Enter")


@pytest.mark.parametrize("locale", ["nl", "en"])
async def test_the_scan_at_phone_size(dashboard: Dashboard, browser: Any, locale: str) -> None:  # noqa: F811
    async with dashboard.app.storage.sessionmaker() as db, db.begin():
        organisation = Organisation(name="Gemeente Almelo")
        db.add(organisation)
        await db.flush()
        db.add(
            Campaign(
                code="ontbijt-abcd",
                name="Ondernemersontbijt Almelo",
                municipality="Almelo",
                organisation_id=organisation.id,
            )
        )
    base = dashboard.base.removesuffix("/dashboard")
    context = await browser.new_context(
        viewport={"width": 360, "height": 740}, locale={"nl": "nl-NL", "en": "en-GB"}[locale]
    )
    page = await context.new_page()
    page.locale = locale
    words = {
        "nl": ("Doe de scan in je browser", "Bakkerij", "Ja", "Dat is iedereen", "Nee", "Deels"),
        "en": ("Do the scan in your browser", "Bakery", "Yes", "That's everyone", "No", "Partly"),
    }[locale]
    start, bakery, yes, everyone, no, partly = words
    try:
        await page.goto(base + "/c/ontbijt-abcd")
        assert await page.get_attribute("html", "lang") == locale
        await check(page, "landing", locale)
        await press(page, start)
        await check(page, "question-text", locale)
        await type_answer(page, "Bakkerij Ilse")
        await check(page, "question-choice", locale)
        await press(page, bakery)
        await type_answer(page, "Vriezenveen")
        await type_answer(page, "twee miljoen")  # re-asked beside the field
        field = page.locator("#answer")
        assert await field.get_attribute("aria-invalid") == "true"
        assert "answer-problem" in (await field.get_attribute("aria-describedby") or "")
        await check(page, "question-problem", locale)
        await page.locator("#answer").fill("")
        await type_answer(page, "9")
        await press(page, {"nl": "40 uur", "en": "40 hours"}[locale])
        await press(page, {"nl": "In fte", "en": "In FTE"}[locale])
        await type_answer(page, "7,2" if locale == "nl" else "7.2")
        await press(page, yes)
        wajong = {"nl": "Wajong (jonggehandicapt)", "en": "Wajong (young disabled)"}[locale]
        await press(page, wajong)
        await type_answer(page, "24")
        await press(page, {"nl": "Regulier contract", "en": "Regular contract"}[locale])
        await check(page, "group-overview", locale)
        await press(page, everyone)
        for answer in (no, yes, partly, no, yes, yes, yes, yes, no):
            await press(page, answer)
        await check(page, "review", locale)
        await press(page, {"nl": "✅ Toon mijn uitslag", "en": "✅ Show my result"}[locale])
        assert page.url.endswith("/scan/result")
        await check(page, "result", locale)
        # The skip link is the first stop of the keyboard.
        await page.keyboard.press("Tab")
        assert await page.evaluate("document.activeElement.className") == "skip"
    finally:
        await context.close()
