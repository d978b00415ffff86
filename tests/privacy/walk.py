"""Walk a user into the inventory the way a person would (typing and tapping)."""

from __future__ import annotations

from typing import Any

from standin import Outgoing, StandIn

START = "▶️ Start the scan"
NAVIGATION = ("⏭", "⬅️", "ℹ️", "❓")


def first_answer_button(standin: StandIn, user_id: int) -> str | None:
    message = standin.last_bot_message(user_id)
    for row in message.buttons if message else []:
        for label in row:
            if not label.startswith(NAVIGATION):
                return label
    return None


async def send_answer(
    standin: StandIn, user_id: int, *, name: str = "Zonnebloem"
) -> dict[str, Any]:
    """Answer the current question validly: its first button, else a name or a number.
    Returns the update, without waiting for the bot."""
    label = first_answer_button(standin, user_id)
    if label is not None:
        return await standin.press(user_id, label)
    message = standin.last_bot_message(user_id)
    question = message.plain if message else ""
    if "municipality" in question:  # a real one: an unknown name is asked back
        return await standin.send_text(user_id, "Almelo")
    return await standin.send_text(user_id, "5" if "How many" in question else name)


async def answer_step(
    standin: StandIn, user_id: int, *, name: str = "Zonnebloem"
) -> list[Outgoing]:
    """Answer the current question validly (`send_answer`) and return the bot's reply."""
    await send_answer(standin, user_id, name=name)
    return await standin.wait_reply(user_id)


async def begin(standin: StandIn, user_id: int) -> None:
    standin.add_user(user_id, language_code="en")
    await standin.say(user_id, "/start")
    await standin.tap(user_id, START)
