"""Handler routers, included in one place in an explicit order: the first match wins."""

from __future__ import annotations

from aiogram import Router

from bot.handlers import (
    consent,
    fallback,
    help,
    inventory,
    language,
    privacy,
    reminders,
    result,
    staff,
    start,
)


def _detached(router: Router) -> Router:
    """Routers are module singletons. A second dispatcher in one process (a restart in a test)
    takes them over, so the previous root lets go of them first."""
    parent = router.parent_router
    if parent is not None:
        parent.sub_routers.remove(router)
        router._parent_router = None
    return router


def build_root_router() -> Router:
    root = Router(name="root")
    # The inventory's buttons first (most updates; nothing else uses their "i:" data). Then
    # commands, then the inventory (which takes any answer text), then the catch-alls. Staff
    # and consent sit before the inventory: their commands and their typed answers first.
    modules = (start, language, help, privacy, reminders, staff, consent, inventory, result)
    for router in (inventory.buttons, *(module.router for module in modules), fallback.router):
        root.include_router(_detached(router))
    return root
