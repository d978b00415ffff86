"""The bot's side of the staff dashboard: the sign-in link /dashboard sends."""

from __future__ import annotations

import html

from aiogram.utils.i18n import gettext as _


def sign_in_link(link: str, minutes: int) -> str:
    return _(
        "Your sign-in link for the dashboard. It works once, for {minutes} minutes, "
        "and only for you: do not forward it.\n{link}"
    ).format(minutes=minutes, link=html.escape(link))


def too_many_links() -> str:
    return _(
        "You asked for several sign-in links just now. Use the latest one, "
        "or ask again in a few minutes."
    )
