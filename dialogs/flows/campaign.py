"""A campaign's creation (staff): the organisation it is for (an admin with several to choose
from), its name, its municipality (read as in the scan: "Den Bosch", "vriezenveen", typos
offered as the nearest names) and, optionally, whom owners may contact. Done after the last
answer: only then is the campaign made, with its link, QR code and poster.

Context (set by the service): "organisations" ([id, name] pairs an admin may choose from; empty
for staff, whose campaign is their own organisation's), "today".
"""

from __future__ import annotations

from dialogs.engine import Flow
from dialogs.flows.common import municipality_parser
from dialogs.i18n import N_
from dialogs.model import Ctx, Option, Step, StepKind

ID = "campaign"
NAME_MAX = 120
CONTACT_MAX = 200  # as the campaigns table holds it
SHOWN_ORGANISATIONS = 30


def _organisations(ctx: Ctx) -> tuple[Option, ...]:
    pairs = ctx.context.get("organisations") or []
    return tuple(
        Option(f"o{int(pair[0])}", N_("{name}"), {"name": str(pair[1])[:60]}, stores=str(pair[0]))
        for pair in pairs[:SHOWN_ORGANISATIONS]
    )


def _choose_organisation(ctx: Ctx) -> bool:
    return len(ctx.context.get("organisations") or []) > 1


STEPS = (
    Step(
        "organisation",
        StepKind.CHOICE,
        N_("Which organisation is this campaign for? Its staff will see its figures."),
        N_("Organisation"),
        options=_organisations,
        applies=_choose_organisation,
    ),
    Step(
        "name",
        StepKind.TEXT,
        N_("What is the campaign called?"),
        N_("Name"),
        hint=N_("For example: Ondernemersavond 2026. Owners see this name."),
        max_length=NAME_MAX,
        empty_problem=N_("Please type a name for the campaign, for example Ondernemersavond 2026."),
    ),
    Step(
        "municipality",
        StepKind.TEXT,
        N_("Which municipality is “{name}” for? Owners will see this name."),
        N_("Municipality"),
        hint=N_("Type the name, for example Almelo or Twenterand."),
        text_params=lambda ctx: {"name": str(ctx.answers.get("name") or "")},
        parse=municipality_parser(can_unknown=False),
        empty_problem=N_("Please type the name of the municipality."),
    ),
    Step(
        "contact",
        StepKind.TEXT,
        N_(
            "Who can owners contact with questions? Type it as they should see it (at most "
            "{max} characters). I show it in the welcome and in the advice of their result."
        ),
        N_("Contact for owners"),
        hint=N_("For example: Werkgeversservicepunt Twente, 053 123 4567, wsp@example.nl"),
        text_params=lambda ctx: {"max": CONTACT_MAX},
        max_length=CONTACT_MAX,
        can_skip=True,
        skip_value="",
        empty_problem=N_("Please type whom owners may contact, or tap Skip."),
    ),
)

CAMPAIGN = Flow(STEPS, id=ID, has_review=False)
