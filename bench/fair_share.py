"""Fair share: how long other users wait for `/help` while one user floods the bot.

    python -m bench.fair_share                    # SQLite in a temporary folder
    python -m bench.fair_share --burst 120 --sustain 0 --window 30

The bot runs as in production (`python -m bot run`, polling, default settings) against the
stand-in in this process, with Telegram's rate limits enforced (3 messages a second per chat,
30 in all; a 429 with retry_after past that). Five other users each send `/help` and wait for
the answer, one after another, a second apart (so their own chats stay within the limits). Two
phases of `--window` seconds each, alternated `--rounds` times (the flood's waiting updates are
done before the next quiet phase):

- no flood: only the five;
- flood: one user sends `--burst` `/start` and as many taps on the greeting's button at once,
  and then `--sustain` updates a second (half `/start`, half taps) until the phase ends.

A `/help`'s time is from the user sending it to the bot's answer reaching the stand-in (the
polling pick-up included). Printed: each phase's p50, p99 and max, and the ratio of the flood's
p50 and p99 to the quiet ones. A `/help` still unanswered when its phase ends counts with the
time it has waited so far (and is reported as unanswered).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.owners import LoadStandIn
from bench.run import percentile, start_bot

OTHERS = [2001, 2002, 2003, 2004, 2005]
FLOODER = 1001
HELP_EVERY_S = 1.0


class TimedStandIn(LoadStandIn):
    """Notes when the bot's messages for a chat go out (a successful sendMessage)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._message_waiters: dict[int, asyncio.Future[float]] = {}

    async def call(
        self, token: str, name: str, params: dict[str, Any], uploads: Any = None
    ) -> tuple[int, dict[str, Any]]:
        status, payload = await super().call(token, name, params, uploads)
        if status == 200 and name == "sendMessage":
            waiter = self._message_waiters.pop(payload["result"]["chat"]["id"], None)
            if waiter is not None and not waiter.done():
                waiter.set_result(time.perf_counter())
        return status, payload

    def expect_message(self, chat_id: int) -> asyncio.Future[float]:
        waiter: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self._message_waiters[chat_id] = waiter
        return waiter


@dataclass
class Phase:
    name: str
    times: list[float] = field(default_factory=list)  # seconds
    unanswered: int = 0


async def ask_help(standin: TimedStandIn, user_id: int, phase: Phase, until: float) -> None:
    """One user sending /help, waiting for the answer, then a second's pause, until `until`."""
    while time.perf_counter() < until:
        waiter = standin.expect_message(user_id)
        sent = time.perf_counter()
        await standin.send_text(user_id, "/help")
        try:
            answered = await asyncio.wait_for(waiter, max(0.0, until - sent) + 1.0)
        except TimeoutError:
            phase.times.append(time.perf_counter() - sent)
            phase.unanswered += 1
            return
        phase.times.append(answered - sent)
        await asyncio.sleep(HELP_EVERY_S)


async def flood(standin: TimedStandIn, burst: int, sustain: float, until: float) -> None:
    """One user's /start and taps on the greeting's button: a burst, then a steady stream."""
    greeting = standin.last_bot_message(FLOODER)
    assert greeting is not None and greeting.reply_markup is not None
    data = greeting.reply_markup["inline_keyboard"][0][0]["callback_data"]
    for _ in range(burst):
        await standin.send_text(FLOODER, "/start")
        await standin.press_data(FLOODER, data, message_id=greeting.message_id)
        # The stand-in answers the bot from this loop: queuing 600 updates in one go would
        # hold its answers (and the measured /help) back; a phone sends one at a time anyway.
        await asyncio.sleep(0)
    if sustain <= 0:
        return
    pause = 2 / sustain
    while time.perf_counter() < until:
        await standin.send_text(FLOODER, "/start")
        await standin.press_data(FLOODER, data, message_id=greeting.message_id)
        await asyncio.sleep(pause)


