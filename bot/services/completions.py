"""What each flow leads to when it is done (its `Completion`, stored in the transaction that
completes it): one table for every channel that drives the engine (the chat's handler,
bot/handlers/conversation.py, and the owners' web pages, bot/web/owners)."""

from __future__ import annotations

from functools import partial

from bot.config import Settings
from bot.services import hired as hired_service
from bot.services import outreach
from bot.services import results as results_service
from bot.services import what_if as what_if_service
from bot.services.consent import complete as complete_consent
from bot.services.conversation import Completion


def completion(flow_id: str, *, settings: Settings) -> Completion:
    """What a flow leads to, stored when it is done."""
    if flow_id == "scan":
        return results_service.complete_scan
    if flow_id == "what_if":
        return what_if_service.complete
    if flow_id == "hired":
        return hired_service.complete
    if flow_id == "consent":
        return partial(complete_consent, settings=settings)
    return partial(outreach.complete_campaign, settings=settings)
