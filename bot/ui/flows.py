"""How each flow looks besides its questions: its name, the review's title, closing words and
finish button, the way out and what is said after it, and the question asked before leaving it.

The questions themselves are drawn the same way for every flow (bot/ui/prompt.py).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _

from bot.i18n import N_
from bot.ui import consent as consent_ui
from bot.ui.callbacks import AnsAct, FlowKey, Switch
from bot.ui.prompt import ans_button, display_text, tr
from dialogs.engine import Flow, FlowState, Prompt
from dialogs.messages import REVIEW_TEXT


@dataclass(frozen=True)
class FlowView:
    doing: str  # "the scan": what the user is in the middle of (msgid)
    review_title: str = ""  # above the review's lines (msgid)
    review_closing: str = ""  # below them (msgid)
    finish: str = ""  # the review's "that's right" (msgid)
    # The way out of the flow: its button on every question, and what is said after it (not
    # the scan, which is left with /restart).
    stop: str = ""
    stopped: str = ""


VIEWS: dict[str, FlowView] = {
    "scan": FlowView(
        doing=N_("the scan"),
        review_title=N_("Your answers"),
        review_closing=N_(
            "Is everything right? Change any answer, or show your result. "
            "You can also come back to this later."
        ),
        finish=N_("✅ Show my result"),
    ),
    "what_if": FlowView(
        doing=N_("the what-if"),
        stop=N_("✖️ Stop"),
        stopped=N_("Fine, your saved answers are unchanged. /result shows your result."),
    ),
    "hired": FlowView(
        doing=N_("adding the person you hired"),
        review_title=N_("The person you hired"),
        finish=N_("✅ Yes, add this person"),
        stop=N_("✖️ Stop"),
        stopped=N_("Fine, nothing was added. /result shows your result."),
    ),
    "consent": FlowView(
        doing=N_("choosing what to share"),
        finish=N_("✅ Yes, share this"),
        stop=N_("✖️ Cancel, share nothing"),
        stopped=N_("Fine: nothing is shared."),
    ),
    "campaign": FlowView(
        doing=N_("making a campaign"),
        stop=N_("✖️ Stop"),
        stopped=N_("Fine, no campaign was made."),
    ),
}


def view(flow_id: str) -> FlowView:
    return VIEWS[flow_id]


def stop_for(flow_id: str, prompt: Prompt) -> str:
    """The way out shown with this question (msgid; "" for none): not where one of the
    question's own answers ends the flow ("No, thank you")."""
    return "" if prompt.ends_flow else VIEWS[flow_id].stop


def stopped_text(flow_id: str) -> str:
    return _(VIEWS[flow_id].stopped)


# --- the review -------------------------------------------------------------------------------
def review_lines(flow: Flow, state: FlowState, locale: str) -> list[str]:
    """ "1. Sector: bakery", one line per answer."""
    return [
        f"{number}. {tr(line.label, None, locale)}: {display_text(line.value, locale)}"
        for number, line in enumerate(flow.review(state), 1)
    ]


def review_blocks(flow: Flow, state: FlowState, locale: str) -> list[str]:
    """The review as blocks of HTML (split over messages when long)."""
    if flow.id == "consent":
        return consent_ui.summary(flow, state, locale)
    shown = view(flow.id)
    blocks = ["<b>" + _(shown.review_title or flow.review_text) + "</b>"]
    if shown.review_title and flow.review_text != REVIEW_TEXT:
        blocks.append(tr(flow.review_text, None, locale))
    blocks.extend(review_lines(flow, state, locale))
    if shown.review_closing:
        blocks.append("\n" + _(shown.review_closing))
    return blocks


def review_keyboard(flow: Flow, state: FlowState, talk: int, revision: int) -> InlineKeyboardMarkup:
    shown = view(flow.id)
    rows = [[ans_button(_("✏️ Change an answer"), talk, revision, AnsAct.EDIT_MENU)]]
    if flow.is_complete(state):
        rows.append([ans_button(_(shown.finish), talk, revision, AnsAct.FINISH)])
    nav = [ans_button(_("⬅️ Back"), talk, revision, AnsAct.BACK)]
    if shown.stop:
        nav.append(ans_button(_(shown.stop), talk, revision, AnsAct.STOP))
    rows.append(nav)
    return InlineKeyboardMarkup(inline_keyboard=rows)


def edit_menu_keyboard(
    flow: Flow, state: FlowState, talk: int, revision: int
) -> InlineKeyboardMarkup:
    """One button per answer; pressing one jumps there and comes back to the review."""
    prompt = flow.prompt(state)
    rows: list[list[InlineKeyboardButton]] = []
    pending: list[InlineKeyboardButton] = []
    for number, option in enumerate(prompt.options, 1):
        pending.append(
            ans_button(f"{number}. {_(option.label)}", talk, revision, AnsAct.CHOOSE, option.value)
        )
        if len(pending) == 2:
            rows.append(pending)
            pending = []
    if pending:
        rows.append(pending)
    rows.append([ans_button(_("↩️ Back to the overview"), talk, revision, AnsAct.OVERVIEW)])
    return InlineKeyboardMarkup(inline_keyboard=rows)


# --- leaving one flow for another -------------------------------------------------------------
def leave_question(current: str, wanted: str) -> str:
    return _(
        "You are in the middle of {current}. Stop that and go to {wanted}? What you answered "
        "there is not kept."
    ).format(current=html.escape(_(view(current).doing)), wanted=html.escape(_(view(wanted).doing)))


def leave_keyboard(talk: int, wanted: str, subject: int) -> InlineKeyboardMarkup:
    flow = FlowKey(wanted)
    rows = [
        (_("Yes, stop it"), True),
        (_("No, go on where I was"), False),
    ]
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=text,
                    callback_data=Switch(conv=talk, flow=flow, subject=subject, leave=leave).pack(),
                )
            ]
            for text, leave in rows
        ]
    )


def back_to_scan() -> str:
    return _("Back to your scan, where you were:")
