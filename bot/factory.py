"""Factories for the bot and the dispatcher, used by every entry point: run, demo, tests."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from aiogram import Bot, Dispatcher
from aiogram.types import BotCommandScopeDefault

from bot.config import Settings
from bot.db import Engine, Sessionmaker
from bot.db.engine import create_engine, create_sessionmaker
from bot.error_handlers import setup_error_handlers
from bot.handlers import build_root_router
from bot.i18n import LOCALES, UserLocaleMiddleware, get_i18n
from bot.jobs.install import install_jobs
from bot.jobs.stopping import setup_stopping
from bot.logging_policy import protect_personal_data
from bot.middlewares import DbSessionMiddleware, FairShareMiddleware, UserMiddleware
from bot.runtime.fair_share import FairShare
from bot.runtime.rate_limits import ExpensiveActionLimit
from bot.services.conversation import notes_for
from bot.telegram.client import create_bot
from bot.ui.menu import command_menu

log = logging.getLogger(__name__)


__all__ = ["Storage", "create_bot", "create_dispatcher", "create_storage"]


@dataclass
class Storage:
    engine: Engine
    sessionmaker: Sessionmaker


def create_storage(settings: Settings) -> Storage:
    protect_personal_data()
    engine = create_engine(settings.database_url)
    return Storage(engine, create_sessionmaker(engine))


def create_dispatcher(settings: Settings, storage: Storage) -> Dispatcher:
    # No aiogram FSM: the conversation's state is in the database (bot/services/conversation.py),
    # and its middleware would look up an unused in-memory state on every update.
    dispatcher = Dispatcher(settings=settings, sessionmaker=storage.sessionmaker, disable_fsm=True)
    # Order matters: the user's turn for a slot, then the database session, the stored user,
    # its locale. Handlers and the tests reach the turns as `fair_share`.
    share = dispatcher["fair_share"] = FairShare(settings.max_concurrent_updates)
    dispatcher.update.outer_middleware(FairShareMiddleware(share, notes_for(storage.engine)))
    dispatcher.update.outer_middleware(DbSessionMiddleware(storage.sessionmaker))
    dispatcher.update.outer_middleware(UserMiddleware())
    dispatcher.update.outer_middleware(UserLocaleMiddleware(get_i18n()))
    # Limits on the PDF, /export and what-if: inner middlewares, so the handler's flags are known.
    limit = ExpensiveActionLimit()
    dispatcher.message.middleware(limit)
    dispatcher.callback_query.middleware(limit)
    dispatcher.include_router(build_root_router())
    dispatcher.startup.register(set_commands)
    setup_stopping(dispatcher, share)  # first of the shutdown steps: updates in hand finish
    install_jobs(dispatcher, storage, settings)  # the reminder loop, housekeeping, PDF worker
    setup_error_handlers(dispatcher)
    return dispatcher


async def set_commands(bot: Bot) -> None:
    """The command menu in each language; Dutch is also the default for everyone else."""
    for locale in LOCALES:
        await bot.set_my_commands(
            command_menu(locale), scope=BotCommandScopeDefault(), language_code=locale
        )
    await bot.set_my_commands(command_menu("nl"), scope=BotCommandScopeDefault())
