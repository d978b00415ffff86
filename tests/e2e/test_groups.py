"""Groups and channels: one line in answer to /start, nothing stored, no staff invite."""

from __future__ import annotations

import time

from sqlmodel import select

from bot.db.models import StaffMember, User
from standin import StandIn
from tests.e2e.harness import RunningBot, texts

GROUP = -100_555


def group_message(text: str, *, chat_type: str = "supergroup") -> dict[str, object]:
    command = text.split()[0] if text.startswith("/") else ""
    return {
        "message": {
            "message_id": int(time.time() * 1000) % 1_000_000,
            "date": int(time.time()),
            "chat": {"id": GROUP, "type": chat_type, "title": "Ondernemers Twenterand"},
            "from": {"id": 301, "is_bot": False, "first_name": "Eve", "language_code": "en"},
            "text": text,
            "entities": (
                [{"type": "bot_command", "offset": 0, "length": len(command)}] if command else []
            ),
        }
    }


async def test_start_in_a_group_asks_for_a_private_chat_and_stores_nothing(
    standin: StandIn, app: RunningBot
) -> None:
    await standin.send_update(group_message("/start"))
    reply = await standin.wait_reply(GROUP)
    assert texts(reply) == "I only work in a private chat. Tap my name and send me /start there."
    # A staff invite posted in a group makes nobody staff; other messages get no answer.
    for text in ("/start staff-abcdefghijklmnopqrstuv", "/result", "hello everyone"):
        update = await standin.send_update(group_message(text, chat_type="group"))
        await standin.wait_handled(update["update_id"])
    assert len(standin.outgoing(GROUP)) == 2  # the two answers to /start, nothing else
    async with app.storage.sessionmaker() as session, session.begin():
        assert (await session.exec(select(User))).all() == []
        assert (await session.exec(select(StaffMember))).all() == []
    assert not standin.errors
