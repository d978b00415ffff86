""" "I hired this person": its questions, buttons and confirmations."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from babel.dates import format_date

from bot.ui.callbacks import Hired, HiredAct
from bot.ui.prompt import fmt_number
from bot.ui.result import person_line
from dialogs.categories import TARGET_GROUPS
from dialogs.model import Option
from pso.counting import YearMonth


def _nav(builder: InlineKeyboardBuilder, result_id: int) -> None:
    builder.button(text=_("⬅️ Back"), callback_data=Hired(result=result_id, act=HiredAct.BACK))
    builder.button(text=_("✖️ Stop"), callback_data=Hired(result=result_id, act=HiredAct.STOP))


def _options(
    result_id: int, act: HiredAct, options: tuple[Option, ...], *, columns: int
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for option in options:
        builder.button(
            text=_(option.label), callback_data=Hired(result=result_id, act=act, val=option.value)
        )
    _nav(builder, result_id)
    builder.adjust(*[columns] * ((len(options) + columns - 1) // columns), 2)
    return builder.as_markup()


def group_question() -> str:
    return _(
        "Good news! I'll add this person to your result. "
        "Which group does the person you hired come from?"
    )


def group_keyboard(result_id: int) -> InlineKeyboardMarkup:
    return _options(result_id, HiredAct.GROUP, TARGET_GROUPS, columns=2)


def hours_question() -> str:
    return _("How many hours a week does this person work for you? Type a number, for example 24.")


def nav_keyboard(result_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    _nav(builder, result_id)
    builder.adjust(2)
    return builder.as_markup()


def contract_question() -> str:
    return _("On what kind of contract does this person work for you?")


def contract_keyboard(result_id: int, options: tuple[Option, ...]) -> InlineKeyboardMarkup:
    return _options(result_id, HiredAct.CONTRACT, options, columns=1)


def month_question() -> str:
    return _(
        "In which month did this person start? Tap a button, or type the month, "
        "for example 03-2026."
    )


def _month_name(month: YearMonth, locale: str) -> str:
    return str(format_date(month.first_day(), "MMMM yyyy", locale=locale))


def month_keyboard(result_id: int, today: dt.date, locale: str) -> InlineKeyboardMarkup:
    now = YearMonth.of(today)
    builder = InlineKeyboardBuilder()
    builder.button(
        text=_("This month ({month})").format(month=_month_name(now, locale)),
        callback_data=Hired(result=result_id, act=HiredAct.MONTH, val="this"),
    )
    builder.button(
        text=_("Last month ({month})").format(month=_month_name(now.plus(-1), locale)),
        callback_data=Hired(result=result_id, act=HiredAct.MONTH, val="last"),
    )
    _nav(builder, result_id)
    builder.adjust(1, 1, 2)
    return builder.as_markup()


def confirm_question(draft: dict[str, Any], locale: str) -> str:
    started = YearMonth.parse(str(draft.get("started", "")))
    since = _month_name(started, locale) if started else "?"
    return (
        _("Add this person to your answers?")
        + "\n\n• "
        + html.escape(person_line(draft, locale))
        + "\n• "
        + _("started in {month}").format(month=since)
        + "\n\n"
        + _(
            "They are counted on top of your staff. Your current result stays as it is; "
            "a new result is made and compared with it."
        )
    )


def confirm_keyboard(result_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=_("✅ Yes, add this person"),
        callback_data=Hired(result=result_id, act=HiredAct.SAVE),
    )
    _nav(builder, result_id)
    builder.adjust(1, 2)
    return builder.as_markup()


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


def stopped() -> str:
    return _("Fine, nothing was added. /result shows your result.")
