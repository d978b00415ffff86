"""One arbiter for typed text: the user's open conversation decides who answers it, not the
order of the routers; one handler takes typed text for every flow."""

from __future__ import annotations

from aiogram.filters import Command
from sqlmodel import select

from bot.db.models import Campaign, Conversation
from bot.handlers import build_root_router
from bot.handlers.filters import InConversation
from standin import StandIn
from tests.campaigns.support import make_staff, until_document
from tests.e2e.harness import RunningBot, texts

STAFF = 910


async def open_flow(app: RunningBot, user_id: int) -> str | None:
    async with app.storage.sessionmaker() as session, session.begin():
        row = (
            await session.exec(
                select(Conversation).where(
                    Conversation.user_id == user_id, Conversation.status == "open"
                )
            )
        ).first()
        return row.flow if row is not None else None


async def test_typed_text_goes_to_the_one_conversation_the_user_is_in(
    standin: StandIn, app: RunningBot
) -> None:
    await make_staff(standin, STAFF)
    # A staff member halfway through a scan of their own business...
    await standin.say(STAFF, "/start")
    await standin.tap(STAFF, "▶️ Start the scan")
    assert "name of your business" in texts(await standin.say(STAFF, "/continue"))
    assert await open_flow(app, STAFF) == "scan"
    # ...starts making a campaign: the typed name and municipality go to the campaign.
    assert "What is the campaign called" in texts(await standin.say(STAFF, "/campaign new"))
    assert await open_flow(app, STAFF) == "campaign"
    assert "Which municipality" in texts(await standin.say(STAFF, "Avond Twenterand"))
    assert "Who can owners contact" in texts(await standin.say(STAFF, "Twenterand"))
    kit = await until_document(standin, STAFF, await standin.say(STAFF, "WSP Twente, 053 123"))
    assert "is ready" in texts(kit)
    async with app.storage.sessionmaker() as session, session.begin():
        campaign = (await session.exec(select(Campaign))).one()
    assert (campaign.name, campaign.municipality, campaign.contact) == (
        "Avond Twenterand",
        "Twenterand",
        "WSP Twente, 053 123",
    )
    # Done: the scan is back, at its question, and typed text answers it again.
    assert await open_flow(app, STAFF) == "scan"
    assert "Back to your scan" in texts(standin.outgoing(STAFF))
    reply = texts(await standin.say(STAFF, "Bakkerij Jeroen"))
    assert "What kind of business" in reply
    assert not standin.errors


def test_one_handler_takes_typed_text_for_every_flow() -> None:
    """A handler that takes typed text without `InConversation` would answer depending on
    where its router stands; two routers with it would compete. Only the conversation
    handler has it (typed text, a shared contact, anything else), and besides it only the
    fallback and groups take text that is not a command."""
    root = build_root_router()
    routers = [root]
    claimed: dict[str, list[str]] = {}
    while routers:
        router = routers.pop()
        routers.extend(router.sub_routers)
        for handler in router.message.handlers:
            filters = [f.callback for f in handler.filters or ()]
            if any(isinstance(f, Command) for f in filters):
                continue
            if any(isinstance(f, InConversation) for f in filters):
                claimed.setdefault(router.name, []).append(handler.callback.__name__)
            else:
                assert router.name.endswith(("fallback", "groups")), (
                    router.name,
                    handler.callback.__name__,
                )
    assert claimed == {"bot.handlers.conversation": ["shared_contact", "typed", "other_content"]}
