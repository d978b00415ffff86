"""Reminders by e-mail: the chat's reminders, by the same rules, to web owners who gave an
address and said yes, each with a resume link of its own that works; to no other web owner;
and never a Telegram message to a web owner (their negative id)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from bot.db.models import Reminder, ReminderState
from bot.services import web_mail, web_owners
from bot.services.web_mail import NO_EMAIL
from tests.e2e.reminders_support import ALWAYS_OPEN, WatchedClock, reminders_of
from tests.mail.site import link_in, mail_site, new_owner
from tests.mail.smtp import Inbox, body, smtp_stand_in
from tests.waiting import eventually
from tests.web_owners.conftest import Browser, WebScan

DAY = timedelta(days=1)


async def owner_id(site: WebScan, browser: Browser) -> int:
    async with site.app.storage.sessionmaker() as db:
        user = await web_owners.by_token(db, browser.cookie, note_visit=False)
    assert user is not None
    return user.id


async def choose(site: WebScan, browser: Browser, address: str, *, reminders: bool) -> None:
    async with site.app.storage.sessionmaker() as db:
        user = await web_owners.by_token(db, browser.cookie, note_visit=False)
        assert user is not None
        await web_mail.choose(db, user, address=address, reminders=reminders)


def no_telegram_to_web_owners(site: WebScan) -> None:
    assert not [o for o in site.standin.outgoing() if (o.chat_id or 0) < 0]
    assert not site.standin.errors


async def test_reminders_reach_only_the_web_owners_who_asked_and_carry_a_working_link(
    tmp_path: Path, inbox: Inbox
) -> None:
    clock = WatchedClock()
    async with mail_site(tmp_path, clock=clock, SMTP_URL=inbox.url, **ALWAYS_OPEN) as site:
        asked = await new_owner(site, "nl")  # an address and yes to reminders
        said_no = await new_owner(site, "en")  # an address for the link only
        silent = await new_owner(site, "en")  # no address
        await choose(site, asked, "ilse@bakkerij.nl", reminders=True)
        await choose(site, said_no, "jan@garage.nl", reminders=False)

        clock.advance(DAY - timedelta(minutes=5))
        await clock.caught_up()
        assert not inbox.messages, "nothing before a day of quiet"

        clock.advance(timedelta(minutes=10))
        [first] = await eventually(lambda: inbox.to("ilse@bakkerij.nl"), what="the first nudge")
        assert first["Subject"] == "Je PSO-scan wacht op je"
        assert "Je PSO-scan wacht op je: je was bij" in body(first), "the chat's own words"
        assert "Ga verder met je scan" in body(first)
        path = link_in(first, site)
        elsewhere = await site.browser()
        await elsewhere.get(path)
        assert elsewhere.url == "/scan?n=resumed"
        assert await owner_id(site, elsewhere) == await owner_id(site, asked)

        clock.advance(3 * DAY)
        await clock.caught_up()
        assert len(inbox.to("ilse@bakkerij.nl")) == 1
        clock.advance(DAY + timedelta(minutes=10))
        await eventually(lambda: len(inbox.to("ilse@bakkerij.nl")) == 2, what="the last nudge")
        last = inbox.to("ilse@bakkerij.nl")[-1]
        assert "Nog één laatste herinnering: je PSO-scan staat nog open bij" in body(last)
        assert link_in(last, site) != path, "each mail has a link of its own"

        for _ in range(4):
            clock.advance(5 * DAY)
            await clock.caught_up()
        assert [rcpt for rcpt, _m in inbox.messages] == [["ilse@bakkerij.nl"]] * 2
        assert [
            r.state for r in await reminders_of(site.app.storage, await owner_id(site, asked))
        ] == [
            ReminderState.SENT,
            ReminderState.SENT,
        ]
        no_answer = await reminders_of(site.app.storage, await owner_id(site, said_no))
        assert [r.state for r in no_answer] == [ReminderState.CANCELLED]
        nobody = await reminders_of(site.app.storage, await owner_id(site, silent))
        assert [(r.state, r.last_error) for r in nobody] == [(ReminderState.CANCELLED, NO_EMAIL)]
        no_telegram_to_web_owners(site)


async def test_without_a_mail_server_web_owners_get_no_reminders_at_all(tmp_path: Path) -> None:
    clock = WatchedClock()
    async with mail_site(tmp_path, clock=clock, SMTP_URL="", **ALWAYS_OPEN) as site:
        owner = await new_owner(site, "nl")
        await choose(site, owner, "ilse@bakkerij.nl", reminders=True)  # stored before, say
        clock.advance(DAY + timedelta(minutes=5))
        [reminder] = await eventually(lambda: _settled(site, owner), what="the nudge decided")
        assert (reminder.state, reminder.last_error) == (ReminderState.CANCELLED, NO_EMAIL)
        no_telegram_to_web_owners(site)


async def _settled(site: WebScan, browser: Browser) -> list[Reminder]:
    found = await reminders_of(site.app.storage, await owner_id(site, browser))
    busy = (ReminderState.PENDING, ReminderState.CLAIMED)
    return found if found and all(r.state not in busy for r in found) else []


async def test_a_mail_server_that_is_down_is_tried_again_later(tmp_path: Path) -> None:
    from tests.mail.smtp import free_port

    port = free_port()
    clock = WatchedClock()
    url = f"smtp://scan%40example.nl:p%40ss%20word@127.0.0.1:{port}"
    async with mail_site(tmp_path, clock=clock, SMTP_URL=url, **ALWAYS_OPEN) as site:
        owner = await new_owner(site, "en")
        user_id = await owner_id(site, owner)
        await choose(site, owner, "jan@garage.nl", reminders=True)
        clock.advance(DAY + timedelta(minutes=5))

        async def tried() -> list[Reminder]:
            found = await reminders_of(site.app.storage, user_id)
            return found if found and found[0].attempts == 1 else []

        [reminder] = await eventually(tried, what="a failed attempt recorded")
        assert reminder.state == ReminderState.PENDING
        assert (reminder.last_error or "").startswith("e-mail: ")
        assert "jan" not in (reminder.last_error or ""), "the reason names no address"

        with smtp_stand_in(port) as inbox:
            clock.advance(timedelta(minutes=2))  # past the first retry's delay
            [mail] = await eventually(lambda: inbox.to("jan@garage.nl"), what="the retried mail")
            assert mail["Subject"] == "Your PSO scan is waiting for you"
        no_telegram_to_web_owners(site)


async def test_saying_yes_later_brings_the_nudge_back(tmp_path: Path, inbox: Inbox) -> None:
    clock = WatchedClock()
    async with mail_site(tmp_path, clock=clock, SMTP_URL=inbox.url, **ALWAYS_OPEN) as site:
        owner = await new_owner(site, "en")
        clock.advance(DAY + timedelta(minutes=5))
        [cancelled] = await eventually(lambda: _settled(site, owner), what="the nudge decided")
        assert cancelled.last_error == NO_EMAIL, "no address, no reminder"

        await choose(site, owner, "jan@garage.nl", reminders=True)
        await clock.caught_up()
        clock.advance(DAY + timedelta(minutes=5))
        [mail] = await eventually(lambda: inbox.to("jan@garage.nl"), what="the nudge by e-mail")
        assert "Your PSO scan is waiting for you: you were at" in body(mail)
        no_telegram_to_web_owners(site)
