"""One user cannot stall the others (issue 29, item 3): a flood from one user takes one slot,
the rest of it waits or is dropped with one "slow down", and a wait for Telegram's rate limits
holds no slot. The bot polls with production's own options (`bot.app.poll`), against the
stand-in with Telegram's rate limits enforced. (A webhook gets one update per chat at a time from
Telegram, and each goes through the same turns; see bot/telegram/webhook.py.)

The assertions are on order, not on time: the other user's /help is answered before the
flooding user gets a handful more replies. The figures (another user's /help p50/p99 with and
without a flood) are measured by `python -m bench.fair_share`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator

from aiogram import Dispatcher

from bot.app import poll
from bot.config import load_settings
from bot.factory import create_bot, create_dispatcher, create_storage
from bot.i18n import translate
from bot.middlewares import SLOW_DOWN
from bot.runtime.fair_share import QUEUE_LIMIT
from standin import StandIn
from tests.e2e.harness import TOKEN, RunningBot, end_leftover_tasks
from tests.faults.test_faults import KIND_QUESTION, TOWN_QUESTION, asked, scan, shown_prompt
from tests.privacy.walk import begin
from tests.waiting import eventually

FLOODER, OTHER = 1, 2
FLOOD = 300  # /start, and as many taps
# The other user's /help must be answered before the flooder gets this many more replies. On
# main it waited for every update the flood had queued before it (hundreds).
AHEAD = 10
SLOW_DOWN_EN = translate(SLOW_DOWN, "en")


def replies(standin: StandIn, chat_id: int) -> int:
    return sum(o.method in ("sendMessage", "editMessageText") for o in standin.outgoing(chat_id))


def slow_downs(standin: StandIn, chat_id: int) -> tuple[int, int]:
    """The slow-down notices the user got: (as messages, as answers to a tap)."""
    sent = [o for o in standin.outgoing(chat_id) if o.method == "sendMessage"]
    messages = sum(SLOW_DOWN_EN in o.plain for o in sent)
    answers = sum(
        a.get("text") == SLOW_DOWN_EN
        and standin.callback_queries[a["callback_query_id"]]["chat_id"] == chat_id
        for a in standin.callback_answers
    )
    return messages, answers


@contextlib.asynccontextmanager
async def rate_limited_standin() -> AsyncIterator[StandIn]:
    async with StandIn(enforce_rate_limits=True) as standin:
        yield standin


@contextlib.asynccontextmanager
async def production_polling(
    standin: StandIn, database_url: str, **overrides: object
) -> AsyncIterator[Dispatcher]:
    """The bot polling the stand-in over HTTP as `bot run` does (bot.app.poll)."""
    settings = load_settings(
        TELEGRAM_API_URL=standin.base_url, DATABASE_URL=database_url, BOT_TOKEN=TOKEN, **overrides
    )
    storage = create_storage(settings)
    bot = create_bot(settings)
    dispatcher = create_dispatcher(settings, storage)
    before = asyncio.all_tasks()
    task = asyncio.create_task(poll(dispatcher, bot, handle_signals=False, polling_timeout=1))
    try:
        await eventually(lambda: standin.polls_waiting > 0, what="the bot polling")
        yield dispatcher
    finally:
        await finish_flood(standin, dispatcher)
        with contextlib.suppress(RuntimeError):
            await dispatcher.stop_polling()
        await task
        await bot.session.close()
        await storage.engine.dispose()
        await end_leftover_tasks(before)


async def finish_flood(standin: StandIn, dispatcher: Dispatcher) -> None:
    """Let what the flood left waiting finish at once, so the bot stops with nothing in hand."""
    standin.enforce_rate_limits = False
    await eventually(
        lambda: dispatcher["fair_share"].idle() and not standin.pending_update_count(),
        within=30,
        what="the flood's waiting updates handled",
    )


async def help_time(standin: StandIn) -> float:
    """Seconds from the other user's /help to its answer."""
    before = replies(standin, OTHER)
    started = time.perf_counter()
    await standin.send_text(OTHER, "/help")
    await eventually(lambda: replies(standin, OTHER) > before, within=60, what="/help answered")
    return time.perf_counter() - started


async def flood(standin: StandIn) -> None:
    """300 /start and 300 taps on the greeting's button, interleaved, from one user."""
    await standin.send_text(FLOODER, "/start")
    await eventually(lambda: standin.last_bot_message(FLOODER), what="the greeting")
    greeting = standin.last_bot_message(FLOODER)
    assert greeting is not None and greeting.reply_markup is not None
    data = greeting.reply_markup["inline_keyboard"][0][0]["callback_data"]
    for _ in range(FLOOD):
        await standin.send_text(FLOODER, "/start")
        await standin.press_data(FLOODER, data, message_id=greeting.message_id)


