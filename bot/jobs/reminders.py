"""The loop that sends due reminders: claim, check, pace, send, settle. What a reminder says,
whether it still fits and how a refusal is settled are the reminders service's
(bot/services/reminders/delivery.py); this is the looping, pacing and sending.

Limits: a global pace (REMINDER_RATE, default 25 a second, below Telegram's 30 so replies to
users still fit) and one message a second per chat. A 429 that the bot session's retry did not
absorb pauses the whole loop for retry_after.

Owners who do the scan in a browser get their reminders by e-mail (`mailer`, from SMTP_URL), each
with a resume link of its own, and only when they asked for them; never a Telegram message.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramAPIError, TelegramRetryAfter

from bot.config import Settings, parse_days, parse_hours
from bot.db import Engine, Session, Sessionmaker
from bot.db.failures import cause, is_unavailable
from bot.db.models import Reminder
from bot.db.repositories import reminders
from bot.runtime.clock import Clock, SystemClock, as_clock
from bot.services import web_mail
from bot.services.reminders import content, delivery, holidays
from bot.services.reminders.window import SendWindow
from bot.services.web_mail import Mailer, MailError

log = logging.getLogger(__name__)


class RateLimiter:
    """Reserve send slots: `per_second` overall, one per `chat_interval` for each chat."""

    def __init__(self, per_second: float, *, chat_interval: float = 1.0) -> None:
        self.interval = 1.0 / per_second
        self.chat_interval = chat_interval
        self._next = 0.0
        self._next_chat: dict[int, float] = {}

    async def acquire(self, chat_id: int) -> None:
        now = time.monotonic()
        slot = max(now, self._next, self._next_chat.get(chat_id, 0.0))
        self._next = slot + self.interval
        self._next_chat[chat_id] = slot + self.chat_interval
        if len(self._next_chat) > 10_000:  # forget chats whose pause is over
            self._next_chat = {c: t for c, t in self._next_chat.items() if t > now}
        if slot > now:
            await asyncio.sleep(slot - now)

    def pause(self, seconds: float) -> None:
        self._next = max(self._next, time.monotonic() + seconds)


@dataclass
class ReminderConfig:
    window: SendWindow
    rate_per_second: float = 25.0
    max_attempts: int = 5
    poll_seconds: float = 5.0
    lease: timedelta = reminders.DEFAULT_LEASE


@dataclass
class ReminderDispatcher:
    bot: Bot
    engine: Engine
    sessionmaker: Sessionmaker
    config: ReminderConfig
    clock: Clock = field(default_factory=SystemClock)
    name: str = field(default_factory=lambda: uuid.uuid4().hex[:8])
    sent: int = 0
    # E-mail for web owners who asked for reminders by it (None: no SMTP_URL, none are sent).
    mailer: Mailer | None = None

    def __post_init__(self) -> None:
        self.limiter = RateLimiter(self.config.rate_per_second)
        self._stopping = asyncio.Event()

    async def run(self) -> None:
        log.info("reminder dispatcher %s started", self.name)
        while not self._stopping.is_set():
            try:
                handled = await self.run_once()
            except Exception as error:
                if not is_unavailable(error):
                    log.exception("reminder dispatcher %s: round failed", self.name)
                else:  # the operator's matter: one line per round
                    log.error(
                        "reminder dispatcher %s: database unavailable (%s)", self.name, cause(error)
                    )
                handled = 0
            if not handled:
                await self._idle()

    async def _idle(self) -> None:
        # The clock's sleep (a fake one in tests), cut short by stop().
        sleeper = asyncio.ensure_future(self.clock.sleep(self.config.poll_seconds))
        stopper = asyncio.ensure_future(self._stopping.wait())
        _done, waiting = await asyncio.wait({sleeper, stopper}, return_when=asyncio.FIRST_COMPLETED)
        for task in waiting:
            task.cancel()

    def stop(self) -> None:
        self._stopping.set()

    async def run_once(self) -> int:
        """One round: claim what is due (about a second's worth) and deliver it."""
        now = self.clock.now()
        if not self.config.window.is_open(now):
            return 0
        batch = await reminders.claim_due(
            self.engine,
            now=now,
            limit=max(1, int(self.config.rate_per_second)),
            lease=self.config.lease,
            token=f"{self.name}-{uuid.uuid4().hex[:12]}",
        )
        if batch:
            await asyncio.gather(*(self._deliver(reminder) for reminder in batch))
        return len(batch)

    async def _deliver(self, reminder: Reminder) -> None:
        async with self.sessionmaker() as session:
            message = await delivery.prepare(
                session,
                reminder,
                clock=self.clock,
                window=self.config.window,
                email=self.mailer is not None,
            )
            if isinstance(message, delivery.Mail):
                await self._mail(session, reminder, message)
            elif message is not None:
                await self._send(session, reminder, message)

    async def _mail(self, session: Session, reminder: Reminder, mail: delivery.Mail) -> None:
        assert self.mailer is not None  # prepare gives a Mail only with one
        try:
            await web_mail.send_reminder(
                session,
                self.mailer,
                user=mail.user,
                to=mail.to,
                kind=mail.kind,
                text=mail.text,
                locale=mail.locale,
            )
        except MailError as error:
            log.warning("reminder %s: e-mail not sent: %s", reminder.id, error.reason)
            await delivery.failed(
                session, reminder, error, clock=self.clock, max_attempts=self.config.max_attempts
            )
            return
        self.sent += 1
        await delivery.sent(session, reminder, clock=self.clock, message_id=None)

    async def _send(self, session: Session, reminder: Reminder, message: content.Send) -> None:
        await self.limiter.acquire(reminder.user_id)
        try:
            sent = await self.bot.send_message(
                reminder.user_id, message.text, reply_markup=message.keyboard
            )
        except TelegramAPIError as error:
            if isinstance(error, TelegramRetryAfter):
                # The bot session already waited and retried; still flooded: pause everything.
                self.limiter.pause(error.retry_after)
            await delivery.failed(
                session,
                reminder,
                error,
                clock=self.clock,
                max_attempts=self.config.max_attempts,
            )
            return
        self.sent += 1
        await delivery.sent(session, reminder, clock=self.clock, message_id=sent.message_id)


def config_from_settings(settings: Settings) -> ReminderConfig:
    return ReminderConfig(
        window=SendWindow(
            tz=settings.tz,
            start=parse_hours(settings.reminder_hours)[0],
            end=parse_hours(settings.reminder_hours)[1],
            weekdays=parse_days(settings.reminder_days),
            holidays=holidays.calendar(settings.reminder_holidays),
        ),
        rate_per_second=settings.reminder_rate,
        max_attempts=settings.reminder_max_attempts,
        poll_seconds=settings.reminder_poll_seconds,
    )


def install(dispatcher: Dispatcher, storage: object, settings: Settings) -> None:
    """Run a reminder dispatcher alongside the bot: started and stopped with polling or the
    webhook. Set `dispatcher["clock"]` before starting to use another clock."""
    dispatcher.workflow_data.setdefault("clock", SystemClock())
    dispatcher.workflow_data.setdefault("reminder_config", config_from_settings(settings))
    running: dict[str, tuple[ReminderDispatcher, asyncio.Task[None]]] = {}

    async def start(bot: Bot) -> None:
        if not settings.reminders_enabled:
            return
        worker = ReminderDispatcher(
            bot=bot,
            engine=storage.engine,  # type: ignore[attr-defined]
            sessionmaker=storage.sessionmaker,  # type: ignore[attr-defined]
            config=dispatcher.workflow_data["reminder_config"],
            clock=as_clock(dispatcher.workflow_data["clock"]),
            mailer=web_mail.mailer_from(settings),
        )
        dispatcher.workflow_data["reminder_dispatcher"] = worker
        running["worker"] = (worker, asyncio.create_task(worker.run()))

    async def stop() -> None:
        if "worker" in running:
            worker, task = running.pop("worker")
            worker.stop()
            # Let the round in flight settle its rows; a stuck one is recovered by its lease.
            with contextlib.suppress(asyncio.CancelledError, TimeoutError):
                await asyncio.wait_for(task, timeout=15)

    dispatcher.startup.register(start)
    dispatcher.shutdown.register(stop)
