"""Every question-by-question flow of the bot, as data on the one engine (`dialogs.engine`)."""

from __future__ import annotations

from dialogs.engine import Flow
from dialogs.flows.campaign import CAMPAIGN
from dialogs.flows.consent import CONSENT
from dialogs.flows.hired import HIRED
from dialogs.flows.scan import SCAN
from dialogs.flows.what_if import WHAT_IF

FLOWS: dict[str, Flow] = {flow.id: flow for flow in (SCAN, WHAT_IF, HIRED, CONSENT, CAMPAIGN)}


def flow(flow_id: str) -> Flow:
    """The flow of a stored conversation; KeyError for one this version does not know."""
    return FLOWS[flow_id]
