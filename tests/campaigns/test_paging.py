"""Chat answers that grow with what staff do (the audit trail, campaigns, contacts, the team) come
in pages within Telegram's 4096 characters, whatever length of names staff typed, in both
languages; a page button forged or left from long ago is clamped or answered kindly."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.db.models import (
    AuditAction,
    AuditEvent,
    ContactConsent,
    Organisation,
    StaffMember,
    User,
    utcnow,
)
from bot.db.models.campaigns import CONTACT_MAX, ORGANISATION_NAME_MAX
from bot.db.repositories import campaigns
from bot.db.repositories.campaigns import MUNICIPALITY_MAX, NAME_MAX
from standin import Outgoing, StandIn
from tests.campaigns.support import ADMIN
from tests.e2e.harness import RunningBot, texts

STAFF = 950
CAMPAIGNS, MEMBERS, CONSENTS = 34, 31, 27
TELEGRAM_LIMIT = 4096


def long_name(stem: str, length: int) -> str:
    """A name at its maximum, with characters that HTML escapes (each is one on screen)."""
    return (f"{stem} & <Zn> " * length)[:length]


async def seed(app: RunningBot) -> int:
    """Many organisations, staff, campaigns, consents and audit events, every name as long as
    it can be; returns how many audit events there are."""
    now = utcnow()
    async with app.storage.sessionmaker() as session, session.begin():
        organisations = []
        for n in range(3):
            organisation = Organisation(name=long_name(f"Gemeente {n}", ORGANISATION_NAME_MAX))
            session.add(organisation)
            organisations.append(organisation)
        await session.flush()
        home = organisations[0].id or 0
        session.add(
            StaffMember(user_id=STAFF, display_name=long_name("Jeroen", 200), organisation_id=home)
        )
        for n in range(MEMBERS):
            session.add(
                StaffMember(
                    user_id=10**15 + n,
                    display_name=long_name(f"Medewerker {n}", 200),
                    organisation_id=organisations[n % 2].id or 0,
                    job_role="employer_adviser",
                )
            )
        made = []
        for n in range(CAMPAIGNS):
            campaign = await campaigns.create_campaign(
                session,
                owner_id=STAFF,
                organisation_id=home,
                name=long_name(f"Campagne {n}", NAME_MAX),
                municipality=long_name("Twenterand", MUNICIPALITY_MAX),
            )
            made.append(campaign)
        for n in range(CONSENTS):
            user = User(id=20_000 + n)
            session.add(user)
            await session.flush()
            session.add(
                ContactConsent(
                    user_id=user.id,
                    campaign_id=made[0].id or 0,
                    consent_text="x" * CONTACT_MAX,
                    org_name=long_name(f"Bakkerij {n}", 200),
                    contact_name=long_name("Ilse", 200),
                    phone="+31 6 " + "1" * 26,
                    level="trede_2",
                    given_at=now,
                )
            )
        kinds = list(AuditAction)
        events = 0
        for n in range(70):
            session.add(
                AuditEvent(
                    at=now - timedelta(minutes=n),
                    action=kinds[n % len(kinds)].value,
                    actor_id=10**15 + n % MEMBERS,
                    subject_id=10**15 + (n + 1) % MEMBERS,
                    campaign_id=made[n % CAMPAIGNS].id,
                    organisation_id=organisations[n % 3].id,
                )
            )
            events += 1
    return events


def last_message(outgoing: list[Outgoing]) -> Outgoing:
    shown = [o for o in outgoing if o.text and o.method in ("sendMessage", "editMessageText")]
    assert shown, [o.method for o in outgoing]
    return shown[-1]


def pager_data(message: Outgoing, arrow: str) -> str | None:
    for row in (message.reply_markup or {}).get("inline_keyboard", []):
        for button in row:
            if arrow in button["text"] and "callback_data" in button:
                return str(button["callback_data"])
    return None


async def walk(standin: StandIn, user_id: int, first: list[Outgoing]) -> list[Outgoing]:
    """Every page, from the first to the last with "Next ▶️" (in either language)."""
    pages = [last_message(first)]
    while (data := pager_data(pages[-1], "▶️")) is not None:
        assert len(pages) < 50, "no end to the pages"
        message_id = standin.last_bot_message(user_id)
        assert message_id is not None
        await standin.press_data(user_id, data, message_id=message_id.message_id)
        pages.append(last_message(await standin.wait_reply(user_id)))
    return pages


def assert_fit(pages: list[Outgoing]) -> None:
    for page in pages:
        assert len(page.plain) <= TELEGRAM_LIMIT, len(page.plain)  # as Telegram counts
        for row in (page.reply_markup or {}).get("inline_keyboard", []):
            for button in row:
                assert len(button.get("callback_data", "").encode()) <= 64


@pytest.mark.parametrize("language", ["en", "nl"])
async def test_every_growing_list_is_paged_within_telegrams_limit(
    standin: StandIn, app: RunningBot, language: str
) -> None:
    events = await seed(app)
    standin.add_user(STAFF, first_name="Jeroen", language_code=language)
    if language == "nl":
        await standin.say(ADMIN, "/language")
        await standin.tap(ADMIN, "Nederlands")

    audit = await walk(standin, ADMIN, await standin.say(ADMIN, "/audit"))
    assert_fit(audit)
    assert sum(page.plain.count("\n• ") for page in audit) == events  # nothing lost
    assert len(audit) > 1

    team = await walk(standin, ADMIN, await standin.say(ADMIN, "/staff"))
    assert_fit(team)
    revokes = {b for page in team for row in page.buttons for b in row if b.startswith("✖️")}
    assert len(revokes) == MEMBERS + 1

    listed = await walk(standin, STAFF, await standin.say(STAFF, "/campaigns"))
    assert_fit(listed)
    shown = [b for page in listed for row in page.buttons for b in row if "Campagne" in b]
    assert len(shown) == CAMPAIGNS
    assert all(len(b) <= 40 for b in shown)  # names cut to a display length

    first_made = next(b for b in shown if b.startswith("Campagne 0 "))  # on the last page
    details = last_message(await standin.tap(STAFF, first_made))
    contacts_label = next(b for row in details.buttons for b in row if b.startswith("👥"))
    contacts = await walk(standin, STAFF, await standin.tap(STAFF, contacts_label))
    assert_fit(contacts)
    assert sum(page.plain.count("• ") for page in contacts) == CONSENTS
    assert not standin.errors


async def test_old_and_forged_page_buttons(standin: StandIn, app: RunningBot) -> None:
    await seed(app)
    first = last_message(await standin.say(ADMIN, "/audit"))
    message = standin.last_bot_message(ADMIN)
    assert message is not None
    # A page past the end (the trail got shorter, or forged): the last page.
    await standin.press_data(ADMIN, "au:9999", message_id=message.message_id)
    last = last_message(await standin.wait_reply(ADMIN))
    assert pager_data(last, "▶️") is None and pager_data(last, "◀️") is not None
    assert last.plain != first.plain
    # Out of range or not a number: the kind answer to a button that no longer works.
    for forged in ("au:-1", "au:99999", "au:x", "cl:10000", "ck:0:1"):
        await standin.press_data(ADMIN, forged, message_id=message.message_id)
        reply = texts(await standin.wait_reply(ADMIN))
        assert reply == "This button no longer works. Type /start to go on.", forged
    assert not standin.errors
