"""Helpers: staff and owners acting through the stand-in, and direct looks at the database."""

from __future__ import annotations

import asyncio
import re
import subprocess

import PIL.Image
import zxingcpp
from sqlmodel import col, select

from bot.db.models import Campaign, ContactConsent, UserCampaign
from standin import Outgoing, StandIn
from tests.e2e.harness import RunningBot, texts
from tests.waiting import eventually

ADMIN = 900
UNKNOWN_COMMAND = "I don't know that command. Use the buttons or /help."
LINK = re.compile(r"https://t\.me/tredebot_demo_bot\?start=([A-Za-z0-9_-]+)")


def link_in(outgoing: list[Outgoing]) -> str:
    match = LINK.search(texts(outgoing))
    assert match, texts(outgoing)
    return match.group(0)


ORGANISATION = "Gemeente Almelo"
ROLE = "Employer account manager"


async def invite_link(standin: StandIn, organisation: str = ORGANISATION, role: str = ROLE) -> str:
    """The admin makes the organisation (or finds it) and invites someone into it."""
    await standin.say(ADMIN, f"/organisation {organisation}")
    reply = texts(await standin.tap(ADMIN, f"➕ Invite to {organisation}"))
    assert "What does your colleague do" in reply, reply
    return link_in(await standin.tap(ADMIN, role))


async def make_staff(
    standin: StandIn, user_id: int, name: str = "Jeroen", organisation: str = ORGANISATION
) -> None:
    link = await invite_link(standin, organisation)
    standin.add_user(user_id, first_name=name, language_code="en")
    reply = texts(await standin.say(user_id, "/start " + link.rsplit("=", 1)[1]))
    assert f"You are now outreach staff of {organisation}" in reply, reply


async def make_campaign(
    standin: StandIn, staff_id: int, name: str, municipality: str, contact: str | None = None
) -> list[Outgoing]:
    """Name, municipality, then the optional contact: typed, or skipped with the button."""
    reply = texts(await standin.say(staff_id, f"/campaign new {name}"))
    assert "Which municipality" in reply, reply
    reply = texts(await standin.say(staff_id, municipality))
    assert "Who can owners contact" in reply, reply
    if contact is None:
        return await until_document(standin, staff_id, await standin.tap(staff_id, "⏭ Skip"))
    return await until_document(standin, staff_id, await standin.say(staff_id, contact))


async def until_document(
    standin: StandIn, chat_id: int, outgoing: list[Outgoing]
) -> list[Outgoing]:
    """The QR code and the poster are drawn in a thread: wait for the poster to arrive."""
    start = standin.outgoing(chat_id).index(outgoing[0]) if outgoing else 0

    def sent_with_document() -> list[Outgoing]:
        sent = standin.outgoing(chat_id)[start:]
        return sent if any(o.method == "sendDocument" for o in sent) else []

    return await eventually(
        sent_with_document,
        what=lambda: f"a document: {[o.method for o in standin.outgoing(chat_id)[start:]]}",
    )


def code_of(outgoing: list[Outgoing]) -> str:
    return link_in(outgoing).rsplit("=", 1)[1]


def decode_qr(png: bytes) -> str:
    import io

    results = zxingcpp.read_barcodes(PIL.Image.open(io.BytesIO(png)))
    assert len(results) == 1
    return results[0].text


async def pdf_text(pdf: bytes) -> str:
    """A PDF's text (poppler's pdftotext), its white space as single spaces."""
    done = await asyncio.to_thread(
        subprocess.run, ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return " ".join(done.stdout.decode().split())


async def campaign_by_code(app: RunningBot, code: str) -> Campaign:
    async with app.storage.sessionmaker() as session, session.begin():
        return (await session.exec(select(Campaign).where(Campaign.code == code))).one()


async def attributions(app: RunningBot, user_id: int) -> list[tuple[str, bool, str]]:
    """(campaign code, first, source) of every campaign the owner came through."""
    async with app.storage.sessionmaker() as session, session.begin():
        rows = await session.exec(
            select(Campaign.code, UserCampaign.first, UserCampaign.source)
            .join(UserCampaign, col(UserCampaign.campaign_id) == col(Campaign.id))
            .where(UserCampaign.user_id == user_id)
            .order_by(col(UserCampaign.id))
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


async def consents_of(app: RunningBot, user_id: int) -> list[ContactConsent]:
    async with app.storage.sessionmaker() as session, session.begin():
        rows = await session.exec(select(ContactConsent).where(ContactConsent.user_id == user_id))
        return list(rows)


async def walk_to_municipality(standin: StandIn, user_id: int) -> list[Outgoing]:
    """An English-speaking owner starts the scan and answers up to the municipality question."""
    await standin.tap(user_id, "▶️ Start the scan")
    await standin.say(user_id, "Bakkerij Ilse")
    return await standin.tap(user_id, "Bakery")


async def finish_scan(standin: StandIn, user_id: int) -> list[Outgoing]:
    """From after the municipality answer to the result."""
    await standin.say(user_id, "9")
    await standin.tap(user_id, "40 hours")
    await standin.tap(user_id, "In FTE")
    await standin.say(user_id, "8")
    # Nobody from the target group, no purchasing, the four requirements, 2 FTE for a year
    # and an own KvK number, the goal, no plan.
    for answer in ("No", "No", "Yes", "Yes", "Yes", "Yes", "Yes", "Yes", "Yes", "No"):
        await standin.tap(user_id, answer)
    return await standin.tap(user_id, "✅ Show my result")