async def flood_over(standin: TimedStandIn, quiet_s: float = 2.0) -> None:
    """Wait until the flooder's waiting updates are done: nothing sent to them for a while."""
    while True:
        sent = [o for o in standin.outgoing(FLOODER) if o.method != "answerCallbackQuery"]
        count = len(sent)
        await asyncio.sleep(quiet_s)
        if (
            len([o for o in standin.outgoing(FLOODER) if o.method != "answerCallbackQuery"])
            == count
        ):
            return


async def run_phase(
    standin: TimedStandIn, phase: Phase, window: float, burst: int, sustain: float
) -> None:
    until = time.perf_counter() + window
    work = [ask_help(standin, user, phase, until) for user in OTHERS]
    if burst or sustain:
        work.append(flood(standin, burst, sustain, until))
    await asyncio.gather(*work)


def row(phase: Phase, quiet: Phase | None) -> str:
    p50 = percentile(phase.times, 50) * 1000
    p99 = percentile(phase.times, 99) * 1000
    ratio = "-"
    if quiet is not None:
        ratio = (
            f"{p50 / (percentile(quiet.times, 50) * 1000):.2f}x, "
            f"{p99 / (percentile(quiet.times, 99) * 1000):.2f}x"
        )
    return (
        f"| {phase.name} | {len(phase.times)} | {phase.unanswered} | {p50:.1f} | {p99:.1f} "
        f"| {max(phase.times) * 1000:.1f} | {ratio} |"
    )


async def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.fair_share", description=__doc__)
    parser.add_argument("--window", type=float, default=20.0, help="seconds per phase")
    parser.add_argument("--rounds", type=int, default=3, help="no flood, then flood, this often")
    parser.add_argument("--burst", type=int, default=300, help="/start (and as many taps) at once")
    parser.add_argument("--sustain", type=float, default=20.0, help="flood updates a second after")
    parser.add_argument("--postgres", help="an empty PostgreSQL database (asyncpg URL)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tredebot-fair-") as tmp:
        folder = Path(tmp)
        url = args.postgres or f"sqlite+aiosqlite:///{folder / 'fair.db'}"
        standin = TimedStandIn(enforce_rate_limits=True)
        await standin.start()
        process: subprocess.Popen[bytes] | None = None
        try:
            os.environ["WEB_ENABLED"] = "false"  # for the bot process: no dashboard port taken
            process = await start_bot("tredebot", standin, url, folder / "bot.log")
            for user in [FLOODER, *OTHERS]:
                standin.add_user(user, first_name=f"User {user}", language_code="en")
                waiter = standin.expect_message(user)
                await standin.send_text(user, "/start")  # known to the bot before measuring
                await asyncio.wait_for(waiter, 30)
            await asyncio.sleep(1.5)  # the greetings' per-chat budget back
            quiet, flooded = Phase("no flood"), Phase("flood")
            for round_ in range(args.rounds):  # alternated: this machine's speed drifts
                if round_:
                    await flood_over(standin)
                await run_phase(standin, quiet, args.window, 0, 0)
                await run_phase(standin, flooded, args.window, args.burst, args.sustain)
            sent = [o for o in standin.outgoing(FLOODER) if o.method == "sendMessage"]
            print(
                f"flood: {args.burst} /start and {args.burst} taps at once, then "
                f"{args.sustain:g} updates/s for {args.window:g} s, {args.rounds} times; "
                f"the flooder got {len(sent)} messages and "
                f"{len(standin.callback_answers)} tap answers; "
                f"429s from the stand-in: {len([e for e in standin.errors if e['status'] == 429])}"
            )
            print(f"other users' /help ({len(OTHERS)} users, one a second each), rate limits on:")
            print("| phase | /help sent | unanswered | p50 ms | p99 ms | max ms | flood / quiet |")
            print("|---|---|---|---|---|---|---|")
            print(row(quiet, None))
            print(row(flooded, quiet))
        finally:
            if process is not None:
                process.send_signal(signal.SIGINT)
                try:
                    await asyncio.to_thread(process.wait, 15)
                except subprocess.TimeoutExpired:
                    process.kill()
            with contextlib.suppress(Exception):
                await standin.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
