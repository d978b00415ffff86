"""Every dashboard page passes axe-core (axe-playwright-python, with its bundled axe-core) with
no serious or critical violation, at desktop (1280 px) and phone (390 px) width, in Dutch and in
English, and nothing lies off-screen on a phone: the list, the team and the contacts become
cards there. Screenshots of every page at both sizes in both languages go to
test-artifacts/web/ (`a11y-<page>-<language>-<width>.png`).

Beside axe: the skip link is the first thing the keyboard reaches, the focus ring is the
dark blue one (6.7:1 on white), a phone number is a tel: link, and the consent's wording carries
the language it was given in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from axe_playwright_python.async_playwright import Axe
from sqlmodel import select

from bot.db.models import Campaign, ContactConsent, utcnow
from bot.i18n import translate
from bot.services.consent import CONSENT_TEXT
from tests.campaigns.support import ADMIN, make_staff
from tests.web.conftest import ARTIFACTS, Dashboard
from tests.web.test_dashboard import owner_arrives, sign_in, sign_in_link

pytestmark = pytest.mark.slow  # a browser

SIZES = {1280: 900, 390: 844}  # width: height
SEVERE = {"serious", "critical"}
AXE = Axe()


@dataclass
class Visit:
    name: str
    page: Any  # a signed-in (or not) page in its own context
    go: Any  # how to reach it: a path, or a coroutine function that navigates


async def severe_violations(page: Any) -> list[str]:
    results = await AXE.run(page)
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]} {v['help']}"
        for v in results.response["violations"]
        if v["impact"] in SEVERE
    ]


async def off_screen(page: Any) -> int:
    """How many pixels the page is wider than the window (0: nothing off-screen)."""
    return int(await page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


async def set_up(dashboard: Dashboard) -> tuple[int, str]:
    """A campaign with owners and a consented contact (its wording in English), a pending
    invite, a colleague revoked lately: every page has something in it. Returns the campaign's
    id and the admin's sign-in link."""
    standin = dashboard.standin
    await make_staff(standin, 700, "Jeroen")
    await make_staff(standin, 701, "Eve")
    await standin.say(700, "/campaign new Ondernemersavond Almelo")
    await standin.say(700, "Almelo")
    await standin.tap(700, "⏭ Skip")
    async with dashboard.app.storage.sessionmaker() as session, session.begin():
        campaign = (await session.exec(select(Campaign))).one()
    for n in range(6):
        await owner_arrives(standin, 5000 + n, campaign.code, answer=n < 5)
    wording = translate(CONSENT_TEXT, "en").format(
        organisation="Gemeente Almelo",
        person="an employer account manager",
        campaign=campaign.name,
    )
    async with dashboard.app.storage.sessionmaker() as session, session.begin():
        session.add(
            ContactConsent(
                user_id=5000,
                campaign_id=campaign.id or 0,
                consent_text=wording,
                org_name="Bakkerij Ilse",
                contact_name="Ilse de Vries",
                phone="06 12345678",
                level="aspirant",
                given_at=utcnow(),
            )
        )
    return campaign.id or 0, await sign_in_link(standin, ADMIN)


async def new_page(browser: Any, locale: str, *, script: bool = True) -> Any:
    context = await browser.new_context(
        locale="nl-NL" if locale == "nl" else "en-GB", java_script_enabled=script
    )
    return await context.new_page()


