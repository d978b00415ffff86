"""The dashboard in a real browser: sign in through the link the bot sent, make a campaign,
download its QR code and read it back, watch owners who used the link arrive, export, and be
refused wherever one should be. Screenshots of every page in both languages go to
test-artifacts/web/ (not committed)."""

from __future__ import annotations

import asyncio
import csv
import io
import logging
import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update
from sqlmodel import select

from bot.db.models import AuditEvent, Campaign, WebSignIn, utcnow
from bot.i18n import translate
from standin import StandIn
from tests.campaigns.support import ADMIN, UNKNOWN_COMMAND, decode_qr, make_staff
from tests.e2e.harness import texts
from tests.web.conftest import ARTIFACTS, Dashboard

pytestmark = pytest.mark.slow  # a browser

SIGN_IN = re.compile(r"http://127\.0\.0\.1:\d+/dashboard/signin/[A-Za-z0-9_-]+")
BOT_LINK = "https://t.me/tredebot_demo_bot?start="


async def sign_in_link(standin: StandIn, user_id: int) -> str:
    reply = texts(await standin.say(user_id, "/dashboard"))
    match = SIGN_IN.search(reply)
    assert match, reply
    return match.group(0)


async def sign_in(page: Any, link: str) -> Any:
    await page.goto(link)
    async with page.expect_navigation():
        await page.click("form[action$='/signin'] button")
    return page


async def shoot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


async def download(page: Any, selector: str) -> bytes:
    async with page.expect_download() as info:
        await page.click(selector)
    path = await (await info.value).path()
    return await asyncio.to_thread(Path(path).read_bytes)


async def events(dashboard: Dashboard, action: str) -> list[AuditEvent]:
    async with dashboard.app.storage.sessionmaker() as session, session.begin():
        rows = await session.exec(select(AuditEvent).where(AuditEvent.action == action))
        return list(rows)


async def owner_arrives(standin: StandIn, user_id: int, code: str, *, answer: bool) -> None:
    standin.add_user(user_id, first_name="Owner", language_code="en")
    await standin.say(user_id, f"/start {code}")
    if answer:
        await standin.tap(user_id, "▶️ Start the scan")
        await standin.say(user_id, "Bakkerij")  # the business name: now at the sector question


