"""Owners without Telegram, in a real browser at phone size: the bakery in Dutch and the IT firm
in English, from a campaign's landing page (/c/<code>) through every question to the result,
its picture and its PDF (downloaded and read), then their data page. The first steps are done
with the keyboard only. Every page on the way passes axe-core (no serious or critical violation)
at phone (390 px) and desktop (1280 px) width, and nothing lies off-screen on the phone.
Screenshots go to test-artifacts/web/ (`owners-<page>-<language>-<width>.png`).

The answers are the chat's journeys (tests/data/journeys, tests/web/owner_walks.py)."""

from __future__ import annotations

import asyncio
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from bot.db.models import Campaign, Organisation
from bot.i18n import translate
from bot.runtime.rate_limits import Limit
from bot.web.app import setup_dashboard
from bot.web.owners.pages import LIMITS
from standin import StandIn
from tests.e2e.harness import migrated_sqlite, running_bot
from tests.web.conftest import ARTIFACTS, free_port
from tests.web.owner_walks import Step, bakery_nl, it_firm_en
from tests.web.test_accessibility import off_screen, severe_violations

pytestmark = pytest.mark.slow  # a browser

PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}
CODE = "ontbijt-almelo"


class Site:
    def __init__(self, base: str, app: Any) -> None:
        self.base = base
        self.app = app


