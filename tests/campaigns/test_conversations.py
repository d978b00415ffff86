"""One arbiter for typed text: the user's stored conversation decides who answers it, not the
order of the routers."""

from __future__ import annotations

from aiogram.filters import Command
from sqlmodel import select

from bot.db.models import Campaign, Conversation, User
from bot.handlers import build_root_router
from bot.handlers.filters import InConversation
from standin import StandIn
from tests.campaigns.support import make_staff, until_document
from tests.e2e.harness import RunningBot, texts

STAFF = 910


async def conversation_of(app: RunningBot, user_id: int) -> str:
    async with app.storage.sessionmaker() as session, session.begin():
        return (await session.exec(select(User.conversation).where(User.id == user_id))).one()


async def test_typed_text_goes_to_the_one_conversation_the_user_is_in(
    standin: StandIn, app: RunningBot
) -> None:
    await make_staff(standin, STAFF)
    # A staff member halfway through a scan of their own business...
    await standin.say(STAFF, "/start")
    await standin.tap(STAFF, "▶️ Start the scan")
    assert "name of your business" in texts(await standin.say(STAFF, "/continue"))
    assert await conversation_of(app, STAFF) == Conversation.SCAN
    # ...starts making a campaign: the typed name and municipality go to the campaign.
    assert "What is the campaign called" in texts(await standin.say(STAFF, "/campaign new"))
    assert await conversation_of(app, STAFF) == Conversation.CAMPAIGN_DRAFT
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
    # Done: typed text answers the scan again, where it was.
    assert await conversation_of(app, STAFF) == Conversation.SCAN
    reply = texts(await standin.say(STAFF, "Bakkerij Jeroen"))
    assert "What kind of business" in reply
    assert not standin.errors


def test_every_typed_text_handler_belongs_to_exactly_one_conversation() -> None:
    """A handler that takes typed text without `InConversation` would answer depending on
    where its router stands; two handlers for one conversation would compete."""
    claimed: dict[Conversation, int] = {}
    root = build_root_router()
    routers = [root]
    while routers:
        router = routers.pop()
        routers.extend(router.sub_routers)
        for handler in router.message.handlers:
            filters = [f.callback for f in handler.filters or ()]
            if any(isinstance(f, Command) for f in filters):
                continue
            conversations = [f.which for f in filters if isinstance(f, InConversation)]
            if router.name.endswith(("fallback", "groups")):
                assert not conversations
                continue
            assert len(conversations) == 1, (router.name, handler.callback.__name__)
            claimed[conversations[0]] = claimed.get(conversations[0], 0) + 1
    assert claimed == {
        Conversation.SCAN: 2,  # text, and anything else (a sticker: the question again)
        Conversation.WHAT_IF: 1,  # the hours (and a re-ask at a button question)
        Conversation.HIRED: 1,  # the hours and the start month of a real hire
        Conversation.CONSENT: 2,  # text, and a shared contact (the phone number)
        Conversation.CAMPAIGN_DRAFT: 1,  # the name, then the municipality
    }
