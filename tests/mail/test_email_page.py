"""/scan/email as an owner uses it: the address, their link by e-mail (a link of its own that
works on another device), the yes or no to reminders, a bad address asked again beside the
field, a site without a mail server, a mail server that is down, stopping and removing."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bot.db.models import ReminderState
from bot.i18n import translate
from bot.services import privacy, web_mail, web_owners
from tests.e2e.reminders_support import reminders_of
from tests.mail.site import link_in, mail_site, new_owner
from tests.mail.smtp import Inbox, body, free_port
from tests.web_owners.conftest import Browser, WebScan


def heading(page: str) -> str:
    found = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
    assert found, "a page with a heading"
    return found.group(1)


async def owner_of(site: WebScan, browser: Browser) -> int:
    async with site.app.storage.sessionmaker() as db:
        user = await web_owners.by_token(db, browser.cookie, note_visit=False)
    assert user is not None
    return user.id


async def fill_in(browser: Browser, address: str, *, send_link: bool, reminders: bool) -> str:
    await browser.get("/scan/email")
    [form] = [f for f in browser.forms if f.action == "/scan/email"]
    data = {**form.fields, "email": address, "reminders": "yes" if reminders else "no"}
    if send_link:
        data["send_link"] = "yes"
    return await browser.post(form.action, data)


@pytest.mark.parametrize(
    ("language", "subject", "continue_words"),
    [
        ("nl", "Je link naar de PSO-scan", "Ga verder met je scan"),
        ("en", "Your link to the PSO scan", "Continue with your scan"),
    ],
)
async def test_the_link_by_email_arrives_in_the_owners_language_and_works_elsewhere(
    tmp_path: Path, inbox: Inbox, language: str, subject: str, continue_words: str
) -> None:
    async with mail_site(tmp_path, SMTP_URL=inbox.url) as site:
        browser = await new_owner(site, language)
        question = await browser.get("/scan")
        assert "/scan/email" in question, "every page offers the link by e-mail"
        page = await fill_in(browser, "ilse@bakkerij.nl", send_link=True, reminders=False)
        assert browser.url == "/scan/email?n=sent"
        assert (
            translate("Done: the e-mail with your link is on its way. Check your inbox.", language)
            in page
        )
        [mail] = inbox.to("ilse@bakkerij.nl")
        assert mail["Subject"] == subject and continue_words in body(mail)
        assert mail["From"] == "Tredebot <scan@example.nl>"
        path = link_in(mail, site)
        assert browser.cookie not in path, "the mail has a link of its own, not the page's"

        other_device = await site.browser()
        await other_device.get(path)
        assert other_device.url == "/scan?n=resumed"
        assert other_device.cookie and other_device.cookie != browser.cookie
        assert await owner_of(site, other_device) == await owner_of(site, browser)
        here = heading(await browser.get("/scan"))
        assert heading(await other_device.get("/scan")) == here, "the same question on both"

        # Starting over revokes every link, the mailed one too.
        await browser.get("/scan/restart")
        await browser.press(translate("Yes, start over", language))
        late = await site.browser()
        await late.get(path)
        assert late.status == 404 and not late.cookie


async def test_a_bad_address_is_asked_again_beside_the_field_in_dutch(
    tmp_path: Path, inbox: Inbox
) -> None:
    async with mail_site(tmp_path, SMTP_URL=inbox.url) as site:
        browser = await new_owner(site, "nl")
        page = await fill_in(browser, "ilse@bakkerij", send_link=True, reminders=True)
        assert browser.status == 400
        assert "Dat lijkt geen e-mailadres. Typ het als naam@voorbeeld.nl, zonder spaties." in page
        assert 'aria-invalid="true" aria-describedby="email-problem"' in page
        assert 'value="ilse@bakkerij"' in page, "what they typed stays in the field"
        assert "checked" in page.split('id="send_link"')[1].split(">")[0], "and their choices"
        async with site.app.storage.sessionmaker() as db:
            user = await web_owners.by_token(db, browser.cookie, note_visit=False)
            assert user is not None
            assert await web_mail.choice(db, user) == web_mail.Choice(None, False)
        assert not inbox.messages

        page = await fill_in(browser, "ilse@bakkerij.nl", send_link=False, reminders=False)
        assert browser.status == 400
        assert "Kies waarvoor het adres is" in page, "an address for nothing is not stored"

        await fill_in(browser, "ilse@bakkerij.nl", send_link=False, reminders=True)
        page = await fill_in(browser, "ilse@bakkerij,nl", send_link=False, reminders=True)
        assert browser.status == 400
        assert 'value="ilse@bakkerij,nl"' in page, "a new address typed wrongly stays as typed"
        assert "<strong>ilse@bakkerij.nl</strong>" in page, "the stored one is kept"


async def test_without_a_mail_server_no_email_is_offered(tmp_path: Path) -> None:
    async with mail_site(tmp_path, SMTP_URL="") as site:
        browser = await new_owner(site, "nl")
        page = await browser.get("/scan")
        assert "/scan/email" not in page
        assert "Je krijgt geen herinneringen: daarvoor is een e-mailadres nodig" in page
        page = await browser.get("/scan/email")
        assert browser.status == 404
        assert "Deze dienst verstuurt geen e-mail." in page
        [form] = [f for f in browser.forms if f.action == "/scan/language"]
        data = {**form.fields, "email": "ilse@bakkerij.nl", "send_link": "yes"}
        await browser.post("/scan/email", data)
        assert browser.status == 404


async def test_with_the_mail_server_down_the_page_works_and_says_so(tmp_path: Path) -> None:
    down = f"smtp://127.0.0.1:{free_port()}"
    async with mail_site(tmp_path, SMTP_URL=down) as site:
        browser = await new_owner(site, "en")
        page = await fill_in(browser, "jan@garage.nl", send_link=True, reminders=True)
        assert browser.status == 200 and browser.url == "/scan/email?n=failed"
        assert "the e-mail could not be sent just now" in page
        assert "jan@garage.nl" in page, "the choice is saved all the same"
        assert browser.cookie in page, "and the link is on the page"
        assert "Reminders by e-mail: yes." in page


async def test_stop_and_remove_the_address(tmp_path: Path, inbox: Inbox) -> None:
    async with mail_site(tmp_path, SMTP_URL=inbox.url) as site:
        browser = await new_owner(site, "en")
        user_id = await owner_of(site, browser)
        await fill_in(browser, "jan@garage.nl", send_link=False, reminders=True)
        assert browser.url == "/scan/email?n=saved"
        planned = await reminders_of(site.app.storage, user_id)
        assert [r.state for r in planned] == [ReminderState.PENDING], "the unfinished-scan nudge"

        async with site.app.storage.sessionmaker() as db:
            exported = json.loads(await privacy.export(db, user_id=user_id, now=planned[0].due_at))
        assert "jan@garage.nl" in json.dumps(exported), "exported like any answer"

        page = await browser.press("Stop reminders and remove my address")
        assert browser.url == "/scan/email?n=removed"
        assert "Your e-mail address is removed" in page and "jan@garage.nl" not in page
        async with site.app.storage.sessionmaker() as db:
            user = await web_owners.by_token(db, browser.cookie, note_visit=False)
            assert user is not None
            assert await web_mail.choice(db, user) == web_mail.Choice(None, False)
        assert [r.state for r in await reminders_of(site.app.storage, user_id)] == [
            ReminderState.CANCELLED
        ]
        assert not inbox.messages


async def test_links_by_email_are_limited_per_owner(tmp_path: Path, inbox: Inbox) -> None:
    async with mail_site(tmp_path, SMTP_URL=inbox.url) as site:
        browser = await new_owner(site, "en")
        for _ in range(web_mail.LINK_MAILS_PER_OWNER):
            await fill_in(browser, "jan@garage.nl", send_link=True, reminders=False)
            assert browser.url == "/scan/email?n=sent"
        page = await fill_in(browser, "jan@garage.nl", send_link=True, reminders=False)
        assert browser.url == "/scan/email?n=limited"
        assert "Try again in an hour" in page
        assert len(inbox.to("jan@garage.nl")) == web_mail.LINK_MAILS_PER_OWNER