async def answered_before_the_flooder(standin: StandIn) -> tuple[bool, int]:
    """Send the other user's /help during the flood: whether it was answered before the
    flooder got AHEAD more replies, and how many the flooder got meanwhile."""
    before = replies(standin, OTHER)
    flooder_before = replies(standin, FLOODER)
    await standin.send_text(OTHER, "/help")
    await eventually(
        lambda: (
            replies(standin, OTHER) > before or replies(standin, FLOODER) >= flooder_before + AHEAD
        ),
        within=120,
        what="/help or the flooder's replies",
    )
    return replies(standin, OTHER) > before, replies(standin, FLOODER) - flooder_before


async def test_a_flood_from_one_user_does_not_keep_another_waiting_when_polling(
    database_url: str,
) -> None:
    async with (
        rate_limited_standin() as standin,
        production_polling(standin, database_url) as dispatcher,
    ):
        standin.add_user(FLOODER, language_code="en")
        standin.add_user(OTHER, language_code="en")
        normal = await help_time(standin)
        await flood(standin)
        first, flooder_got = await answered_before_the_flooder(standin)
        assert first, (
            f"/help waited behind the flood: the flooder got {flooder_got} replies first "
            f"(/help alone took {normal:.3f} s)"
        )
        # The flood itself: once it is over, one slow-down notice was sent.
        await finish_flood(standin, dispatcher)
        assert sum(slow_downs(standin, FLOODER)) == 1


async def test_a_wait_for_telegram_holds_no_slot(database_url: str) -> None:
    # One slot in all: the throttled user's update lets it go while it waits out the 429.
    async with (
        rate_limited_standin() as standin,
        production_polling(standin, database_url, MAX_CONCURRENT_UPDATES="1"),
    ):
        standin.add_user(FLOODER, language_code="en")
        standin.add_user(OTHER, language_code="en")
        standin.fail_next("sendMessage", "429", retry_after=3, chat_id=FLOODER)
        await standin.send_text(FLOODER, "/help")
        await eventually(lambda: standin.errors, what="the 429")
        await standin.send_text(OTHER, "/help")
        await eventually(
            lambda: replies(standin, OTHER) or replies(standin, FLOODER), within=20, what="a reply"
        )
        assert replies(standin, OTHER) == 1, "the other user waited for the throttled one"
        assert replies(standin, FLOODER) == 0
        await eventually(lambda: replies(standin, FLOODER) == 1, within=20)


async def test_past_the_bound_updates_are_dropped_with_one_slow_down(
    standin: StandIn, app: RunningBot
) -> None:
    await begin(standin, FLOODER)
    await standin.say(FLOODER, "Bakkerij Ilse")
    message_id, rows = shown_prompt(standin, FLOODER)
    bakery = next(b["callback_data"] for row in rows for b in row if b["text"] == "Bakery")
    answered_before = len(standin.callback_answers)

    # 300 taps on "Bakery" at once (a script, a stuck finger): one handled at a time, twenty
    # wait their turn, the rest are dropped; the first dropped tap is answered "slow down".
    await asyncio.gather(
        *(standin.press_data(FLOODER, bakery, message_id=message_id) for _ in range(FLOOD))
    )
    assert slow_downs(standin, FLOODER) == (0, 1)
    answered = len(standin.callback_answers) - answered_before
    assert answered <= QUEUE_LIMIT + 2  # the handled taps and the one slow-down
    # What was stored stands, the first tap's answer counts once, and the scan goes on.
    _, answers = await scan(app, FLOODER)
    assert "Bakkerij Ilse" in answers.values()
    assert list(answers.values()).count("bakery") == 1
    assert asked(standin, FLOODER, KIND_QUESTION) == 1
    assert asked(standin, FLOODER, TOWN_QUESTION) == 1
    await standin.say(FLOODER, "Almelo")
    _, answers = await scan(app, FLOODER)
    assert "Almelo" in json.dumps(answers)

    # Another user's burst of typed messages: one slow-down message, the rest dropped.
    standin.add_user(OTHER, language_code="en")
    await asyncio.gather(*(standin.send_text(OTHER, "/start") for _ in range(FLOOD)))
    assert slow_downs(standin, OTHER) == (1, 0)
    assert replies(standin, OTHER) <= QUEUE_LIMIT + 2
    assert slow_downs(standin, FLOODER) == (0, 1)
    assert app.dispatcher["fair_share"].idle()
    assert not standin.errors
