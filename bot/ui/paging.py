"""Chat answers that can grow (the audit trail, campaigns, contacts, the team) in pages.

Telegram refuses a message over 4096 characters, and staff decide how long names are, so every
such answer is cut into pages of a fixed number of entries with "◀️ / ▶️" buttons, and every
name in it is cut to a display length (`cut`): with both, a page's length has a bound that does
not depend on what anyone typed (tests/campaigns/test_paging.py fills every field to its
maximum, in both languages). A page number comes back from a button, so it is clamped: a page
past the end (the list got shorter, or the data was forged) shows the last one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from aiogram.filters.callback_data import CallbackData
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

T = TypeVar("T")

NAME_LENGTH = 40  # characters of a name (person, campaign, organisation) in a chat list
LONG_NAME_LENGTH = 60  # what an owner shared with a contact (business, person)


def cut(text: str, length: int = NAME_LENGTH) -> str:
    """The text cut to `length` characters, with "…" where it was longer."""
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


@dataclass(frozen=True)
class Page(Generic[T]):
    entries: Sequence[T]
    number: int  # from 0, clamped
    count: int  # pages, at least 1


def clamp(asked: int, total: int, size: int) -> tuple[int, int]:
    """(the page to show, the number of pages) for `total` entries of `size` per page."""
    pages = max(1, -(-total // size))
    return min(max(asked, 0), pages - 1), pages


def page_of(entries: Sequence[T], asked: int, size: int) -> Page[T]:
    number, pages = clamp(asked, len(entries), size)
    return Page(entries[number * size : (number + 1) * size], number, pages)


def position(number: int, pages: int) -> str:
    """ "page 2 of 5", or nothing when there is only one."""
    if pages <= 1:
        return ""
    return _("page {page} of {pages}").format(page=number + 1, pages=pages)


def add_pager(
    builder: InlineKeyboardBuilder,
    number: int,
    pages: int,
    data: Callable[[int], CallbackData],
) -> int:
    """Add "◀️ Previous" / "Next ▶️" buttons (as many as apply); returns how many were added."""
    added = 0
    if number > 0:
        builder.button(text=_("◀️ Previous"), callback_data=data(number - 1))
        added += 1
    if number < pages - 1:
        builder.button(text=_("Next ▶️"), callback_data=data(number + 1))
        added += 1
    return added
