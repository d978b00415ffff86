"""Owners played through the complete inventory on a stand-in in this process.

`LoadStandIn` notes when each update reached the bot (fetched with getUpdates, or queued for the
webhook: Telegram's queue is part of the wait an owner sees) and when the bot's answer to it
was complete: the first message carrying buttons (the next question, sent or in the message a
tap moved on, or the result's next steps), or a document (the PDF). An owner sends the next
update only then, as a person would. The same driver feeds the benchmark and the replica test.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from standin import StandIn

# The bakery owner of `python -m standin.demo --lang en`: (tap a button | type text, label or text).
SCRIPT: list[tuple[str, str]] = [
    ("type", "/start"),
    ("tap", "▶️ Start the scan"),
    ("type", "Bakkerij Ilse"),
    ("tap", "Bakery"),
    ("type", "Vriezenveen"),
    ("type", "9"),
    ("type", "40"),
    ("tap", "In FTE"),
    ("type", "8"),
    ("tap", "Yes"),
    ("tap", "Wajong (young disabled)"),
    ("type", "24"),
    ("tap", "Regular contract"),
    ("tap", "That's everyone"),
    ("tap", "No"),
    ("tap", "Yes"),
    ("tap", "Partly"),
    ("tap", "No"),
    ("tap", "Yes"),
    ("tap", "Yes"),  # at least 2 FTE for a year
    ("tap", "Yes"),  # own KvK number
    ("tap", "Yes"),
    ("tap", "No"),
    ("tap", "✅ Show my result"),
]
# At an outreach event the owner also taps for the PDF after the result; its answer is the
# document itself (no buttons).
PDF_LABEL = "📄 Summary and plan (PDF)"
EVENT_SCRIPT: list[tuple[str, str]] = [*SCRIPT, ("tap", PDF_LABEL)]


ECHO_LABEL = "🔁 Again"


def echo_script(script: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The echo bot answers every update with one button; its owners take the same steps."""
    return [
        (kind, ECHO_LABEL if kind == "tap" else f"answer {n}") for n, (kind, _) in enumerate(script)
    ]


ECHO_SCRIPT = echo_script(SCRIPT)
_REPLY_METHODS = {"sendMessage", "editMessageText", "sendPhoto", "sendDocument"}


class LoadStandIn(StandIn):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("quiet_seconds", 0.05)
        super().__init__(**kwargs)
        self.arrived: dict[int, float] = {}
        self._waiting: dict[int, asyncio.Future[float]] = {}
        self.replies = 0

    async def _get_updates(self, p: dict[str, Any]) -> list[dict[str, Any]]:
        updates = await super()._get_updates(p)
        now = time.perf_counter()
        for update in updates:
            self.arrived.setdefault(update["update_id"], now)
        return updates

    def _queue_webhook(self, update: dict[str, Any]) -> None:
        # Queued for the webhook: a wait for a free connection (max_connections) or for the
        # chat's previous update is the bot's latency as the owner sees it.
        self.arrived.setdefault(update["update_id"], time.perf_counter())
        super()._queue_webhook(update)

    async def call(
        self, token: str, name: str, params: dict[str, Any], uploads: Any = None
    ) -> tuple[int, dict[str, Any]]:
        status, payload = await super().call(token, name, params, uploads)
        complete = params.get("reply_markup") or name == "sendDocument"
        if status == 200 and name in _REPLY_METHODS and complete:
            chat_id = payload["result"]["chat"]["id"]
            waiter = self._waiting.pop(chat_id, None)
            if waiter is not None and not waiter.done():
                waiter.set_result(time.perf_counter())
            self.replies += 1
        return status, payload

    def expect_reply(self, chat_id: int) -> asyncio.Future[float]:
        waiter: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self._waiting[chat_id] = waiter
        return waiter


@dataclass
class OwnerLog:
    user_id: int
    latencies: list[float] = field(default_factory=list)  # seconds, arrival -> complete answer
    arrivals: list[float] = field(default_factory=list)  # perf_counter() when each reached the bot
    updates: int = 0


async def play_owner(
    standin: LoadStandIn,
    user_id: int,
    *,
    script: list[tuple[str, str]] = SCRIPT,
    think: Callable[[], float] | None = None,
    timeout: float = 60.0,  # noqa: ASYNC109 - per step, not for the whole call
    language_code: str = "en",
) -> OwnerLog:
    """Play one owner through `script`; raise if the bot does not answer a step in time."""
    return await play_owner_into(
        OwnerLog(user_id),
        standin,
        script=script,
        think=think,
        timeout=timeout,
        language_code=language_code,
    )


async def play_owner_into(
    log: OwnerLog,
    standin: LoadStandIn,
    *,
    script: list[tuple[str, str]],
    think: Callable[[], float] | None,
    timeout: float,  # noqa: ASYNC109 - per step
    language_code: str,
) -> OwnerLog:
    """`play_owner`, filling a log the caller holds: it keeps the steps of an owner cut off."""
    user_id = log.user_id
    standin.add_user(user_id, first_name=f"Owner {user_id}", language_code=language_code)
    for step, (kind, value) in enumerate(script):
        if think is not None and step:
            await asyncio.sleep(think())
        waiter = standin.expect_reply(user_id)
        if kind == "tap":
            update = await standin.press(user_id, value)
        else:
            update = await standin.send_text(user_id, value)
        try:
            answered = await asyncio.wait_for(waiter, timeout)
        except TimeoutError:
            raise TimeoutError(f"owner {user_id}: no answer to step {step} {value!r}") from None
        arrived = standin.arrived.get(update["update_id"], answered)
        log.latencies.append(answered - arrived)
        log.arrivals.append(arrived)
        log.updates += 1
    return log
