"""The handler routers, built fresh for each dispatcher and included in one place.

Which handler answers an update follows from its filters, not from this order: commands and
buttons are distinct, and typed text goes to the one conversation the user has open
(`filters.InConversation`, answered by `conversation`). Only the fallback must come last,
since it takes anything.
Messages outside private chats reach only `groups`.
"""

from __future__ import annotations

from aiogram import Router

from bot.handlers import (
    consent,
    conversation,
    dashboard,
    fallback,
    groups,
    help,
    hired,
    language,
    privacy,
    reminders,
    result,
    scan,
    staff,
    start,
)
from bot.handlers.filters import PrivateChat

FEATURES = (
    start,
    scan,
    conversation,
    result,
    hired,
    consent,
    language,
    help,
    privacy,
    reminders,
    staff,
    dashboard,
)


def build_root_router() -> Router:
    root = Router(name="root")
    root.include_router(groups.build_router())
    private = Router(name="private")
    private.message.filter(PrivateChat())
    private.callback_query.filter(PrivateChat())
    for module in FEATURES:
        private.include_router(module.build_router())
    private.include_router(fallback.build_router())
    root.include_router(private)
    return root
