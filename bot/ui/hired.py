""" "I hired someone": what is said once the person is added (the questions are the hired flow,
drawn like every flow's)."""

from __future__ import annotations

from aiogram.utils.i18n import gettext as _

from bot.ui.prompt import fmt_number


def recorded(people: int | None, total_fte: float, locale: str) -> str:
    fte = fmt_number(total_fte, locale, decimals=2)
    if people is None:
        return _("Added. Your organisation now counts {fte} FTE. Here is your new result:").format(
            fte=fte
        )
    return _(
        "Added. Your organisation now counts {people} people and {fte} FTE. "
        "Here is your new result:"
    ).format(people=people, fte=fte)
