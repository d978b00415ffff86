"""The consent questions: may the campaign's organisation contact you, and with which details."""

from __future__ import annotations

import html
from dataclasses import dataclass

from aiogram.types import InlineKeyboardButton
from aiogram.utils.i18n import gettext as _

from bot.i18n import N_
from bot.ui.callbacks import Consent, ConsentAct
from dialogs.engine import Flow, FlowState


@dataclass(frozen=True)
class Contacting:
    """Who may contact an owner who consents: the organisation of the campaign they came
    through, by the job role of the staff member who made it."""

    campaign_id: int
    campaign_name: str
    organisation: str
    job_role: str  # a JobRole value, "" for a campaign an admin made


STAFF_NOTICE = N_(
    "📞 A business that came through “{name}” agreed to be contacted. See /campaigns → Contacts."
)


def level_words(level: str | None) -> str:
    if not level:
        return _("none yet")
    if level == "none":
        return _("no Trede yet")
    return "Trede " + level.removeprefix("trede_")


CHANGE_IN_CHAT = N_("Tap ✏️ to change something before you share it.")


def summary(
    flow: Flow, state: FlowState, locale: str, *, how_to_change: str = CHANGE_IN_CHAT
) -> list[str]:
    """What will be shared, exactly, and the text agreed to (the consent flow's review);
    `how_to_change` (a msgid) says how to change it where it is shown."""
    answers, context = state.answers, state.context
    not_shared = "<i>" + _("not shared") + "</i>"
    shared_level = answers.get("share_level") == "yes"
    rows = [
        (_("Organisation"), answers.get("org_name")),
        (_("Contact name"), answers.get("contact_name")),
        (_("Phone"), answers.get("phone")),
        (
            _("Indicative level"),
            level_words(str(context.get("level") or "")) if shared_level else None,
        ),
    ]
    lines = ["<b>" + _("Please check.") + "</b> " + _("This is what I will share:")]
    lines += [
        f"• {label}: " + (html.escape(str(value)) if value else not_shared) for label, value in rows
    ]
    text = str(context.get("consent_text") or "")
    lines += ["", _("You agree:") + " <i>" + html.escape(text) + "</i>"]
    lines.append(_(how_to_change))
    return lines


def withdraw_button() -> InlineKeyboardButton:
    """For the privacy screen: withdraws every consent to be contacted."""
    return InlineKeyboardButton(
        text=_("Withdraw consent to be contacted"),
        callback_data=Consent(act=ConsentAct.WITHDRAW).pack(),
    )


def given(organisation: str) -> str:
    return _(
        "Thank you. {organisation} may now contact you about the next steps. "
        "You can withdraw this at any time with /privacy."
    ).format(organisation=html.escape(organisation))


def nothing_shared() -> str:
    return _("Fine: nothing is shared.")


def not_a_phone() -> str:
    return _("That doesn't look like a phone number. Type it like 06 12345678, or tap the button.")


def got_it() -> str:
    return _("Thanks, got it.")


def own_number_please() -> str:
    return _("Please share your own number with the button, or type a number.")


def button_gone() -> str:
    return _("This button no longer works. Type /start to go on.")


def question_passed() -> str:
    return _("That question has passed.")


def withdrawn(count: int) -> str:
    if count:
        return _("Done: your consent is withdrawn and your contact details are deleted.")
    return _("You had not agreed to be contacted, so nothing was shared.")
