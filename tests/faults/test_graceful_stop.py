"""A deploy stops the bot with SIGTERM (`docker stop`, systemd): an owner whose answer is being
handled at that moment still gets the next question, and the process ends cleanly (exit 0),
in polling and in webhook mode. The bot is a real `python -m bot run`; the stand-in holds the
bot's next message unanswered (`StandIn.stall`), so the update is in progress for certain when
the signal comes, and is let go only once the bot says it is finishing it."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

import pytest

from bench.replicas import webhook_replicas
from standin import StandIn
from tests.e2e.harness import texts
from tests.faults.child import ChildBot
from tests.waiting import eventually

pytestmark = pytest.mark.slow  # bot processes

FINISHING = "stopping: finishing 1 update(s) in progress"
FINISHED = "stopping: every update in progress finished"
NEXT_QUESTION = "What kind of business"


async def exit_code(process: object, within: float = 30) -> int:
    code = await asyncio.to_thread(process.wait, within)  # type: ignore[attr-defined]
    return int(code)


async def test_sigterm_while_polling_lets_the_answer_in_hand_finish(tmp_path: Path) -> None:
    async with StandIn() as standin:
        child = await ChildBot.started(standin, tmp_path / "stop.db")
        try:
            await child.begin(4301)
            standin.stall("sendMessage", chat_id=4301)
            await standin.send_text(4301, "Bakkerij Ster")
            await asyncio.wait_for(standin.stalled.wait(), 30)

            child.process.send_signal(signal.SIGTERM)
            await eventually(lambda: FINISHING in child.log(), what=lambda: child.log())
            standin.unstall("sendMessage", chat_id=4301)
            assert await exit_code(child.process) == 0, child.log()
        finally:
            child.kill()
        assert FINISHED in child.log()
        assert NEXT_QUESTION in texts(standin.outgoing(4301))
        assert "Traceback" not in child.log()


async def test_sigterm_in_webhook_mode_finishes_the_update_then_exits(tmp_path: Path) -> None:
    async with StandIn() as standin:
        standin.add_user(4302, language_code="en")
        async with webhook_replicas(
            1,
            standin=standin,
            database_url=f"sqlite+aiosqlite:///{tmp_path / 'webhook.db'}",
            folder=tmp_path,
            token="42:STOP-TEST",
            name="stopping",
        ) as cluster:
            replica = cluster.replicas[0]

            def log() -> str:
                return replica.log.read_text(errors="replace")

            standin.stall("sendMessage", chat_id=4302)
            await standin.send_text(4302, "/start")
            await asyncio.wait_for(standin.stalled.wait(), 60)

            replica.process.send_signal(signal.SIGTERM)
            await eventually(lambda: FINISHING in log(), what=log)
            standin.unstall("sendMessage", chat_id=4302)
            assert await exit_code(replica.process) == 0, log()
            assert FINISHED in log()
            assert "SIGTERM received: stopping" in log()
            assert "Traceback" not in log()
        # The welcome, sent once the stall ended, reached the owner.
        assert standin.outgoing(4302)