@pytest.fixture
async def site(standin: StandIn, tmp_path: Path) -> AsyncIterator[Site]:
    """The bot and its web server (the dashboard's, with the owners' pages) on a free port, a
    campaign of Gemeente Almelo."""
    port = free_port()
    url = await migrated_sqlite(tmp_path)
    async with running_bot(
        standin,
        url,
        WEB_BASE_URL=f"http://127.0.0.1:{port}",
        WEB_COOKIE_SECURE="false",  # plain http on loopback
    ) as running:
        application = web.Application()
        setup_dashboard(application, running.settings, running.storage.sessionmaker, running.bot)
        # A browser driven by a test answers far faster than a person: the per-link limit would
        # stop it half-way (it is tested on its own).
        buckets = application[LIMITS]
        buckets.limits = {**buckets.limits, "web_link": Limit(burst=10_000, refill_seconds=0.001)}
        runner = web.AppRunner(application, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        async with running.storage.sessionmaker() as db, db.begin():
            organisation = Organisation(name="Gemeente Almelo")
            db.add(organisation)
            await db.flush()
            db.add(
                Campaign(
                    code=CODE,
                    name="Ondernemersontbijt Almelo",
                    municipality="Almelo",
                    organisation_id=organisation.id,
                )
            )
        try:
            yield Site(f"http://127.0.0.1:{port}", running)
        finally:
            await runner.cleanup()


class Walk:
    """One owner's browser at phone size: every page visited is checked at both sizes."""

    def __init__(self, page: Any, language: str) -> None:
        self.page = page
        self.language = language
        self.checked = 0

    def t(self, message: str) -> str:
        return translate(message, self.language)

    async def check(self, name: str | None = None) -> None:
        """axe at phone and desktop width, nothing off-screen on the phone; a screenshot of
        each size when the page is `name`d."""
        page = self.page
        for size in (PHONE, DESKTOP):
            await page.set_viewport_size(size)
            violations = await severe_violations(page)
            assert not violations, (page.url, size["width"], violations)
            if size is PHONE:
                assert await off_screen(page) == 0, page.url
            if name:
                ARTIFACTS.mkdir(parents=True, exist_ok=True)
                path = ARTIFACTS / f"owners-{name}-{self.language}-{size['width']}.png"
                await page.screenshot(path=str(path), full_page=True)
        await page.set_viewport_size(PHONE)
        self.checked += 1

    async def click(self, label: str) -> None:
        async with self.page.expect_navigation():
            await self.page.get_by_role("button", name=label, exact=True).click()

    async def type(self, text: str) -> None:
        await self.page.fill("#answer", text)
        async with self.page.expect_navigation():
            await self.page.press("#answer", "Enter")

    async def steps(self, steps: list[Step], *, shots: dict[int, str]) -> None:
        for n, (kind, said) in enumerate(steps):
            await (self.click(said) if kind == "tap" else self.type(said))
            await self.check(shots.get(n + 1))

    async def tab_to(self, name: str, limit: int = 40) -> None:
        """Press Tab until the focus is on the control whose text or label is `name`."""
        for _ in range(limit):
            await self.page.keyboard.press("Tab")
            focused = await self.page.evaluate(
                "(() => { const e = document.activeElement; return e ? "
                "(e.innerText || e.value || '') + '|' + (e.id || '') : '' })()"
            )
            if name in focused:
                return
        raise AssertionError(f"the keyboard never reached {name!r} on {self.page.url}")


async def arrive_with_the_keyboard(walk: Walk, site: Site) -> None:
    """The landing page, and the first question, with the keyboard only."""
    page = walk.page
    await page.goto(f"{site.base}/c/{CODE}")
    await walk.check("landing")
    await walk.tab_to(walk.t("Do the scan in your browser"))
    async with page.expect_navigation():
        await page.keyboard.press("Enter")
    assert page.url.endswith("/scan?n=started"), page.url
    await walk.check("first-question")


async def first_answer_with_the_keyboard(walk: Walk, answer: str) -> None:
    await walk.tab_to("|answer")
    await walk.page.keyboard.type(answer)
    async with walk.page.expect_navigation():
        await walk.page.keyboard.press("Enter")
    await walk.check()


async def result_picture_and_pdf(walk: Walk, *, says: str) -> str:
    """The result page: its picture drawn and shown, its PDF downloaded and read."""
    page = walk.page
    assert page.url.endswith("/scan/result"), page.url
    await walk.check("result")
    picture = page.locator("figure.ladder img")
    await picture.scroll_into_view_if_needed()
    await page.wait_for_function(
        "document.querySelector('figure.ladder img').complete && "
        "document.querySelector('figure.ladder img').naturalWidth > 0"
    )
    assert says in (await picture.get_attribute("alt") or "")
    async with page.expect_download() as info:
        await page.click("a[href*='plan.pdf']")
    download = await info.value
    path = await download.path()
    pdf = await asyncio.to_thread(Path(path).read_bytes)
    assert pdf.startswith(b"%PDF-")
    read = await asyncio.to_thread(
        subprocess.run, ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return read.stdout.decode()


async def data_pages(walk: Walk) -> None:
    page = walk.page
    async with page.expect_navigation():
        await page.click("a[href='/scan/privacy']")
    await walk.check("privacy")
    async with page.expect_navigation():
        await page.click("a[href='/scan/privacy/erase']")
    await walk.check("erase")
    async with page.expect_navigation():
        await page.get_by_role("link", name=walk.t("No, keep my data")).click()
    assert walk.t("Fine, nothing was deleted.") in await page.locator("main").inner_text()


async def test_the_bakery_in_dutch_on_a_phone(site: Site, browser: Any) -> None:
    context = await browser.new_context(locale="nl-NL", viewport=PHONE, accept_downloads=True)
    walk = Walk(await context.new_page(), "nl")
    await arrive_with_the_keyboard(walk, site)
    steps = bakery_nl()
    (kind, name), rest = steps[0], steps[1:]
    assert kind == "say"
    await first_answer_with_the_keyboard(walk, name)
    # Named screenshots: a choice, a typed number, a group's overview, the review.
    await walk.steps(rest, shots={1: "choice", 3: "number", 11: "group", 20: "review"})
    text = await result_picture_and_pdf(walk, says="8,3")
    assert "Je PSO-voorscan" in text and "Je zit op 8,3" in text and "Twenterand" in text

    # The what-if from the result: asked on the question pages, its comparison on the result.
    await walk.click(walk.t("➕ What if I hire someone?"))
    await walk.check()
    await walk.click(walk.t("Wajong (young disabled)"))
    await walk.check()
    await walk.type("12")
    await walk.check()
    await walk.click(walk.t("Regular contract"))
    await walk.check("what-if")
    await walk.click(walk.t("✖️ Stop"))  # one Stop on the overview, as in the chat
    main = await walk.page.locator("main").inner_text()
    assert walk.t("Your what-if") in main and "12 uur per week" in main
    await walk.check("result-what-if")
    await data_pages(walk)
    await context.close()


async def test_the_it_firm_in_english_on_a_phone(site: Site, browser: Any) -> None:
    context = await browser.new_context(locale="en-GB", viewport=PHONE, accept_downloads=True)
    walk = Walk(await context.new_page(), "en")
    await arrive_with_the_keyboard(walk, site)
    steps = it_firm_en()
    (kind, name), rest = steps[0], steps[1:]
    assert kind == "say"
    await first_answer_with_the_keyboard(walk, name)
    await walk.steps(rest, shots={3: "typed-words", 16: "review"})
    text = await result_picture_and_pdf(walk, says="Trede")
    assert "Your PSO pre-scan" in text and "Utrecht" in text
    await data_pages(walk)
    await context.close()
