"""The list of 30 campaigns in a real browser, at a laptop's width and a phone's, in Dutch and
English: the form on top, totals, search, sortable headers and the pager are there, nothing
runs off the side of a phone's screen, and sorting and searching work by plain links and a
form. Screenshots go to test-artifacts/web/ (campaign-list-<language>-<width>.png)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from bot.i18n import translate
from tests.e2e.harness import texts
from tests.web.conftest import ARTIFACTS, Dashboard
from tests.web.test_campaign_list import STAFF, thirty_campaigns

pytestmark = pytest.mark.slow  # a browser

SIGN_IN = re.compile(r"http://127\.0\.0\.1:\d+/dashboard/signin/[A-Za-z0-9_-]+")


async def signed_in(dashboard: Dashboard, browser: Any, locale: str, width: int) -> Any:
    dashboard.standin.add_user(STAFF, first_name="Jeroen", language_code=locale)
    match = SIGN_IN.search(texts(await dashboard.standin.say(STAFF, "/dashboard")))
    assert match
    context = await browser.new_context(locale=locale, viewport={"width": width, "height": 900})
    page = await context.new_page()
    await page.goto(match.group(0))
    async with page.expect_navigation():
        await page.click("form[action$='/signin'] button")
    return page


async def test_the_list_at_both_sizes_in_both_languages(dashboard: Dashboard, browser: Any) -> None:
    await thirty_campaigns(dashboard)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for locale in ("nl", "en"):
        for width in (1280, 390):
            page = await signed_in(dashboard, browser, locale, width)
            assert await page.locator("h1").inner_text() == translate("Campaigns", locale)
            # The form is the first thing after the heading; the list below it.
            new = await page.locator("#new").bounding_box()
            table = await page.locator("table.campaigns").bounding_box()
            assert new and table and new["y"] < table["y"]
            assert await page.locator("table.campaigns tbody tr").count() == 25
            pager = translate("Page {page} of {pages}", locale).format(page=1, pages=2)
            assert pager in await page.locator("nav.pager").inner_text()
            # Nothing off the side of the screen.
            overflow = await page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, (locale, width, overflow)
            await page.screenshot(
                path=str(ARTIFACTS / f"campaign-list-{locale}-{width}.png"), full_page=True
            )
            await page.context.close()

    # Searching with the form and sorting with a header's link, in the browser.
    page = await signed_in(dashboard, browser, "en", 1280)
    await page.fill("input[name=q]", "sudwest")
    async with page.expect_navigation():
        await page.click("form.search button")
    assert await page.locator("table.campaigns tbody tr").count() == 10
    async with page.expect_navigation():
        await page.click("table.campaigns thead a:text-is('Campaign')")
    assert "q=sudwest" in page.url and "sort=name" in page.url
    first = await page.locator("table.campaigns tbody tr td a").first.inner_text()
    assert first == "Avond 01"  # the first Súdwest-Fryslân campaign by name
    await page.screenshot(path=str(ARTIFACTS / "campaign-list-search-en-1280.png"), full_page=True)

    # A failed submit (a name of spaces passes the browser's check, not the dashboard's): the
    # problem is where the form is, at the top of the page.
    await page.goto(dashboard.base + "/")
    await page.fill("input[name=name]", "   ")
    await page.fill("input[name=municipality]", "Almelo")
    async with page.expect_navigation():
        await page.click("form[action$='/campaigns'] button")
    problem = page.locator("#name-problem")
    assert await problem.inner_text() == "Give the campaign a name."
    box = await problem.bounding_box()
    assert box and box["y"] < 900  # on the first screen, without scrolling
    await page.screenshot(path=str(ARTIFACTS / "campaign-list-problem-en-1280.png"))
    await page.context.close()