async def test_every_page_passes_axe_at_desktop_and_phone_size_in_both_languages(
    dashboard: Dashboard, browser: Any
) -> None:
    base = dashboard.base
    campaign_id, link = await set_up(dashboard)
    admin = await sign_in(await new_page(browser, "nl"), link)
    csrf = await admin.locator("input[name=csrf]").first.get_attribute("value") or ""
    await admin.request.post(
        base + "/team/invite", form={"csrf": csrf, "organisation": "1", "job_role": "job_coach"}
    )
    await admin.request.post(base + "/team/revoke", form={"csrf": csrf, "user_id": "701"})
    staff = await sign_in(await new_page(browser, "nl"), await sign_in_link(dashboard.standin, 700))
    stranger = await new_page(browser, "nl")
    fresh_link = await sign_in_link(dashboard.standin, ADMIN)  # opened, never spent

    async def contacts(page: Any) -> None:
        await page.goto(f"{base}/campaigns/{campaign_id}")
        async with page.expect_navigation():
            await page.click("form[action$='/contacts'] button")

    async def link_invalid(page: Any) -> None:
        await page.goto(base + "/signin/not-a-token")
        async with page.expect_navigation():
            await page.click("form[action$='/signin'] button")

    visits = [
        Visit("campaigns", admin, "/"),
        Visit("campaign", admin, f"/campaigns/{campaign_id}"),
        Visit("confirm-close", admin, f"/campaigns/{campaign_id}/close"),
        Visit("contacts", admin, contacts),
        Visit("team", admin, "/team"),
        Visit("confirm-revoke", admin, "/team/revoke?user_id=700"),
        Visit("audit", admin, "/audit"),
        Visit("not-found", admin, "/campaigns/999"),
        Visit("campaigns-staff", staff, "/"),
        Visit("refused", staff, "/team"),
        Visit("sign-in", stranger, fresh_link.removeprefix(base)),
        Visit("signed-out", stranger, "/"),
        Visit("link-invalid", stranger, link_invalid),
    ]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    for locale in ("nl", "en"):
        for page in {id(v.page): v.page for v in visits}.values():
            await page.context.add_cookies(
                [{"name": "tredebot_lang", "value": locale, "url": base + "/"}]
            )
        for width, height in SIZES.items():
            for visit in visits:
                page = visit.page
                await page.set_viewport_size({"width": width, "height": height})
                if isinstance(visit.go, str):
                    await page.goto(base + visit.go)
                else:
                    await visit.go(page)
                assert await page.locator("html").get_attribute("lang") == locale
                where = f"{visit.name} ({locale}, {width} px)"
                problems += [f"{where}: {v}" for v in await severe_violations(page)]
                wider = await off_screen(page)
                if wider > 0:
                    problems.append(f"{where}: {wider} px off-screen to the right")
                await page.screenshot(
                    path=str(ARTIFACTS / f"a11y-{visit.name}-{locale}-{width}.png"),
                    full_page=True,
                )
    assert problems == []


async def test_keyboard_focus_phone_links_and_the_consents_language(
    dashboard: Dashboard, browser: Any
) -> None:
    base = dashboard.base
    campaign_id, link = await set_up(dashboard)
    page = await sign_in(await new_page(browser, "nl"), link)

    # The skip link comes first, and leads past the navigation to the content.
    await page.keyboard.press("Tab")
    focused = page.locator(":focus")
    assert await focused.get_attribute("href") == "#main"
    assert await focused.inner_text() == translate("Skip to the content", "nl")
    assert await focused.is_visible()
    # The focus ring: 3 px of #0b5cad (6.7:1 on white), not the old yellow (1.9:1).
    ring = await focused.evaluate("e => getComputedStyle(e).outlineColor")
    assert ring == "rgb(11, 92, 173)"
    await page.keyboard.press("Enter")
    assert page.url.endswith("#main")

    # The scrollable tables can be reached by keyboard, and say what they hold.
    await page.goto(f"{base}/campaigns/{campaign_id}")
    regions = page.locator(".table-wrap")
    for index in range(await regions.count()):
        region = regions.nth(index)
        assert await region.get_attribute("tabindex") == "0"
        assert await region.get_attribute("aria-label")

    # Contacts: the number is a tel: link; the wording, given in English, says so on a Dutch
    # page; on a phone each contact is a card with its labels, the number whole on screen.
    async with page.expect_navigation():
        await page.click("form[action$='/contacts'] button")
    phone = page.locator("a[href^='tel:']")
    assert await phone.get_attribute("href") == "tel:0612345678"
    assert await phone.inner_text() == "06 12345678"
    assert await page.locator("td.wording").get_attribute("lang") == "en"
    await page.set_viewport_size({"width": 390, "height": 844})
    box = await phone.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    label = await page.locator("td[data-label]").first.evaluate(
        "e => getComputedStyle(e, '::before').content"
    )
    assert label == '"{}"'.format(translate("Organisation", "nl"))
    assert (
        await page.locator("table.cards thead").evaluate("e => e.getBoundingClientRect().width")
        <= 1
    )

    # The list of campaigns is cards on a phone too, with every figure on screen.
    await page.goto(base + "/")
    figures = page.locator("table.cards td.num")
    assert await figures.count() >= 3  # arrived, started, finished
    for index in range(await figures.count()):
        cell = await figures.nth(index).bounding_box()
        assert cell is not None and cell["x"] + cell["width"] <= 390
    await page.context.close()
