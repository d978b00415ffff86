"""Periodic chores: erase users inactive beyond the retention period, forget old update ids.

Started from the dispatcher's startup hook; the clock is injectable (dispatcher["clock"]) so
tests can move time instead of waiting for it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from aiogram import Bot, Dispatcher

from bot.config import Settings
from bot.db import Sessionmaker, transactions
from bot.db.failures import cause, is_unavailable
from bot.db.models import utcnow
from bot.db.repositories import audit, organisations, users
from bot.jobs.background import run_while_dispatching
from bot.runtime.clock import as_clock
from bot.services.outreach import REINSTATE_DAYS
from bot.services.privacy import erase_user, fold_wal, tell_contacts_cleared

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]
BATCH = 200


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier (clamped to the month's end)."""
    total = moment.year * 12 + (moment.month - 1) - months
    year, month = divmod(total, 12)
    month += 1
    for day in range(moment.day, 27, -1):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    return moment.replace(year=year, month=month, day=min(moment.day, 28))


@dataclass
class Chores:
    erased_users: int = 0
    forgotten_updates: int = 0
    forgotten_audit_events: int = 0


class Housekeeper:
    def __init__(
        self,
        sessionmaker: Sessionmaker,
        settings: Settings,
        *,
        clock: Clock = utcnow,
        bot: Bot | None = None,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.settings = settings
        self.clock = clock
        self.bot = bot  # to ask an erased staff member's colleagues for a new contact

    async def run_once(self) -> Chores:
        now = self.clock()
        done = Chores()
        cutoff = months_before(now, self.settings.retention_months)
        while True:
            # One transaction per user: the same path as /delete, and a failure costs one user.
            async with self.sessionmaker() as session, transactions.read(session):
                ids = await users.inactive_user_ids(session, before=cutoff, limit=BATCH)
            for user_id in ids:
                async with self.sessionmaker() as session:
                    async with transactions.write(session):
                        erasure = await erase_user(
                            session, user_id=user_id, admin_ids=self.settings.admin_ids
                        )
                    if erasure.touched:
                        done.erased_users += 1
                        await fold_wal(session)
                if self.bot is not None:
                    await tell_contacts_cleared(self.bot, erasure)
            if len(ids) < BATCH:
                break
        async with self.sessionmaker() as session, transactions.write(session):
            keep = timedelta(days=self.settings.processed_updates_keep_days)
            done.forgotten_updates = await users.forget_updates_before(session, before=now - keep)
            # The audit trail is kept for the retention period, like everything else.
            done.forgotten_audit_events = await audit.forget_before(session, before=cutoff)
            # A revoke older than REINSTATE_DAYS can no longer be undone: who it was goes.
            await organisations.forget_revoked_before(
                session, before=now - timedelta(days=REINSTATE_DAYS)
            )
        if done.erased_users or done.forgotten_updates or done.forgotten_audit_events:
            log.info(
                "housekeeping: %d inactive users erased, %d old update ids and %d old audit "
                "events forgotten",
                done.erased_users,
                done.forgotten_updates,
                done.forgotten_audit_events,
            )
        return done

    async def run_forever(self) -> None:
        while True:
            try:
                await self.run_once()
            except asyncio.CancelledError:
                raise
            except Exception as error:  # a bad night must not stop tomorrow's run
                if not is_unavailable(error):
                    log.exception("housekeeping failed; next try in %ss", self.interval)
                else:  # the operator's matter: one line
                    log.error(
                        "housekeeping: database unavailable (%s); next try in %ss",
                        cause(error),
                        self.interval,
                    )
            await asyncio.sleep(self.interval)

    @property
    def interval(self) -> float:
        return self.settings.housekeeping_interval_s


def setup_housekeeping(dispatcher: Dispatcher) -> None:
    """Run the chores in the background while the dispatcher runs (polling or webhook)."""

    bots: list[Bot] = []

    async def remember(bot: Bot) -> None:  # start-up hooks get the bot; runs before `chores`
        bots.append(bot)

    dispatcher.startup.register(remember)

    def chores() -> Coroutine[Any, Any, None]:
        keeper = Housekeeper(
            dispatcher["sessionmaker"],
            dispatcher["settings"],
            clock=as_clock(dispatcher.get("clock")).now,
            bot=bots[-1] if bots else None,
        )
        dispatcher["housekeeper"] = keeper
        return keeper.run_forever()

    run_while_dispatching(dispatcher, "housekeeping", chores)
