"""A stopping bot finishes the updates it has taken in before anything else stops.

Polling ends on SIGTERM or SIGINT (aiogram's handlers), the webhook server on the same signals
(bot/telegram/webhook.py); either way the dispatcher's shutdown runs next. Its first step,
registered before every job's, waits until no update is handled or waiting for its turn
(`FairShare.until_idle`), at most `DRAIN_SECONDS`: only then do the reminder loop, the drawing
worker (a result's picture may still be drawn) and the connections to Telegram and the database
stop. Without it, an owner whose answer was being handled when a deploy stopped the bot had it
stored but never saw the next question (aiogram cancels the handlers still running), and in
webhook mode SIGTERM ended the process at once.

8 seconds: `docker stop` kills after 10, and an update takes well under a second unless
Telegram asks it to wait (a 429): such an update is left, as before, and logged.
"""

from __future__ import annotations

import asyncio
import logging

from aiogram import Dispatcher

from bot.runtime.fair_share import FairShare

log = logging.getLogger(__name__)
DRAIN_SECONDS = 8.0


async def finish_updates_in_progress(share: FairShare, *, within: float = DRAIN_SECONDS) -> int:
    """Wait until `share` is idle, at most `within` seconds; the number left unfinished."""
    await asyncio.sleep(0)  # an update taken in just now reaches its turn first
    if share.idle():
        return 0
    log.info(
        "stopping: finishing %d update(s) in progress (at most %.0f s)", share.in_progress, within
    )
    try:
        await asyncio.wait_for(share.until_idle(), within)
    except TimeoutError:
        left = share.in_progress
        log.warning("stopping with %d update(s) unfinished after %.0f s", left, within)
        return left
    log.info("stopping: every update in progress finished")
    return 0


def setup_stopping(dispatcher: Dispatcher, share: FairShare) -> None:
    """Register the wait as the dispatcher's first shutdown step (before any job's)."""

    async def finish_first() -> None:
        await finish_updates_in_progress(share)

    dispatcher.shutdown.register(finish_first)