async def test_staff_journey_in_both_languages(dashboard: Dashboard, browser: Any) -> None:
    standin = dashboard.standin
    context = await browser.new_context(locale="nl-NL", viewport={"width": 1200, "height": 900})
    page = await context.new_page()

    # Signing in with the link the bot sent.
    link = await sign_in_link(standin, ADMIN)
    await page.goto(link)
    await shoot(page, "sign-in-nl")
    async with page.expect_navigation():
        await page.click("form[action$='/signin'] button")
    assert page.url == dashboard.base + "/"
    assert await page.locator("h1").inner_text() == translate("Campaigns", "nl")
    await shoot(page, "campaigns-empty-nl")

    # First the organisation, on the team page; then a campaign of it, made in the browser.
    await page.goto(dashboard.base + "/team")
    await page.fill("form[action$='/team/organisations'] input[name=name]", "Gemeente Twenterand")
    async with page.expect_navigation():
        await page.click("form[action$='/team/organisations'] button")
    assert await page.locator("h2").first.inner_text() == "Gemeente Twenterand"
    await page.goto(dashboard.base + "/")
    await page.fill("input[name=name]", "Ondernemersavond Twenterand")
    await page.fill("input[name=municipality]", "Twenterand")
    async with page.expect_navigation():
        await page.click("form[action$='/campaigns'] button")
    assert "Ondernemersavond Twenterand" in await page.locator("h1").inner_text()
    assert (await page.locator("p.lead").first.inner_text()).startswith("Gemeente Twenterand · ")
    deep_link = (await page.locator("a.deeplink").inner_text()).strip()
    assert deep_link.startswith(BOT_LINK)
    code = deep_link.removeprefix(BOT_LINK)
    web_link = (await page.locator("a.weblink").inner_text()).strip()
    assert web_link == dashboard.base.removesuffix("/dashboard") + "/c/" + code

    # Its QR code says the web address (its page offers Telegram or the browser); the SVG
    # and the poster are there too.
    assert decode_qr(await download(page, "a[href$='qr.png']")) == web_link
    assert b"<svg" in await download(page, "a[href$='qr.svg']")
    assert (await download(page, "a[href$='poster.pdf']")).startswith(b"%PDF")

    # Owners who use the link appear in the funnel, and where they stopped.
    for n in range(5):
        await owner_arrives(standin, 5000 + n, code, answer=True)
    await page.reload()
    funnel = page.locator("table.compact").first
    arrived = translate("Arrived through the link", "nl")
    # Both channels, then of them those in the browser (none: they came through Telegram).
    cells = await funnel.locator(f"tr:has(th:text-is('{arrived}')) td").all_inner_texts()
    assert cells == ["5", "0"]
    sector = translate("What kind of business is it?", "nl")  # the question's own words
    stops = page.locator("table.stops")
    assert await stops.locator(f"tr:has(th:has-text('{sector}')) td").first.inner_text() == "5"
    await shoot(page, "campaign-nl")

    # The figures as CSV, headers in Dutch, ";" between cells (as a Dutch spreadsheet expects).
    figures = (await download(page, "form[action$='figures.csv'] button")).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(figures), delimiter=";"))
    assert rows[0][0] == translate("Campaign", "nl")
    assert arrived in rows[0]
    assert rows[1][0] == "Ondernemersavond Twenterand"
    assert rows[1][rows[0].index(arrived)] == "5"

    # Contacts: the view is in the audit trail.
    async with page.expect_navigation():
        await page.click("form[action$='/contacts'] button")
    assert await page.locator("h1").inner_text() == translate("Consented contacts", "nl")
    assert len(await events(dashboard, "contacts_viewed")) == 1
    await shoot(page, "contacts-nl")
    await page.goto(dashboard.base + "/team")
    await page.select_option("select[name=job_role]", "job_coach")
    async with page.expect_navigation():
        await page.click("form[action$='/team/invite'] button")
    assert BOT_LINK + "staff-" in await page.locator("#invite-link").inner_text()
    await shoot(page, "team-nl")
    await page.goto(dashboard.base + "/audit")
    await shoot(page, "audit-nl")

    # The same pages in English, through the language switch.
    async with page.expect_navigation():
        await page.click("a[lang=en]")
    assert await page.locator("h1").inner_text() == "Audit trail"
    await shoot(page, "audit-en")
    for path, name in (("/", "campaigns-en"), ("/team", "team-en")):
        await page.goto(dashboard.base + path)
        await shoot(page, name)
    await page.goto(dashboard.base + "/")
    async with page.expect_navigation():
        await page.click("text=Ondernemersavond Twenterand")
    await shoot(page, "campaign-en")
    async with page.expect_navigation():
        await page.click("form[action$='/contacts'] button")
    await shoot(page, "contacts-en")
    await page.go_back()
    figures = (await download(page, "form[action$='figures.csv'] button")).decode("utf-8-sig")
    assert figures.startswith("Campaign,")

    # Rename and close: a closed campaign's link greets, but counts no one new.
    await page.fill("form[action$='/rename'] input[name=name]", "Ondernemersavond 2026")
    async with page.expect_navigation():
        await page.click("form[action$='/rename'] button")
    assert "Ondernemersavond 2026" in await page.locator("h1").inner_text()
    async with page.expect_navigation():
        await page.click("form[action$='/close'] button")  # asks first
    async with page.expect_navigation():
        await page.click("form[action$='/close'][method=post] button")
    await shoot(page, "campaign-closed-en")
    await owner_arrives(standin, 5100, code, answer=False)
    await page.reload()
    funnel = page.locator("table.compact").first
    arrived_row = funnel.locator("tr:has(th:text-is('Arrived through the link')) td")
    assert await arrived_row.all_inner_texts() == ["5", "0"]  # in all; in the browser

    # Phone-sized.
    await page.set_viewport_size({"width": 390, "height": 844})
    await shoot(page, "campaign-phone-en")
    async with page.expect_navigation():
        await page.click("form[action$='/signout'] button")
    await shoot(page, "signed-out-en")
    await page.goto(dashboard.base + "/")
    assert "Please sign in" in await page.locator("h1").inner_text()
    await context.close()


