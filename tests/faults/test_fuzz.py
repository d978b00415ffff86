"""Hostile and odd input through the real dispatcher, in process, against the stand-in
(hypothesis).

One bot runs for all examples (in a thread with its own event loop). Fuzzed users are parked
at the "kind of business" question, which only a button (or its typed label) answers; after
every example their stored step and answers must be unchanged unless the input was exactly
such an answer, no update may have raised, and the stand-in must have accepted every reply.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from bot.db.models import Conversation
from bot.i18n import get_i18n
from bot.ui.prompt import label_reader
from dialogs.engine import Accepted, FlowState
from dialogs.flows.common import TODAY_KEY
from dialogs.flows.scan import SCAN as FLOW
from pso import clock
from standin import StandIn
from tests.e2e.harness import migrated_sqlite, running_bot
from tests.privacy.walk import answer_step, begin

pytestmark = pytest.mark.slow  # 600 examples through the bot

USERS = (501, 502, 503)
EXAMPLES = 600


class Loop:
    """An event loop in a thread running the stand-in and the bot until closed."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coro: Coroutine[Any, Any, Any], timeout: float = 60) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)


class Failures(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    loop = Loop()
    failures = Failures()
    logging.getLogger().addHandler(failures)
    folder: Path = tmp_path_factory.mktemp("fuzz")
    # The bot runs in process: each update sent returns once the bot has handled it.
    standin = StandIn()
    stack: dict[str, Any] = {}

    async def up() -> None:
        url = await migrated_sqlite(folder)
        stack["ctx"] = running_bot(standin, url)
        stack["app"] = await stack["ctx"].__aenter__()
        for user_id in USERS:
            await begin(standin, user_id)
            await answer_step(standin, user_id, name="Fuzz BV")

    loop.run(up())
    world = {"loop": loop, "standin": standin, "app": stack["app"], "failures": failures}
    world["delivered"] = 0
    yield world
    # Shown with -s or in CI's log: how many random updates went through the bot.
    print(f"\nfuzz: {world['delivered']} updates delivered")

    async def down() -> None:
        await stack["ctx"].__aexit__(None, None, None)

    loop.run(down())
    logging.getLogger().removeHandler(failures)
    loop.loop.call_soon_threadsafe(loop.loop.stop)


async def stored(app: Any, user_id: int) -> tuple[str, int, dict[str, Any], int]:
    async with app.storage.sessionmaker() as session, session.begin():
        intake = (
            await session.exec(
                select(Conversation).where(
                    Conversation.user_id == user_id, Conversation.status == "open"
                )
            )
        ).one()
        return intake.position, intake.revision, json.loads(intake.answers_json), intake.id or 0


TEXTS = st.one_of(
    st.text(max_size=200),
    st.just(""),
    st.just("x" * 5000),
    st.sampled_from(
        [
            "שלום עולם مرحبا",
            "\u200b\u200d\u2060\ufeff",
            "<b>bold</b> <i>",
            "</code><script>alert(1)</script>",
            "*bold* _it_ `code` [link](http://x)",
            "'; DROP TABLE users; --",
            "1 OR 1=1",
            "&amp; &lt; &#x;",
            "/start ' OR '1'='1",
            "/delete",
            "/export",
        ]
    ),
)
ACTS = st.sampled_from(list("cbsuhemrv"))


@st.composite
def updates(draw: st.DrawFn) -> dict[str, Any]:
    user_id = draw(st.sampled_from(USERS))
    kind = draw(
        st.sampled_from(
            [
                *("text", "callback", "forged", "sticker", "photo", "document", "location"),
                *("contact", "edited", "group", "channel", "from_bot", "garbage_callback"),
            ]
        )
    )
    return {
        "user": user_id,
        "kind": kind,
        "text": draw(TEXTS),
        "rev_offset": draw(st.integers(-3, 3)),
        "act": draw(ACTS),
        "value": draw(st.text(max_size=20)),
        "data": draw(st.text(min_size=1, max_size=64)),
    }


def raw_message(
    user_id: int, text: str, *, chat: dict[str, Any], is_bot: bool = False
) -> dict[str, Any]:
    sender = {"id": user_id, "is_bot": is_bot, "first_name": "Fuzz", "language_code": "en"}
    return {"message_id": 1, "date": int(time.time()), "chat": chat, "from": sender, "text": text}


async def deliver(standin: StandIn, app: Any, update: dict[str, Any]) -> tuple[bool, int | None]:
    """Send one update; True when it may validly change the user's stored answer, and the
    update_id that was sent (None when nothing was sent)."""
    user_id, text = update["user"], update["text"] or "."
    private = {"id": user_id, "type": "private", "first_name": "Fuzz"}
    kind = update["kind"]
    position, revision, answers, conversation = await stored(app, user_id)
    state = FlowState(answers=answers, position=position).with_context(
        **{TODAY_KEY: clock.today().isoformat()}  # the bot's day (Amsterdam)
    )
    prompt = FLOW.prompt(state)
    last = standin.last_bot_message(user_id)
    if kind == "text":
        if text.startswith("/"):
            return False, None  # commands are tested elsewhere; /delete would end the scan
        sent = await standin.send_text(user_id, update["text"])
        # What the engine takes as an answer (a button's words, a name, a phrase) may change
        # the stored answers; any other text must change nothing.
        with get_i18n().context(), get_i18n().use_locale("en"):
            labels = label_reader(prompt, "en")
            valid = isinstance(FLOW.type(state, update["text"], labels=labels), Accepted)
        return valid, sent["update_id"]
    if kind in ("callback", "forged") and last is not None:
        rev = revision + update["rev_offset"]
        act, value = update["act"], update["value"]
        valid_values = {option.value for option in prompt.options}
        if rev == revision and (act not in ("c", "h") or value in valid_values):
            act, value = "c", "not-an-option"  # keep it invalid for the current step
        data = f"a:{conversation}:{rev}:{act}:{value}"
        if len(data.encode()) > 64:
            data = data.encode()[:64].decode(errors="ignore")
        sent = await standin.press_data(user_id, data, message_id=last.message_id)
        return False, sent["update_id"]
    if kind == "garbage_callback" and last is not None:
        data = update["data"]
        if data.startswith(("a:", "sw:", "go:", "rs:", "pv:", "lang:", "w")):
            data = "z" + data[1:]
        sent = await standin.press_data(user_id, data, message_id=last.message_id)
        return False, sent["update_id"]
    if kind == "sticker":
        sent = await standin.send_sticker(user_id)
    elif kind == "photo":
        sent = await standin.send_photo(user_id, caption=update["text"][:1024] or None)
    elif kind == "document":
        sent = await standin.send_document(user_id, caption=update["text"][:1024] or None)
    elif kind == "location":
        sent = await standin.send_location(user_id)
    elif kind == "contact":
        sent = await standin.send_contact(user_id, "+31600000000", own=False)
    elif kind == "edited":
        message = {**raw_message(user_id, text, chat=private), "edit_date": int(time.time())}
        sent = await standin.send_update({"edited_message": message})
    elif kind == "group":
        group = {"id": -1000 - user_id, "type": "group", "title": "Fuzz group"}
        sent = await standin.send_update({"message": raw_message(user_id, text, chat=group)})
    elif kind == "channel":
        channel = {"id": -1009999, "type": "channel", "title": "Fuzz channel"}
        post = {"message_id": 1, "date": int(time.time()), "chat": channel, "text": text}
        sent = await standin.send_update({"channel_post": post})
    elif kind in ("callback", "forged", "garbage_callback"):
        return False, None  # no message to press on yet
    else:  # from_bot and anything left: a message from another bot in a private chat
        sent = await standin.send_update(
            {"message": raw_message(user_id + 10_000, text, chat=private, is_bot=True)}
        )
    return False, sent["update_id"]


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    # The same cases on every CI run, so a red run always means a reproducible finding.
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(batch=st.lists(updates(), min_size=1, max_size=6))
def test_fuzz_input_never_breaks_the_bot(
    world: dict[str, Any], batch: list[dict[str, Any]]
) -> None:
    loop, standin, app = world["loop"], world["standin"], world["app"]
    failures: Failures = world["failures"]
    failures.records.clear()
    standin.errors.clear()

    async def example() -> None:
        for update in batch:
            before = await stored(app, update["user"])
            may_change, update_id = await deliver(standin, app, update)
            world["delivered"] += update_id is not None
            if update_id is not None:
                await standin.wait_handled(update_id)
            after = await stored(app, update["user"])
            if after != before:
                assert may_change, f"{update['kind']} changed {before} to {after}: {update}"
                # Put the user back at the parked step for the next examples.
                await standin.say(update["user"], "/restart")
                await standin.tap(update["user"], "Yes, start over")
                await answer_step(standin, update["user"], name="Fuzz BV")

    loop.run(example())
    # Refusals the bot deliberately ignores ("message is not modified") are not failures.
    refused = [e for e in standin.errors if "not modified" not in str(e.get("description"))]
    assert not refused, refused[-1]
    assert not failures.records, failures.records[-1].getMessage()
