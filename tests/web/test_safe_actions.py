"""Safe actions in a real browser: closing a campaign and revoking a colleague ask first (a page
of its own, no script needed) and can be undone (reopen; reinstate); the notices name who and
what; a name of spaces is refused with its own message, apart from a name that is taken."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import select

from bot.db.models import AuditEvent, Campaign, RevokedStaff, StaffMember
from bot.i18n import translate
from tests.campaigns.support import ADMIN, UNKNOWN_COMMAND, make_staff
from tests.e2e.harness import texts
from tests.web.conftest import Dashboard
from tests.web.test_dashboard import SIGN_IN, shoot, sign_in, sign_in_link

pytestmark = pytest.mark.slow  # a browser


def nl(message: str) -> str:
    return translate(message, "nl")


async def campaign_named(dashboard: Dashboard, name: str) -> Campaign:
    async with dashboard.app.storage.sessionmaker() as session, session.begin():
        return (await session.exec(select(Campaign).where(Campaign.name == name))).one()


async def member(dashboard: Dashboard, user_id: int) -> StaffMember | None:
    async with dashboard.app.storage.sessionmaker() as session, session.begin():
        return await session.get(StaffMember, user_id)


async def actions(dashboard: Dashboard) -> list[str]:
    async with dashboard.app.storage.sessionmaker() as session, session.begin():
        return [event.action for event in await session.exec(select(AuditEvent))]


async def click(page: Any, selector: str) -> None:
    async with page.expect_navigation():
        await page.click(selector)


async def test_closing_a_campaign_asks_first_and_reopening_undoes_it(
    dashboard: Dashboard, browser: Any
) -> None:
    await make_staff(dashboard.standin, 700, "Jeroen")
    context = await browser.new_context(locale="nl-NL")
    page = await sign_in(await context.new_page(), await sign_in_link(dashboard.standin, ADMIN))
    await page.fill("input[name=name]", "Ondernemersavond")
    await page.fill("input[name=municipality]", "Almelo")
    await click(page, "form[action$='/campaigns'] button")
    campaign_page = page.url.split("?")[0]

    # "Close" asks first, on its own page; nothing is closed until the answer.
    await click(page, "#manage form[action$='/close'] button")
    assert await page.locator("h1").inner_text() == nl("Close “{campaign}”?").format(
        campaign="Ondernemersavond"
    )
    assert nl("Its figures and consented contacts stay as they are.") in (
        await page.locator("main").inner_text()
    )
    await shoot(page, "confirm-close-nl")
    assert (await campaign_named(dashboard, "Ondernemersavond")).closed_at is None
    await click(page, f"text={nl('No, keep it open')}")
    assert page.url == campaign_page
    assert (await campaign_named(dashboard, "Ondernemersavond")).closed_at is None

    # Closed after "yes": the notice says what happened and carries its undo.
    await click(page, "#manage form[action$='/close'] button")
    await click(page, "form[action$='/close'][method=post] button")
    notice = page.locator(".notice")
    assert (await notice.locator("p").inner_text()) == nl(
        "You closed “{campaign}”: its link still greets owners, but counts no one new."
    ).format(campaign="Ondernemersavond")
    assert (await campaign_named(dashboard, "Ondernemersavond")).closed_at is not None
    await shoot(page, "campaign-closed-notice-nl")
    await click(page, ".notice button")
    assert (await campaign_named(dashboard, "Ondernemersavond")).closed_at is None
    assert "Ondernemersavond" in await page.locator(".notice").inner_text()

    # Closed again, and reopened later from the campaign's own page.
    await click(page, "#manage form[action$='/close'] button")
    await click(page, "form[action$='/close'][method=post] button")
    await page.goto(campaign_page)
    assert await page.locator(".notice").count() == 0
    await click(page, "#manage form[action$='/reopen'] button")
    assert (await campaign_named(dashboard, "Ondernemersavond")).closed_at is None
    assert [a for a in await actions(dashboard) if a.startswith("campaign_")] == [
        "campaign_created",
        "campaign_closed",
        "campaign_reopened",
        "campaign_closed",
        "campaign_reopened",
    ]

    # A rename to spaces is refused beside its form, and the name stays.
    await page.fill("#manage input[name=name]", "   ")
    await click(page, "#manage form[action$='/rename'] button")
    problem = page.locator("#manage .problem")
    assert await problem.inner_text() == nl(
        "Give the campaign a name: spaces alone are not a name."
    )
    assert await page.locator(".notice").count() == 0
    assert await page.locator("h1").inner_text() == "Ondernemersavond"
    assert (await campaign_named(dashboard, "Ondernemersavond")).name == "Ondernemersavond"
    await shoot(page, "campaign-rename-refused-nl")
    await context.close()


async def test_revoking_asks_first_names_who_and_can_be_undone(
    dashboard: Dashboard, browser: Any
) -> None:
    standin = dashboard.standin
    await make_staff(standin, 700, "Jeroen")
    before = await member(dashboard, 700)
    assert before is not None
    context = await browser.new_context(locale="nl-NL")
    page = await sign_in(await context.new_page(), await sign_in_link(standin, ADMIN))
    await page.goto(dashboard.base + "/team")

    # The button asks first, naming who, their role and organisation, and how to undo it.
    await click(page, "form[action$='/team/revoke'] button")
    assert await page.locator("h1").inner_text() == nl("Revoke {person}?").format(
        person="Jeroen (700)"
    )
    text = await page.locator("main").inner_text()
    assert "Gemeente Almelo" in text and nl("Employer account manager") in text
    await shoot(page, "confirm-revoke-nl")
    assert await member(dashboard, 700) is not None
    await click(page, f"text={nl('No, keep them')}")
    assert await member(dashboard, 700) is not None

    await click(page, "form[action$='/team/revoke'] button")
    await click(page, "form[action$='/team/revoke'][method=post] button")
    notice = await page.locator(".notice p").inner_text()
    assert notice == nl(
        "{person} is revoked: they can no longer use the staff commands or the dashboard, "
        "and their sessions have ended."
    ).format(person="Jeroen (700)")
    assert await member(dashboard, 700) is None
    assert texts(await standin.say(700, "/dashboard")) == UNKNOWN_COMMAND
    await shoot(page, "team-revoked-nl")
    revoked = page.locator("table:has(th:text-is('{}'))".format(nl("Revoked on")))
    assert "Jeroen (700)" in await revoked.inner_text()

    # Undo in the notice: staff again, as they were, and they can sign in again.
    await click(page, ".notice button")
    again = await member(dashboard, 700)
    assert again is not None
    assert (again.organisation_id, again.job_role, again.display_name) == (
        before.organisation_id,
        before.job_role,
        "Jeroen",
    )
    assert again.added_at.replace(tzinfo=None) == before.added_at.replace(tzinfo=None)
    assert "Jeroen (700)" in await page.locator(".notice p").inner_text()
    assert SIGN_IN.search(texts(await standin.say(700, "/dashboard")))

    # Revoked again, and reinstated later from the list of those revoked lately.
    await click(page, "form[action$='/team/revoke'] button")
    await click(page, "form[action$='/team/revoke'][method=post] button")
    await page.goto(dashboard.base + "/team")
    await click(page, "form[action$='/team/reinstate'] button")
    assert await member(dashboard, 700) is not None
    async with dashboard.app.storage.sessionmaker() as session, session.begin():
        assert list(await session.exec(select(RevokedStaff))) == []
    kinds = [a for a in await actions(dashboard) if a.startswith("staff_")]
    assert kinds == [
        "staff_joined",
        "staff_revoked",
        "staff_reinstated",
        "staff_revoked",
        "staff_reinstated",
    ]
    await context.close()


async def test_blank_names_have_their_own_message(dashboard: Dashboard, browser: Any) -> None:
    context = await browser.new_context(locale="nl-NL")
    page = await sign_in(await context.new_page(), await sign_in_link(dashboard.standin, ADMIN))
    await page.goto(dashboard.base + "/team")
    new = "form[action$='/team/organisations']"
    blank = nl("Give the organisation a name: spaces alone are not a name.")
    taken = nl("Another organisation is called that already: choose another name.")
    assert blank != taken

    await page.fill(f"{new} input[name=name]", "  \t ")
    await click(page, f"{new} button")
    assert await page.locator(".problem").inner_text() == blank
    await page.fill(f"{new} input[name=name]", "Gemeente Almelo")
    await click(page, f"{new} button")
    assert "Gemeente Almelo" in await page.locator(".notice").inner_text()
    await page.fill(f"{new} input[name=name]", "gemeente ALMELO")
    await click(page, f"{new} button")
    assert await page.locator(".problem").inner_text() == taken
    assert await page.locator(f"{new} input[name=name]").input_value() == "gemeente ALMELO"

    # A rename to spaces: refused inside the (opened) rename form.
    await page.goto(dashboard.base + "/team")
    await page.click("summary")
    await page.fill("form[action$='/rename'] input[name=name]", "   ")
    await click(page, "form[action$='/rename'] button")
    assert await page.locator("details[open] .problem").inner_text() == blank
    assert await page.locator("h2").first.inner_text() == "Gemeente Almelo"
    await shoot(page, "team-blank-name-nl")
    await context.close()
