"""The what-if's recomputed result as HTML blocks: the chat's overview message
(bot/handlers/show.py) and the owners' web pages (bot/web/owners) say it the same way."""

from __future__ import annotations

import datetime as dt

from bot.services import what_if as what_if_service
from bot.services.conversation import Talk
from bot.ui import result as result_ui
from bot.ui import support as support_ui
from dialogs.engine import StepKind
from dialogs.flows.common import TODAY_KEY


def is_what_if_overview(talk: Talk) -> bool:
    return talk.row.flow == "what_if" and talk.prompt.kind == StepKind.GROUP_OVERVIEW


def what_if_overview(talk: Talk, locale: str, *, contact: str = "") -> list[str]:
    """The recomputed result with the imagined hires and each comparison, then the support
    that may apply to each of them (their wage at the minimum wage, the schemes)."""
    computed = what_if_service.assessments(talk)
    if computed is None:
        return [result_ui.what_if_not_computable()]
    before, after = computed
    hires = what_if_service.hires_of(talk)
    instead = what_if_service.alternatives_of(talk)
    today = dt.date.fromisoformat(str(talk.context[TODAY_KEY]))
    answers = talk.context.get("answers") or {}
    support = support_ui.what_if_support(
        hires,
        [(i.person, i.of) for i in instead],
        locale,
        today=today,
        contact=contact,
        answers=answers,
    )
    return result_ui.what_if_text(
        before,
        after,
        hires,
        locale,
        instead=[(i.person, i.of, i.after) for i in instead],
        support=support,
    )
