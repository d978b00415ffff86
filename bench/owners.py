"""Owners played through the complete inventory on a stand-in in this process.

`LoadStandIn` notes when each update reached the bot (fetched with getUpdates, or queued for the
webhook: Telegram's queue is part of the wait an owner sees) and when the bot's answer to it
was complete: the message the owner acts on next, that is the one carrying the button they tap
next (sent, or the message a tap moved on), or the next question when they type next (such a
question may carry no button), and after the last step the result's next steps (a
message with buttons) or the document (the PDF). An owner sends the next update only then, as a
person would. The same driver feeds the benchmark and the replica test.
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
# Times an owner types an answer again when the bot took it for an earlier question.
TYPE_AGAIN = 3
_REPLY_METHODS = {"sendMessage", "editMessageText", "sendPhoto", "sendDocument"}
Step = tuple[str, str]


def _labels(message: dict[str, Any]) -> set[str]:
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return {button.get("text", "") for row in rows for button in row}


# A question of the scan starts with its progress bar (bot/ui/prompt.py, progress_line); a
# message before it (the scan's introduction) or a notice has none.
_PROGRESS = ("▰", "▱")


def completes(name: str, message: dict[str, Any], following: Step | None) -> bool:
    """Whether the bot's `name` call that made `message` completes its answer, given the step
    the owner takes next: the button they will tap, or, when they will type, the next question
    (sent, or the message a tap moved on; a question to type an answer to may carry no button,
    and a typed answer is first shown in the question's message, without the progress bar);
    after the last step, a message with buttons (the result's next steps) or a document (the
    PDF). The echo's answers carry its one button."""
    if following is None:
        return bool(message.get("reply_markup")) or name == "sendDocument"
    kind, value = following
    if kind == "tap":
        return value in _labels(message)
    return (is_question(message) and not is_notice(message)) or ECHO_LABEL in _labels(message)


def is_question(message: dict[str, Any]) -> bool:
    return any(mark in (message.get("text") or "") for mark in _PROGRESS)


def is_notice(message: dict[str, Any]) -> bool:
    """The current question again under a notice: "⚠️ That message was meant for an earlier
    question. Here is the current one." (bot/handlers/conversation.py)."""
    return (message.get("text") or "").startswith("⚠️")


class LoadStandIn(StandIn):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("quiet_seconds", 0.05)
        super().__init__(**kwargs)
        self.arrived: dict[int, float] = {}
        # chat -> (set to (time, whether to type again), the owner's next step, typed now)
        self._waiting: dict[int, tuple[asyncio.Future[tuple[float, bool]], Step | None, bool]] = {}

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
        message = payload.get("result") if status == 200 and name in _REPLY_METHODS else None
        if isinstance(message, dict):
            chat_id = message["chat"]["id"]
            waiting = self._waiting.get(chat_id)
            if waiting is not None:
                waiter, following, typed = waiting
                again = typed and is_question(message) and is_notice(message)
                if again or completes(name, message, following):
                    del self._waiting[chat_id]
                    if not waiter.done():
                        waiter.set_result((time.perf_counter(), again))
        return status, payload

    def expect_reply(
        self, chat_id: int, following: Step | None = None, *, typed: bool = False
    ) -> asyncio.Future[tuple[float, bool]]:
        """A future set when the bot's answer in `chat_id` is complete (see `completes`), with
        the time and whether a typed answer reached the bot before the question it answers: the
        bot then shows the current question again, and the owner types the answer again."""
        waiter: asyncio.Future[tuple[float, bool]] = asyncio.get_running_loop().create_future()
        self._waiting[chat_id] = (waiter, following, typed)
        return waiter


@dataclass
class OwnerLog:
    user_id: int
    latencies: list[float] = field(default_factory=list)  # seconds, arrival -> complete answer
    arrivals: list[float] = field(default_factory=list)  # perf_counter() when each reached the bot
    updates: int = 0
    typed_again: int = 0  # answers the bot took for an earlier question (see expect_reply)


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
        following = script[step + 1] if step + 1 < len(script) else None
        first_arrival: float | None = None
        for _attempt in range(TYPE_AGAIN + 1):
            waiter = standin.expect_reply(user_id, following, typed=kind == "type")
            if kind == "tap":
                update = await standin.press(user_id, value)
            else:
                update = await standin.send_text(user_id, value)
            log.updates += 1
            try:
                answered, again = await asyncio.wait_for(waiter, timeout)
            except TimeoutError:
                raise TimeoutError(f"owner {user_id}: no answer to step {step} {value!r}") from None
            if first_arrival is None:
                first_arrival = standin.arrived.get(update["update_id"], answered)
            if not again:
                break
            log.typed_again += 1
        else:
            raise RuntimeError(f"owner {user_id}: step {step} {value!r} was never taken")
        # From the first time the answer reached the bot: typing it again is part of the wait.
        log.latencies.append(answered - first_arrival)
        log.arrivals.append(first_arrival)
    return log
