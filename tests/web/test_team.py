"""The team page and the audit trail as an admin uses them, in a real browser: the invite link
is a link with a copy button (and still a link without script), unused invites are listed with
their organisation, role and expiry and can be withdrawn, admins are named by their Telegram
name, the trail downloads as CSV (written to the trail itself), and the poster names the
organisation and says that Telegram is needed and where to get it."""

from __future__ import annotations

import asyncio
import csv
import io
import subprocess
from typing import Any

import pytest
from sqlmodel import select

from bot.db.models import AuditEvent, StaffInvite, StaffMember, as_utc
from bot.i18n import translate
from tests.campaigns.support import ADMIN, make_staff
from tests.e2e.harness import texts
from tests.web.conftest import Dashboard
from tests.web.test_dashboard import BOT_LINK, download, shoot, sign_in, sign_in_link

pytestmark = pytest.mark.slow  # a browser


def nl(message: str) -> str:
    return translate(message, "nl")


async def click(page: Any, selector: str) -> None:
    async with page.expect_navigation():
        await page.click(selector)


async def rows(dashboard: Dashboard, model: Any) -> list[Any]:
    async with dashboard.app.storage.sessionmaker() as session, session.begin():
        return list(await session.exec(select(model)))


async def test_invites_admins_audit_csv_and_poster(dashboard: Dashboard, browser: Any) -> None:
    standin = dashboard.standin
    await make_staff(standin, 700, "Jeroen")  # the organisation "Gemeente Almelo", via the chat
    context = await browser.new_context(locale="nl-NL")
    await context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = await sign_in(await context.new_page(), await sign_in_link(standin, ADMIN))

    # The admin is named by their Telegram name, and the page speaks of no setting.
    assert await page.locator(".who").inner_text() == "Admin"
    await page.goto(dashboard.base + "/team")
    assert f"Admin ({ADMIN})" in await page.locator("ul.plain").inner_text()
    assert "ADMIN_IDS" not in await page.content()

    # A new invite: a clickable link, for that organisation and role, with a copy button.
    await page.select_option("select[name=job_role]", "job_coach")
    await click(page, "form[action$='/team/invite'] button")
    link = page.locator("a#invite-link")
    href = await link.get_attribute("href")
    assert href is not None and href.startswith(BOT_LINK + "staff-")
    assert (await link.inner_text()).strip() == href
    invite = page.locator("section.invite")
    assert "Gemeente Almelo" in await invite.locator("h2").inner_text()
    assert nl("Job coach").lower() in (await invite.inner_text()).lower()
    copy = invite.locator("button.copy")
    assert await copy.is_visible()
    await copy.click()
    await page.wait_for_function("document.querySelector('.copied').textContent !== ''")
    assert await page.locator(".copied").inner_text() == nl("Copied")
    assert await page.evaluate("navigator.clipboard.readText()") == href
    await shoot(page, "team-invite-nl")

    # Listed while unused, with organisation, role and expiry; withdrawn, it no longer works.
    await page.goto(dashboard.base + "/team")
    listed = page.locator("table.invites tbody tr")
    assert await listed.count() == 1
    row = await listed.inner_text()
    assert "Gemeente Almelo" in row and nl("Job coach") in row and "Admin (900)" in row
    (stored,) = [i for i in await rows(dashboard, StaffInvite) if i.used_at is None]
    # As the page shows it: in the bot's zone (after 23:00 UTC in winter, the next day).
    expiry = as_utc(stored.expires_at).astimezone(dashboard.app.settings.tz)
    assert f"{expiry.day} " in row and str(expiry.year) in row
    await click(page, "table.invites button")
    notice = await page.locator(".notice").inner_text()
    assert notice == nl(
        "The invite link for {organisation} ({role}) is withdrawn: it no longer works."
    ).format(organisation="Gemeente Almelo", role=nl("Job coach"))
    assert await page.locator("table.invites").count() == 0
    standin.add_user(800, first_name="Too late", language_code="en")
    reply = texts(await standin.say(800, "/start " + href.rsplit("=", 1)[1]))
    assert "You are now outreach staff" not in reply
    assert [m.user_id for m in await rows(dashboard, StaffMember)] == [700]

    # Without script the link is still a link, and no copy button promises what cannot work.
    plain = await browser.new_context(locale="nl-NL", java_script_enabled=False)
    quiet = await sign_in(await plain.new_page(), await sign_in_link(standin, ADMIN))
    await quiet.goto(dashboard.base + "/team")
    await click(quiet, "form[action$='/team/invite'] button")
    assert (await quiet.locator("a#invite-link").get_attribute("href") or "").startswith(BOT_LINK)
    assert await quiet.locator("button.copy").is_hidden()
    await plain.close()

    # The audit trail as CSV with the page's filter: Dutch readers get ";" and the zone named.
    await page.goto(dashboard.base + "/audit?kind=invite_withdrawn")
    body = (await download(page, "form[action$='/audit.csv'] button")).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert table[0][0] == nl("When ({zone})").format(zone="Europe/Amsterdam")
    assert len(table) == 2, table
    assert table[1][1] == nl("Invite links withdrawn") and table[1][2] == "Admin (900)"
    assert "Gemeente Almelo" in table[1]
    downloads = [e for e in await rows(dashboard, AuditEvent) if e.action == "audit_exported"]
    assert [e.actor_id for e in downloads] == [ADMIN]
    await page.goto(dashboard.base + "/language/en?next=/dashboard/audit")
    english = (await download(page, "form[action$='/audit.csv'] button")).decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(english)))
    assert header[:3] == ["When (Europe/Amsterdam)", "Kind of event", "By"]
    assert "Admin (900) downloaded the audit trail" in english

    # The poster names the organisation, and that the scan works in Telegram or in the
    # browser, in both languages.
    await standin.say(700, "/campaign new Ondernemersavond")
    await standin.say(700, "Almelo")
    await standin.tap(700, "⏭ Skip")
    await page.goto(dashboard.base + "/")
    await click(page, "text=Ondernemersavond")
    pdf = await download(page, "a[href$='poster.pdf']")
    text = (
        await asyncio.to_thread(
            subprocess.run, ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
        )
    ).stdout.decode()
    flat = " ".join(text.split())
    assert "Gemeente Almelo" in flat and "Ondernemersavond" in flat
    assert "in Telegram of in je browser" in flat and "in Telegram or in your browser" in flat
    assert "Een app is niet nodig." in flat and "No app needed." in flat
    assert dashboard.base.removesuffix("/dashboard") + "/c/" in flat  # the web address
    assert "Telegram: https://t.me/tredebot_demo_bot?start=" in flat
    await context.close()
