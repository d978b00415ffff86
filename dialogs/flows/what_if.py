"""What if I hire someone? People imagined on top of the latest result, one at a time: their
group, hours and contract, asked and understood exactly as in the scan. After each person the
recomputed result is shown (the group's overview, drawn by the bot); another person can be
added, one removed, or the what-if stopped. Nothing is ever stored as an answer or a result.

Context (set by the service): "result_id", the result's "answers" and "rules_version", "today".
"""

from __future__ import annotations

from dialogs.engine import Flow
from dialogs.flows.common import contract_step, target_group_step, weekly_hours_step
from dialogs.i18n import N_
from dialogs.model import Ctx, Group

ID = "what_if"
MAX_PERSONS = 10


def _first(ctx: Ctx) -> bool:
    return not ctx.index


HIRES = Group(
    "hires",
    N_("What if you hire these people?"),
    N_("Imagined hires"),
    item_steps=(
        target_group_step(
            N_("Which group would person {n} come from?"),
            text_variants=(
                (
                    _first,
                    N_(
                        "What if you hire someone from the target group? Which group would "
                        "this person come from?"
                    ),
                ),
            ),
            hint=N_("Or type the name you know, for example Wajong or bijstand."),
        ),
        weekly_hours_step(N_("How many hours a week would this person work?")),
        contract_step(N_("On what kind of contract would this person work for you?")),
    ),
    max_items=lambda ctx: MAX_PERSONS,
    too_many=N_("That is enough people for one what-if ({max}). Remove someone, or stop."),
    add_label=N_("➕ Add another person"),
    done_label=N_("✖️ Stop"),
    copies=False,
    edits=False,
)

WHAT_IF = Flow((HIRES,), id=ID, has_review=False)
