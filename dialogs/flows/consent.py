"""Consent to be contacted by the organisation of the campaign an owner came through: whether
they may (a "no" ends it, nothing stored), which organisation name, contact name and phone
number to share (each may be left out), and whether to share the indicative level; then the
summary with the exact text agreed to, and only its "share this" stores the consent.

Context (set by the service): "campaign_id", "organisation" (who would contact them),
"consent_text" (in the owner's language), the business name from the scan ("org_name"), the
owner's Telegram name ("telegram_name"), the level of the latest result ("level"), "today".
"""

from __future__ import annotations

import re

from dialogs.engine import Flow
from dialogs.flows.common import NO, YES
from dialogs.i18n import N_
from dialogs.model import Ctx, MsgidParam, Option, Problem, Step, StepKind
from dialogs.parse.phrases import clean_text

ID = "consent"
TEXT_MAX = 120
PHONE_MAX = 32
PHONE = re.compile(r"^\+?[0-9][0-9 ()./-]{5,30}$")
NOT_A_PHONE = N_(
    "That doesn't look like a phone number. Type it like 06 12345678 or +31 6 12345678, or "
    "share your Telegram number with the button."
)
DONT_SHARE = N_("Don't share")


def _known_name(ctx: Ctx) -> tuple[Option, ...]:
    name = str(ctx.context.get("org_name") or "").strip()
    if not name:
        return ()
    return (Option("known", N_("Use “{name}”"), {"name": name[:40]}),)


def _telegram_name(ctx: Ctx) -> tuple[Option, ...]:
    name = str(ctx.context.get("telegram_name") or "").strip()
    if not name:
        return ()
    return (Option("mine", N_("Use my Telegram name ({name})"), {"name": name[:40]}),)


def _parse_phone(text: str, ctx: Ctx) -> str | Problem:
    phone = clean_text(text)
    if not PHONE.match(phone) or sum(ch.isdigit() for ch in phone) < 6:
        return Problem(NOT_A_PHONE)
    return phone


def _wants(ctx: Ctx) -> bool:
    return ctx.answers.get("wants") == YES


def _has_level(ctx: Ctx) -> bool:
    return _wants(ctx) and bool(ctx.context.get("level"))


def _offer_params(ctx: Ctx) -> dict[str, str]:
    return {
        "organisation": str(ctx.context.get("organisation") or ""),
        "consent_text": str(ctx.context.get("consent_text") or ""),
    }


def level_words(level: str | None) -> str:
    """ "Trede 2", or the msgid of "no Trede yet" (a MsgidParam, translated when shown)."""
    if not level or level == "none":
        return MsgidParam(N_("no Trede yet"))
    return "Trede " + level.removeprefix("trede_")


STEPS = (
    Step(
        "wants",
        StepKind.CHOICE,
        N_("May {organisation} contact you?"),
        N_("Contact"),
        hint=N_(
            "This is a separate choice; your result stays the same either way. You choose what "
            "to share, and you see it all before anything is sent.\n\n{consent_text}"
        ),
        text_params=_offer_params,
        options=(
            Option(YES, N_("Yes, choose what to share")),
            Option(NO, N_("No, thank you")),
        ),
        ends_flow=frozenset({NO}),
    ),
    Step(
        "org_name",
        StepKind.TEXT,
        N_("Which organisation name may I share? Type it, or tap a button."),
        N_("Organisation"),
        options=_known_name,
        resolve=lambda value, ctx: str(ctx.context.get("org_name") or "")[:TEXT_MAX],
        max_length=TEXT_MAX,
        can_skip=True,
        skip_label=DONT_SHARE,
        empty_problem=N_("Please type the name, or tap “Don't share”."),
        applies=_wants,
    ),
    Step(
        "contact_name",
        StepKind.TEXT,
        N_("Who should they ask for? Type a name, or tap a button."),
        N_("Contact name"),
        options=_telegram_name,
        resolve=lambda value, ctx: str(ctx.context.get("telegram_name") or "")[:TEXT_MAX],
        max_length=TEXT_MAX,
        can_skip=True,
        skip_label=DONT_SHARE,
        empty_problem=N_("Please type a name, or tap “Don't share”."),
        applies=_wants,
    ),
    Step(
        "phone",
        StepKind.TEXT,
        N_(
            "Which phone number can they call? Tap the button to share your Telegram number, "
            "or type a number."
        ),
        N_("Phone"),
        parse=_parse_phone,
        max_length=PHONE_MAX,
        can_skip=True,
        skip_label=DONT_SHARE,
        takes_contact=True,
        empty_problem=NOT_A_PHONE,
        applies=_wants,
    ),
    Step(
        "share_level",
        StepKind.CHOICE,
        N_("May I share your indicative level ({level})?"),
        N_("Indicative level"),
        text_params=lambda ctx: {"level": level_words(ctx.context.get("level"))},
        options=(
            Option(YES, N_("Yes, share it"), shown=N_("shared")),
            Option(NO, N_("No"), shown=N_("not shared")),
        ),
        applies=_has_level,
    ),
)

CONSENT = Flow(
    STEPS,
    id=ID,
    review_text=N_("Please check. This is what I will share:"),
)
