"""The owners' pages as a visitor meets them: the landing page, starting, the resume link on
another device, a stale form, starting over, refused forms, the language, the rate limits and
the security headers. Through the real stack (bot/web/app.py) on SQLite."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import select

from bot.db.codes import token_digest
from bot.db.models import (
    WEB,
    Campaign,
    ContactConsent,
    Conversation,
    User,
    UserCampaign,
    WebLink,
    WebOwner,
)
from bot.runtime.rate_limits import Limit
from bot.services import consent as consent_service
from bot.services import what_if as what_if_service
from bot.web.owners.pages import LIMITS
from tests.e2e.harness import migrated_database
from tests.e2e.owner import stored_answers
from tests.web_owners.conftest import WebScan
from tests.web_owners.scripts import BAKERY, label, on_web
from tests.web_owners.test_answers import heading, started, web_owner_id


@pytest.fixture(params=["sqlite", "postgres"])
async def web_database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """These pages on SQLite and on PostgreSQL (with TEST_POSTGRES_URL)."""
    async for url in migrated_database(request, tmp_path):
        yield url


async def rows(web_scan: WebScan, model: type) -> list:  # type: ignore[type-arg]
    async with web_scan.app.storage.sessionmaker() as db, db.begin():
        return list(await db.exec(select(model)))


async def test_the_landing_page_offers_both_and_counts_nobody(web_scan: WebScan) -> None:
    await web_scan.campaign()
    browser = await web_scan.browser(**{"Accept-Language": "nl-NL,nl;q=0.9,en;q=0.5"})
    page = await browser.get("/c/ontbijt-abcd")
    assert browser.status == 200 and '<html lang="nl">' in page
    assert "Ondernemersontbijt Almelo" in page and "Gemeente Almelo" in page
    assert 'href="https://t.me/tredebot_demo_bot?start=ontbijt-abcd"' in page
    assert "Open in Telegram" in page and "Doe de scan in je browser" in page
    assert "bewaar deze link" not in page.lower()  # no owner yet: no link
    # Viewing it (twice) made nobody and attributed nobody.
    await browser.get("/c/ontbijt-abcd")
    assert await rows(web_scan, User) == [] and await rows(web_scan, UserCampaign) == []
    assert browser.cookie == ""


async def test_an_unknown_campaign_is_a_friendly_not_found(web_scan: WebScan) -> None:
    browser = await web_scan.browser(**{"Accept-Language": "en"})
    page = await browser.get("/c/nope-zzzz")
    assert browser.status == 404 and "We could not find this campaign" in page
    page = await browser.press("Start the scan")  # without a campaign
    assert heading(page) == "What's the name of your business?"
    assert await rows(web_scan, UserCampaign) == []


async def test_starting_in_the_browser_makes_a_web_owner_attributed_to_the_campaign(
    web_scan: WebScan,
) -> None:
    await web_scan.campaign()
    browser = await web_scan.browser(**{"Accept-Language": "nl"})
    await browser.get("/c/ontbijt-abcd")
    page = await browser.press("Doe de scan in je browser")
    assert browser.url.startswith("/scan") and heading(page) == "Hoe heet je bedrijf?"
    assert "Bewaar deze link om later verder te gaan" in page
    token = browser.cookie
    assert token and f"/scan/r/{token}" in page
    [user] = await rows(web_scan, User)
    assert user.id < 0 and user.channel == WEB and user.language == "nl"
    assert user.campaign_code == "ontbijt-abcd"
    [attributed] = await rows(web_scan, UserCampaign)
    assert attributed.user_id == user.id and attributed.first
    [link] = await rows(web_scan, WebLink)
    assert link.token_hash == token_digest(token) != token  # only the hash is stored
    assert [owner.user_id for owner in await rows(web_scan, WebOwner)] == [user.id]
    # Back on the landing page, the same browser is offered to go on: nobody new.
    page = await browser.get("/c/ontbijt-abcd")
    assert "Ga verder waar je was" in page and "Doe de scan in je browser" not in page
    await browser.post("/c/ontbijt-abcd", {})
    assert len(await rows(web_scan, User)) == 1


async def test_a_second_campaigns_link_is_noted_and_the_scan_goes_on(web_scan: WebScan) -> None:
    """As the chat notes a /start with a second campaign's code: the campaign is noted (not as
    the one the owner is attributed to), and the scan goes on where it was."""
    first = await web_scan.campaign()
    await web_scan.campaign("Ondernemersavond", "avond-wxyz", organisation_id=first.organisation_id)
    browser = await web_scan.browser(**{"Accept-Language": "nl"})
    await browser.get("/c/ontbijt-abcd")
    await browser.press("Doe de scan in je browser")
    await browser.type("Bakkerij Ilse")
    page = await browser.get("/c/avond-wxyz")
    assert "Ondernemersavond" in page and "Ga verder waar je was" in page
    page = await browser.press("Ga verder waar je was")
    assert heading(page) == "Wat voor bedrijf is het?"  # where the scan was
    [user] = await rows(web_scan, User)
    codes = {}
    async with web_scan.app.storage.sessionmaker() as db, db.begin():
        for came, campaign in await db.exec(
            select(UserCampaign, Campaign).where(UserCampaign.campaign_id == Campaign.id)
        ):
            assert came.user_id == user.id
            codes[campaign.code] = came.first
    assert codes == {"ontbijt-abcd": True, "avond-wxyz": False}
    await browser.post("/c/avond-wxyz", {})  # again: noted once
    assert len(await rows(web_scan, UserCampaign)) == 2


async def test_a_closed_campaign_greets_but_attributes_nobody(web_scan: WebScan) -> None:
    await web_scan.campaign(closed_at=datetime(2026, 1, 1, tzinfo=UTC))
    browser = await web_scan.browser(**{"Accept-Language": "en"})
    await browser.get("/c/ontbijt-abcd")
    page = await browser.press("Do the scan in your browser")
    assert heading(page) == "What's the name of your business?"
    [user] = await rows(web_scan, User)
    assert user.campaign_code is None and await rows(web_scan, UserCampaign) == []


async def test_the_link_resumes_on_another_device_and_a_stale_form_loses_nothing(
    web_scan: WebScan,
) -> None:
    phone = await started(web_scan, "nl")
    await phone.type("Bakkerij Ilse")
    stale = phone.forms  # the sector question, as the phone shows it
    laptop = await web_scan.browser(**{"Accept-Language": "en"})
    page = await laptop.get(f"/scan/r/{phone.cookie}")
    assert laptop.url == "/scan?n=resumed" and laptop.cookie == phone.cookie
    assert heading(page) == "Wat voor bedrijf is het?"  # the owner's language, not the laptop's
    await laptop.press("Bakkerij")
    # The phone still shows the sector question: its form is stale. The current question is
    # shown with a notice, and the laptop's answer stands.
    form = next(f for f in stale if any(b[1] == "retail" for b in f.buttons))
    page = await phone.post(form.action, {**form.fields, "choose": "retail"})
    assert phone.status == 409 and "niets van wat je antwoordde is verloren" in page
    assert heading(page) == "In welke gemeente zit je bedrijf?"
    answers = await stored_answers(web_scan.app, await web_owner_id(web_scan, phone))
    assert answers["sector"] == "bakery" and answers["org_name"] == "Bakkerij Ilse"


async def test_an_unknown_link_offers_to_start(web_scan: WebScan) -> None:
    browser = await web_scan.browser(**{"Accept-Language": "en"})
    page = await browser.get("/scan/r/not-a-link-of-anyone")
    assert browser.status == 404 and "This link no longer works" in page
    assert "Start the scan" in page and browser.cookie == ""


async def test_starting_over_asks_first_and_revokes_the_old_link(web_scan: WebScan) -> None:
    browser = await started(web_scan, "en")
    await on_web(browser, BAKERY[:3], "en")
    old = browser.cookie
    user_id = await web_owner_id(web_scan, browser)
    page = await browser.get("/scan/restart")
    assert "Start over?" in page and "the link you have now stops working" in page
    assert 'href="/scan">No, keep my answers</a>' in page  # a link: nothing changes
    page = await browser.press("Yes, start over")
    assert heading(page) == "What's the name of your business?"
    assert browser.cookie and browser.cookie != old
    # The old scan is set aside (kept for the figures), a new one is open.
    scans = sorted(await rows(web_scan, Conversation), key=lambda c: c.id)
    assert [c.status for c in scans] == ["restarted", "open"]
    assert await stored_answers(web_scan.app, user_id) == {"_context": {}} or (
        "org_name" not in await stored_answers(web_scan.app, user_id)
    )
    other = await web_scan.browser(**{"Accept-Language": "en"})
    page = await other.get(f"/scan/r/{old}")
    assert other.status == 404 and "This link no longer works" in page
    page = await other.get(f"/scan/r/{browser.cookie}")
    assert heading(page) == "What's the name of your business?"


async def test_forms_without_the_token_and_forged_choices_are_refused(web_scan: WebScan) -> None:
    browser = await started(web_scan, "en")
    await browser.type("Bakkerij Ilse")
    user_id = await web_owner_id(web_scan, browser)
    form = next(f for f in browser.forms if f.buttons and f.buttons[0][0] == "choose")
    for csrf in ("", "0" * 64):
        page = await browser.post(form.action, {**form.fields, "csrf": csrf, "choose": "retail"})
        assert browser.status == 403 and "Nothing was changed" in page
    # A value no button has: refused as the chat refuses a forged button; nothing stored.
    page = await browser.post(form.action, {**form.fields, "choose": "casino"})
    assert browser.status == 422 and heading(page) == "What kind of business is it?"
    assert "sector" not in await stored_answers(web_scan.app, user_id)
    # Another site's form for a new visitor (its Origin): refused.
    visitor = await web_scan.browser()
    page = await visitor.post("/scan/start", {}, headers={"Origin": "https://evil.example"})
    assert visitor.status == 403 and visitor.cookie == ""


async def test_the_language_follows_the_browser_then_the_switch(web_scan: WebScan) -> None:
    browser = await started(web_scan, "en")
    assert '<html lang="en">' in browser.html
    page = await browser.press("Nederlands")
    assert '<html lang="nl">' in page and heading(page) == "Hoe heet je bedrijf?"
    [user] = await rows(web_scan, User)
    assert user.language == "nl"  # stored: the link opens in Dutch on any device
    other = await web_scan.browser(**{"Accept-Language": "en"})
    page = await other.get(f"/scan/r/{browser.cookie}")
    assert '<html lang="nl">' in page


async def test_too_many_requests_get_a_friendly_page(web_scan: WebScan) -> None:
    browser = await started(web_scan, "en")
    web_scan.server.app[LIMITS].limits = {
        "web_link": Limit(burst=3, refill_seconds=3600),
        "web_address": Limit(burst=100, refill_seconds=3600),
        "web_new_owner": Limit(burst=1, refill_seconds=3600),
    }
    for _ in range(3):
        await browser.get("/scan")
        assert browser.status == 200
    page = await browser.get("/scan")
    assert browser.status == 429 and "Please try again in a minute" in page
    # Per address: a second new owner from the same address waits; behind the proxy (on
    # loopback) the address is the one it forwards, so another address may start.
    here = {"X-Forwarded-For": "203.0.113.7"}
    first, second = await web_scan.browser(**here), await web_scan.browser(**here)
    await first.post("/scan/start", {})
    assert first.cookie
    page = await second.post("/scan/start", {})
    assert second.status == 429 and second.cookie == ""
    elsewhere = await web_scan.browser(**{"X-Forwarded-For": "1.2.3.4, 198.51.100.9"})
    await elsewhere.post("/scan/start", {})
    assert elsewhere.status == 200 and elsewhere.cookie


async def test_security_headers_on_the_owners_pages(web_scan: WebScan) -> None:
    await web_scan.campaign()
    browser = await web_scan.browser()
    for path in ("/c/ontbijt-abcd", "/scan", "/scan/r/x"):
        response = await browser.client.get(path, allow_redirects=False)
        headers = response.headers
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"], path
        assert (
            headers["X-Frame-Options"] == "DENY" and headers["X-Content-Type-Options"] == "nosniff"
        )
        assert headers["Cache-Control"] == "no-store"


async def test_another_flow_is_asked_on_the_same_page(web_scan: WebScan) -> None:
    """A what-if opened on the result (as webresult's button does): its question, its way out,
    and back to the result with nothing changed."""
    browser = await started(web_scan, "en")
    await on_web(browser, BAKERY, "en")
    await browser.press(label("✅ Show my result", "en"))
    assert browser.url == "/scan/result"
    user_id = await web_owner_id(web_scan, browser)
    async with web_scan.app.storage.sessionmaker() as db:
        async with db.begin():
            owner = await db.get(User, user_id)
        assert owner is not None
        from bot.services import results

        shown = await results.latest(db, owner)
        assert shown is not None
        await what_if_service.start(db, owner, shown.result.id or 0, today=datetime.now(UTC).date())
    page = await browser.get("/scan")
    assert browser.status == 200 and 'name="act" value="stop"' in page
    page = await browser.press(label("✖️ Stop", "en"))
    assert browser.url.startswith("/scan/result") and "Your result" in page
    assert "Fine, your saved answers are unchanged." in page


async def test_a_visit_counts_for_retention(web_scan: WebScan) -> None:
    """Retention counts from the last visit: a page opened after a quiet day notes it (the
    user's last activity and the web owner's last visit), at most once a minute."""
    browser = await started(web_scan, "en")
    user_id = await web_owner_id(web_scan, browser)
    long_ago = datetime(2025, 1, 1, tzinfo=UTC)
    async with web_scan.app.storage.sessionmaker() as db, db.begin():
        user, owner = await db.get(User, user_id), await db.get(WebOwner, user_id)
        assert user is not None and owner is not None
        user.last_active = owner.last_seen = long_ago
        db.add_all([user, owner])
    await browser.get("/scan")
    [user] = await rows(web_scan, User)
    [owner] = await rows(web_scan, WebOwner)
    assert user.last_active.replace(tzinfo=UTC) > long_ago
    assert owner.last_seen.replace(tzinfo=UTC) > long_ago


async def test_the_consent_is_chosen_on_the_same_page(web_scan: WebScan) -> None:
    """The consent to be contacted (opened from the result, as webresult's button does): its
    questions, a phone number typed (no Telegram button named), its summary and its confirm."""
    await web_scan.campaign()
    browser = await web_scan.browser(**{"Accept-Language": "en"})
    await browser.get("/c/ontbijt-abcd")
    await browser.press("Do the scan in your browser")
    await on_web(browser, BAKERY, "en")
    await browser.press(label("✅ Show my result", "en"))
    user_id = await web_owner_id(web_scan, browser)
    async with web_scan.app.storage.sessionmaker() as db:
        async with db.begin():
            owner = await db.get(User, user_id)
            [campaign] = list(await db.exec(select(Campaign)))
        assert owner is not None
        await consent_service.begin(
            db,
            owner,
            campaign.id or 0,
            locale="en",
            telegram_name="",
            today=datetime.now(UTC).date(),
        )
    page = await browser.get("/scan")
    assert heading(page) == "May Gemeente Almelo contact you?"
    await browser.press("Yes, choose what to share")
    await browser.press("Use “Bakkerij Ilse”")
    await browser.type("Ilse")
    page = browser.html
    assert heading(page) == "Which phone number can they call? Type a number."
    page = await browser.type("twaalf")  # not a phone number: re-asked beside the field
    assert browser.status == 422 and 'aria-invalid="true"' in page
    assert "Type it like 06 12345678 or +31 6 12345678." in page and "Telegram" not in page
    await browser.type("06 1234 5678")
    page = await browser.press("Yes, share it")
    assert "Bakkerij Ilse" in page and "06 1234 5678" in page.replace("\xa0", " ")
    assert "Use “⬅️ Back” to change something before you share it." in page
    assert "✏️" not in page  # the chat's button, not on this page
    page = await browser.press(label("✅ Yes, share this", "en"))
    # The result, with the confirmation, is the confirm's own response (bot/web/owners/result.py).
    assert heading(page) == "Your result" and "Gemeente Almelo may now contact you" in page
    [given] = await rows(web_scan, ContactConsent)
    assert given.user_id == user_id and given.org_name == "Bakkerij Ilse"


async def test_the_landing_page_works_while_telegram_cannot_be_reached(
    web_scan: WebScan,
) -> None:
    """The bot's name comes from Telegram (once): while it cannot be asked, the landing page
    offers the browser alone instead of failing."""
    await web_scan.campaign()
    web_scan.standin.fail_next("getMe", "unauthorized", times=10)
    browser = await web_scan.browser(**{"Accept-Language": "en"})
    page = await browser.get("/c/ontbijt-abcd")
    assert browser.status == 200 and "Do the scan in your browser" in page
    assert "Open in Telegram" not in page and "t.me/" not in page
