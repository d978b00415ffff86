"""A colleague as the messages name them: "Wajong (young disabled), 7 hours a week, regular
contract" (the review, the what-if, the support per person and the sum behind the result)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from aiogram.utils.i18n import gettext as _

from bot.ui.prompt import fmt_number
from dialogs.categories import CONTRACTS, SECONDED_OUT, TARGET_GROUPS
from dialogs.model import Option


def option_label(options: tuple[Option, ...], key: str, gettext: Callable[[str], str] = _) -> str:
    """The translated label of a stored option key (the key itself if unknown)."""
    option = next((o for o in options if o.key == key), None)
    return gettext(option.label) if option is not None else key


def person_line(person: Mapping[str, Any], locale: str, gettext: Callable[[str], str] = _) -> str:
    """ "Wajong (young disabled), 7 hours a week, regular contract"."""
    group = str(person.get("target_group", ""))
    text = option_label(TARGET_GROUPS, group, gettext)
    if "weekly_hours" in person:
        text += ", " + gettext("{hours} hours a week").format(
            hours=fmt_number(float(person["weekly_hours"]), locale, decimals=2)
        )
    if "contract" in person:
        contracts = (*CONTRACTS, SECONDED_OUT)
        text += ", " + option_label(contracts, str(person["contract"]), gettext).lower()
    return text