async def test_refusals(dashboard: Dashboard, browser: Any) -> None:
    standin = dashboard.standin
    base = dashboard.base

    # Someone who is not staff gets no link at all, and nothing by URL.
    standin.add_user(3000, first_name="Owner", language_code="en")
    assert texts(await standin.say(3000, "/dashboard")) == UNKNOWN_COMMAND
    stranger = await (await browser.new_context(locale="en-GB")).new_page()
    for path in ("/", "/campaigns/1", "/campaigns/1/qr.png", "/team", "/figures.csv"):
        response = await stranger.goto(base + path)
        assert response.status == 401, path
    await stranger.context.add_cookies(
        [{"name": "tredebot_session", "value": "guessed", "url": base + "/"}]
    )
    assert (await stranger.goto(base + "/")).status == 401
    await shoot(stranger, "signed-out-stranger-en")

    # A sign-in link works once.
    link = await sign_in_link(standin, ADMIN)
    admin = await (await browser.new_context(locale="en-GB")).new_page()
    await sign_in(admin, link)
    assert admin.url == base + "/"
    again = await (await browser.new_context(locale="en-GB")).new_page()
    await again.goto(link)
    async with again.expect_navigation():
        await again.click("form[action$='/signin'] button")
    assert "no longer valid" in await again.locator("h1").inner_text()
    await shoot(again, "link-invalid-en")

    # An expired link is refused too.
    expired = await sign_in_link(standin, ADMIN)
    async with dashboard.app.storage.sessionmaker() as session, session.begin():
        await session.exec(update(WebSignIn).values(expires_at=utcnow()))
    late = await (await browser.new_context(locale="nl-NL")).new_page()
    await late.goto(expired)
    async with late.expect_navigation():
        await late.click("form[action$='/signin'] button")
    assert late.url.endswith("/signin")
    assert await late.locator("h1").inner_text() == translate(
        "This sign-in link is no longer valid", "nl"
    )
    await shoot(late, "link-invalid-nl")

    # A campaign that does not exist.
    response = await admin.goto(base + "/campaigns/999")
    assert response.status == 404
    await shoot(admin, "not-found-en")

    # A form without its CSRF token, or with another one, does nothing.
    for form in (
        {"name": "Forged", "municipality": "X"},
        {"name": "F", "municipality": "X", "csrf": "0" * 64},
    ):
        response = await admin.request.post(base + "/campaigns", form=form, max_redirects=0)
        assert response.status == 403
    async with dashboard.app.storage.sessionmaker() as session, session.begin():
        assert list(await session.exec(select(Campaign))) == []

    # A staff member: no team pages; revoked while signed in, refused at the next request.
    await make_staff(standin, 700, "Jeroen")
    colleague = await (await browser.new_context(locale="en-GB")).new_page()
    await sign_in(colleague, await sign_in_link(standin, 700))
    assert colleague.url == base + "/"
    assert (await colleague.goto(base + "/team")).status == 403
    await shoot(colleague, "refused-en")

    # Another organisation's campaign: not listed, and "not found" by URL, whatever the page.
    await make_staff(standin, 701, "Eve", organisation="Werkgeversservicepunt Twente")
    await standin.say(701, "/campaign new Eves avond")
    await standin.say(701, "Almelo")
    await standin.tap(701, "⏭ Skip")
    async with dashboard.app.storage.sessionmaker() as session, session.begin():
        theirs = (await session.exec(select(Campaign).where(Campaign.name == "Eves avond"))).one()
    await colleague.goto(base + "/")
    assert "Eves avond" not in await colleague.locator("main").inner_text()
    for path in ("", "/qr.png", "/qr.svg", "/poster.pdf", "/contacts", "/contacts.csv"):
        response = await colleague.goto(f"{base}/campaigns/{theirs.id}{path}")
        assert response.status == 404, path
    csrf = await colleague.locator("input[name=csrf]").first.get_attribute("value")
    for action in ("rename", "close"):
        response = await colleague.request.post(
            f"{base}/campaigns/{theirs.id}/{action}",
            form={"csrf": csrf or "", "name": "Overgenomen"},
            max_redirects=0,
        )
        assert response.status == 404, action
    async with dashboard.app.storage.sessionmaker() as session, session.begin():
        still = await session.get(Campaign, theirs.id)
        assert still is not None and still.name == "Eves avond" and still.closed_at is None
    figures = await (
        await colleague.request.post(base + "/figures.csv", form={"csrf": csrf or ""})
    ).text()
    assert len(figures.strip().splitlines()) == 1, figures  # the header only
    await admin.goto(base + "/team")
    # A second organisation of the same name (in any case) is refused, and so is a rename to it.
    csrf = await admin.locator("input[name=csrf]").first.get_attribute("value") or ""
    for path in ("/team/organisations", "/team/organisations/2/rename"):
        response = await admin.request.post(
            base + path, form={"csrf": csrf, "name": "gemeente almelo"}, max_redirects=0
        )
        assert response.status == 400, path
        assert 'class="problem" role="alert"' in await response.text()
    async with admin.expect_navigation():
        await admin.click("form[action$='/team/revoke'] button")  # asks first
    async with admin.expect_navigation():
        await admin.click("form[action$='/team/revoke'][method=post] button")
    assert "Jeroen (700) is revoked" in await admin.locator(".notice").inner_text()
    response = await colleague.goto(base + "/")
    assert response.status == 401
    assert texts(await standin.say(700, "/dashboard")) == UNKNOWN_COMMAND


async def test_sign_in_page_in_another_language_keeps_the_token_out_of_urls(
    dashboard: Dashboard, browser: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    context = await browser.new_context(locale="nl-NL")
    page = await context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    link = await sign_in_link(dashboard.standin, ADMIN)
    token = link.rsplit("/", 1)[1]
    await page.goto(link)
    async with page.expect_navigation():
        await page.click("button[lang=en]")  # the language switch posts the token
    assert await page.locator("h1").inner_text() == "Sign in to the dashboard"
    async with page.expect_navigation():
        await page.click("form[action$='/signin'] button")  # Chromium's Origin is accepted
    assert page.url == dashboard.base + "/"
    assert await page.locator("h1").inner_text() == "Campaigns"
    assert [url for url in requested if token in url] == [link]
    await context.close()
    # Polling mode: the dashboard's own server keeps no access log; nothing logged the token.
    assert not [r for r in caplog.records if token in r.getMessage()]
