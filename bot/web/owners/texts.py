"""The owners' web pages' own words where the chat's name a command or a button the page does
not have (/result, /privacy, "tap"); every other text is the chat's (bot/ui)."""

from __future__ import annotations

import html

from aiogram.utils.i18n import gettext as _


def what_if_kept() -> str:
    return (
        "<b>"
        + html.escape(_("Your what-if"))
        + "</b>\n"
        + html.escape(
            _("Nothing of it was saved: your answers and your result below are unchanged.")
        )
    )


def consent_given(organisation: str) -> str:
    return _(
        "Thank you. {organisation} may now contact you about the next steps. You can withdraw "
        "this at any time under “Your data”."
    ).format(organisation=html.escape(organisation))
