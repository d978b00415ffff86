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
from dialogs.model import Alternative, Ctx, Group

ID = "what_if"
MAX_PERSONS = 10


# An imagined person compared with another (the same hours and contract, another group):
# "a Wajong colleague or someone from the bijstand for 12 hours". Stored as the 1-based number of
# the person they would come instead of; the service computes each alternative on its own.
INSTEAD_OF = "instead_of"
COMPARE = Alternative(
    N_("🆚 Compare: another group instead of person {n}"),
    keep=("weekly_hours", "contract"),
    key=INSTEAD_OF,
)


def _first(ctx: Ctx) -> bool:
    return not ctx.index


def _instead(ctx: Ctx) -> bool:
    return bool(ctx.item and INSTEAD_OF in ctx.item)


HIRES = Group(
    "hires",
    N_("What if you hire these people?"),
    N_("Imagined hires"),
    item_steps=(
        target_group_step(
            N_("Which group would person {n} come from?"),
            text_variants=(
                (
                    _instead,
                    N_(
                        "Compare with which group? The same hours and contract, instead of the "
                        "person before."
                    ),
                ),
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
    alternative=COMPARE,
)

WHAT_IF = Flow((HIRES,), id=ID, has_review=False)
