"""An owner chatting with the bot through the stand-in, in their own language.

Labels are looked up through the real catalogues (English source text in, the user's language
out), so the same script runs in Dutch and English and breaks when a translation goes missing.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from bot.db.models import Conversation, Result
from bot.db.repositories import conversations
from bot.i18n import translate
from bot.ui.prompt import fmt_number
from standin import Outgoing, StandIn
from tests.e2e.harness import RunningBot, texts


class Owner:
    def __init__(self, standin: StandIn, user_id: int, locale: str) -> None:
        self.standin = standin
        self.user_id = user_id
        self.locale = locale
        standin.add_user(user_id, first_name="Owner", language_code=locale)
        self.last: list[Outgoing] = []

    def t(self, msgid: str, **params: Any) -> str:
        text = translate(msgid, self.locale)
        formatted = {
            k: fmt_number(v, self.locale, decimals=2) if isinstance(v, int | float) else v
            for k, v in params.items()
        }
        return text.format(**formatted) if formatted else text

    async def say(self, text: str) -> str:
        self.last = await self.standin.say(self.user_id, text)
        return texts(self.last)

    async def tap(self, msgid: str, **params: Any) -> str:
        """Tap the button whose English source text is `msgid`, as shown in the user's language."""
        label = self.t(msgid, **params)
        try:
            self.last = await self.standin.tap(self.user_id, label)
        except LookupError as error:
            # Say what the owner was looking at: the last messages of the chat.
            recent = [m.plain[:160] for m in self.standin.chat(self.user_id)[-4:]]
            raise LookupError(f"{error}; the chat ended with: {recent}") from None
        return texts(self.last)

    async def tap_label(self, label: str) -> str:
        self.last = await self.standin.tap(self.user_id, label)
        return texts(self.last)

    def last_keyboard(self) -> dict[str, Any] | None:
        for message in reversed(self.standin.chat(self.user_id)):
            if message.from_bot and message.reply_markup:
                return message.reply_markup
        return None


async def stored_answers(app: RunningBot, user_id: int) -> dict[str, Any]:
    import json

    async with app.storage.sessionmaker() as session, session.begin():
        intake = (
            await session.exec(
                select(Conversation)
                .where(Conversation.user_id == user_id, Conversation.flow == "scan")
                .order_by(Conversation.id.desc())  # type: ignore[union-attr]
            )
        ).first()
        if intake is None:
            return {}
        answers: dict[str, Any] = json.loads(intake.answers_json)
        return answers


async def stored_position(app: RunningBot, user_id: int) -> tuple[str, str]:
    async with app.storage.sessionmaker() as session, session.begin():
        intake = (
            await session.exec(
                select(Conversation)
                .where(Conversation.user_id == user_id, Conversation.flow == "scan")
                .order_by(Conversation.id.desc())  # type: ignore[union-attr]
            )
        ).first()
        assert intake is not None
        return intake.position, intake.status


async def stored_revision(app: RunningBot, user_id: int) -> tuple[int, int]:
    """The scan in progress and its revision (bumped by every change of an answer)."""
    async with app.storage.sessionmaker() as session, session.begin():
        intake = await conversations.scan_under_way(session, user_id=user_id)
        assert intake is not None and intake.id is not None
        return intake.id, intake.revision


def review_entry(owner: Owner, label: str) -> str:
    """The button of the review's "change an answer" menu that ends with `label`."""
    keyboard = owner.last_keyboard() or {"inline_keyboard": []}
    return next(
        str(button["text"])
        for row in keyboard["inline_keyboard"]
        for button in row
        if button["text"].endswith(label)
    )


async def stored_results(app: RunningBot, user_id: int) -> list[Result]:
    async with app.storage.sessionmaker() as session, session.begin():
        rows = await session.exec(select(Result).where(Result.user_id == user_id))
        return list(rows)


# --- the inventory, step by step, as the owners in the tests answer it ------------------------
YES, NO, PARTLY = "Yes", "No", "Partly"


async def start_scan(owner: Owner) -> None:
    await owner.say("/start")
    await owner.tap("▶️ Start the scan")


async def organisation(
    owner: Owner, *, name: str | None, sector: str, people: str, size: tuple[str, str]
) -> None:
    if name is None:
        await owner.tap("⏭ Skip")
    else:
        await owner.say(name)
    await owner.tap(sector)
    await owner.say("Vriezenveen")
    await owner.say(people)
    await owner.tap("{hours} hours", hours=40)
    unit, amount = size
    await owner.tap(unit)
    await owner.say(amount)


async def add_person(
    owner: Owner,
    group: str,
    hours: str,
    contract: str,
    *,
    started: str | None = None,
    unemployed: str | None = None,
    running: str | None = None,
    durable: str | None = None,
) -> str:
    """One person. `started`, where the rules ask when the person started: a month to type
    ("3-2024") or the English source of a button ("I don't know yet"); `unemployed` for WW;
    `running` for "is the wage-cost subsidy still paid / the Wsw indication still valid" and
    `durable` for flexible work (button labels, where the rules ask them)."""
    await owner.tap(group)
    await owner.say(hours)
    reply = await owner.tap(contract)
    if running is not None:
        reply = await owner.tap(running)
    if durable is not None:
        reply = await owner.tap(durable)
    if started is not None:
        if started[:1].isdigit():
            await owner.tap("Month and year")
            reply = await owner.say(started)
        else:
            reply = await owner.tap(started, **_period_params(started))
    if unemployed is not None:
        reply = await owner.tap(unemployed)
    return reply


def _period_params(label: str) -> dict[str, Any]:
    return {"years": 5} if "{years}" in label else {}


async def closing_questions(
    owner: Owner, purchasing: str, quality: list[str], conditions: tuple[str, ...] = (YES, YES)
) -> str:
    """Purchasing, the four qualitative requirements, the conditions of a Trede (2 FTE for a
    year, unless the size is below it, and the own KvK number) and the two intentions."""
    await owner.tap(purchasing)
    if purchasing == YES:
        await owner.tap("€10,000 to €50,000")
    for answer in quality:
        await owner.tap(answer)
    for answer in conditions:
        await owner.tap(answer)
    await owner.tap(YES)  # grow to a Trede within two years
    return await owner.tap(NO)  # plan of action


async def show_result(owner: Owner) -> str:
    await owner.tap("✅ Show my result")
    return texts(owner.last)
