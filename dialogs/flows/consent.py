"""Consent to be contacted by the organisation of the campaign an owner came through: which
organisation name, contact name and phone number to share (each may be left out), and whether
to share the indicative level; then the summary with the exact text agreed to, and only its
"share this" stores the consent.

Context (set by the service): "campaign_id", "consent_text" (in the owner's language), the
business name from the scan ("org_name"), the owner's Telegram name ("telegram_name"), the level
of the latest result ("level"), "today".
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


def _has_level(ctx: Ctx) -> bool:
    return bool(ctx.context.get("level"))


def level_words(level: str | None) -> str:
    """ "Trede 2", or the msgid of "no Trede yet" (a MsgidParam, translated when shown)."""
    if not level or level == "none":
        return MsgidParam(N_("no Trede yet"))
    return "Trede " + level.removeprefix("trede_")


STEPS = (
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
