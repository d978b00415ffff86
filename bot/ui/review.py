"""The review of all answers: readable lines, a way to change any one, then the result."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _

from bot.ui.callbacks import AnsAct
from bot.ui.prompt import ans_button, display_text, tr
from dialogs.engine import Flow, FlowState


def review_blocks(flow: Flow, state: FlowState, locale: str) -> list[str]:
    blocks = ["<b>" + _("Your answers") + "</b>"]
    for number, line in enumerate(flow.review(state), 1):
        blocks.append(
            f"{number}. {tr(line.label, None, locale)}: {display_text(line.value, locale)}"
        )
    blocks.append(
        "\n"
        + _(
            "Is everything right? Change any answer, or show your result. "
            "You can also come back to this later."
        )
    )
    return blocks


def review_keyboard(flow: Flow, state: FlowState, revision: int) -> InlineKeyboardMarkup:
    rows = [[ans_button(_("✏️ Change an answer"), revision, AnsAct.EDIT_MENU)]]
    if flow.is_complete(state):
        rows.append([ans_button(_("✅ Show my result"), revision, AnsAct.RESULT)])
    rows.append([ans_button(_("⬅️ Back"), revision, AnsAct.BACK)])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def edit_menu_keyboard(flow: Flow, state: FlowState, revision: int) -> InlineKeyboardMarkup:
    """One button per answer; pressing one jumps there and comes back to the review."""
    prompt = flow.prompt(state)
    rows: list[list[InlineKeyboardButton]] = []
    pending: list[InlineKeyboardButton] = []
    for number, option in enumerate(prompt.options, 1):
        pending.append(
            ans_button(f"{number}. {_(option.label)}", revision, AnsAct.CHOOSE, option.value)
        )
        if len(pending) == 2:
            rows.append(pending)
            pending = []
    if pending:
        rows.append(pending)
    rows.append([ans_button(_("↩️ Back to the overview"), revision, AnsAct.OVERVIEW)])
    return InlineKeyboardMarkup(inline_keyboard=rows)
