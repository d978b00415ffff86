"""/scan/email in a real browser at phone size (360 px), in Dutch and English, by keyboard
alone: a wrong address asked again beside the field, then the link by e-mail and yes to
reminders. axe-core finds no serious or critical violation on any of its states, nothing lies
off-screen, and each page is under 50 KB. Screenshots: test-artifacts/web/email-*.png."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.i18n import translate
from tests.mail.site import mail_site
from tests.mail.smtp import Inbox
from tests.web.conftest import ARTIFACTS
from tests.web.test_accessibility import off_screen, severe_violations

pytestmark = pytest.mark.slow  # a browser


async def check(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    assert await severe_violations(page) == [], name
    assert await off_screen(page) == 0, f"{name}: something lies off-screen at 360 px"
    size = await page.evaluate("document.documentElement.outerHTML.length")
    assert size < 50_000, f"{name}: {size} characters"


async def tab_to(page: Any, selector: str, *, within: int = 40) -> None:
    """Press Tab until the element is focused (keyboard only)."""
    for _ in range(within):
        await page.keyboard.press("Tab")
        if await page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"Tab never reached {selector}")


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_the_email_page_by_keyboard_at_phone_size(
    tmp_path: Path, inbox: Inbox, browser: Any, language: str
) -> None:
    async with mail_site(tmp_path, SMTP_URL=inbox.url) as site:
        base = site.app.settings.dashboard_url
        context = await browser.new_context(viewport={"width": 360, "height": 780}, locale=language)
        page = await context.new_page()
        await page.goto(base + "/scan")
        await page.get_by_role("button", name=translate("Start the scan", language)).click()
        await tab_to(page, 'a[href="/scan/email"]')
        await page.keyboard.press("Enter")
        await page.wait_for_url("**/scan/email")
        await check(page, f"email-{language}")

        await tab_to(page, "#email")
        await page.keyboard.type("ilse@bakkerij")
        await tab_to(page, "#send_link")
        await page.keyboard.press("Space")
        await page.keyboard.press("Enter")  # submits the form
        await page.wait_for_selector("#email-problem")
        problem = await page.inner_text("#email-problem")
        assert problem == translate(
            "That does not look like an e-mail address. Type it like name@example.nl, "
            "without spaces.",
            language,
        )
        assert await page.evaluate("document.activeElement.id") == "email", "focus on the field"
        await check(page, f"email-problem-{language}")

        await page.keyboard.press("End")
        await page.keyboard.type(".nl")
        await tab_to(page, "#reminders-no")
        await page.keyboard.press("ArrowUp")  # the radio group: to "yes"
        assert await page.is_checked("#reminders-yes")
        await tab_to(page, "button[type=submit].button")
        await page.keyboard.press("Enter")
        await page.wait_for_url("**/scan/email?n=sent")
        await check(page, f"email-sent-{language}")
        [mail] = inbox.to("ilse@bakkerij.nl")
        assert mail["Content-Language"] == language
        await context.close()
