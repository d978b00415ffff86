"""The engine's current step (a `Prompt`) as one web page: what the question template draws.

The texts come from the same helpers as the chat's (bot/ui/prompt.py, bot/ui/flows.py): they
make Telegram's HTML (<b>, <i>, <a>, entities), which is valid HTML, so it is shown as Markup.
Choices are submit buttons carrying the option's value; the engine checks it like a tapped
button's (a forged value is refused as one)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiogram.utils.i18n import gettext as _
from markupsafe import Markup, escape

from bot.i18n import N_
from bot.services.conversation import Talk
from bot.ui import consent as consent_ui
from bot.ui import flows as flows_ui
from bot.ui.prompt import display_text, skip_label, tr, unknown_label
from dialogs.engine import Prompt, StepKind
from dialogs.messages import REVIEW_TEXT

if TYPE_CHECKING:
    from bot.web.owners.pages import OwnerPage

# Kinds whose answer is typed in a field.
TYPED = (StepKind.NUMBER, StepKind.TEXT, StepKind.MONTH)
# The longest answer the field takes (a name, a plan); the engine checks what it means.
MAX_TYPED = 1000

# Questions and re-asks whose chat wording names what only the chat has (Telegram's button
# to share a number, the ℹ️ and ✏️ buttons): their words on the web (msgids).
WEB_WORDING: dict[str, str] = {
    N_(
        "Which phone number can they call? Tap the button to share your Telegram number, "
        "or type a number."
    ): N_("Which phone number can they call? Type a number."),
    N_(
        "That doesn't look like a phone number. Type it like 06 12345678 or +31 6 12345678, or "
        "share your Telegram number with the button."
    ): N_("That doesn't look like a phone number. Type it like 06 12345678 or +31 6 12345678."),
    N_(
        "I don't know “{text}” as a group. Tap the one that fits best, or type a name such as "
        "social assistance, Wajong, WIA, unemployment benefit, sheltered work or job agreement. "
        "Tap ℹ️ for all groups and their other names."
    ): N_(
        "I don't know “{text}” as a group. Tap the one that fits best, or type a name such as "
        "social assistance, Wajong, WIA, unemployment benefit, sheltered work or job agreement. "
        "All groups and their other names are under “What does this mean?”."
    ),
    N_(
        "Add this person to your answers? They are counted on top of your staff. Your current "
        "result stays as it is; a new result is made and compared with it. Tap ✏️ to change "
        "an answer."
    ): N_(
        "Add this person to your answers? They are counted on top of your staff. Your current "
        "result stays as it is; a new result is made and compared with it. Use “Change” beside "
        "an answer to change it."
    ),
}

# The consent's summary: on the page, its answers are changed by going back.
CHANGE_ON_THE_WEB = N_("Use “⬅️ Back” to change something before you share it.")


def web_tr(msgid: str, params: Mapping[str, Any] | None, locale: str) -> str:
    """`tr` with the web's words where the chat's name what only the chat has."""
    return tr(WEB_WORDING.get(msgid, msgid), params, locale)


# A flow's group overview shown otherwise than as its items (the what-if's recomputed result):
# flow id -> async (page, talk) -> HTML blocks shown instead of the overview's question.
Overview = Callable[["OwnerPage", Talk], Awaitable[list[str]]]
OVERVIEWS: dict[str, Overview] = {}


@dataclass(frozen=True)
class Choice:
    value: str
    label: Markup
    act: str = "choose"  # choose | edit (a review line's "change")


@dataclass(frozen=True)
class ReviewRow:
    label: Markup
    answer: Markup
    step_id: str


@dataclass
class QuestionView:
    """A question page: everything the template shows, in the owner's language."""

    conversation: int
    revision: int
    flow: str
    kind: str
    text: Markup
    progress: str = ""
    progress_value: tuple[int, int] = (0, 0)
    help: Markup | None = None
    hint: Markup | None = None
    current: Markup | None = None
    problem: Markup | None = None  # a stored answer to change (after an edit)
    items: list[Markup] = field(default_factory=list)
    choices: list[Choice] = field(default_factory=list)
    typed: bool = False  # a field to type the answer in
    field_kind: str = ""  # number | text | month
    can_unknown: bool = False
    unknown: str = ""
    can_skip: bool = False
    skip: str = ""
    can_back: bool = False
    stop: str = ""
    doubt: bool = False
    review: list[ReviewRow] = field(default_factory=list)
    review_title: Markup | None = None
    review_intro: Markup | None = None  # what the flow's review is for (a hire's)
    review_closing: Markup | None = None
    can_finish: bool = False
    finish: str = ""
    blocks: list[Markup] = field(default_factory=list)  # an overview shown otherwise


def progress_text(prompt: Prompt) -> str:
    """ "Part 2 of 5 · target-group employees · person 2" (the chat's line, without its bar)."""
    number, total = prompt.progress
    total = max(total, number, 1)
    parts = [_("Part {number} of {total}").format(number=number, total=total)]
    if prompt.section:
        parts.append(_(prompt.section))
    if prompt.person is not None:
        parts.append(_("person {n}").format(n=prompt.person))
    return " · ".join(parts)


def question_view(talk: Talk, locale: str) -> QuestionView:
    prompt = talk.prompt
    flow_id = talk.row.flow
    view = QuestionView(
        conversation=talk.id,
        revision=talk.revision,
        flow=flow_id,
        kind=str(prompt.kind),
        text=Markup(web_tr(prompt.text, prompt.text_params, locale)),
        can_back=prompt.can_back,
        stop=_(flows_ui.stop_for(flow_id, prompt)) if flows_ui.stop_for(flow_id, prompt) else "",
        doubt=prompt.doubt,
    )
    if prompt.kind == StepKind.REVIEW:
        return _review(view, talk, locale)
    if prompt.progress[1] > 1:
        view.progress = progress_text(prompt)
        view.progress_value = (min(prompt.progress[0], prompt.progress[1]), prompt.progress[1])
    if prompt.help:
        view.help = Markup(tr(prompt.help, None, locale))
    if prompt.hint:
        view.hint = Markup(tr(prompt.hint, prompt.text_params, locale))
    if prompt.current is not None and prompt.kind != StepKind.GROUP_OVERVIEW and not prompt.doubt:
        said = Markup(display_text(prompt.current, locale))
        view.current = Markup(escape(_("Your answer so far: {answer}"))).format(answer=said)
    if prompt.problem is not None:
        view.problem = Markup(web_tr(prompt.problem.msgid, prompt.problem.params, locale))
    view.items = [
        Markup(", ".join(display_text(part, locale) for part in item)) for item in prompt.items
    ]
    view.choices = [
        Choice(option.value, Markup(tr(option.label, option.params, locale)))
        for option in prompt.options
    ]
    # Typed where the chat takes text beyond a button's words: a number, a name, a month, a
    # municipality, an answer asked back ("Is that right?") typed anew.
    view.typed = prompt.allow_text
    view.field_kind = str(prompt.kind) if prompt.kind in TYPED else "text"
    view.can_unknown = prompt.can_unknown
    view.unknown = unknown_label()
    view.can_skip = prompt.can_skip
    view.skip = skip_label(prompt)
    return view


def _review(view: QuestionView, talk: Talk, locale: str) -> QuestionView:
    flow, state = talk.flow, talk.state
    shown = flows_ui.view(flow.id)
    if flow.id == "consent":  # its summary says what would be shared, in its own words
        summary = consent_ui.summary(flow, state, locale, how_to_change=CHANGE_ON_THE_WEB)
        view.blocks = [Markup(block) for block in summary]
    else:
        view.review_title = Markup(_(shown.review_title or flow.review_text))
        if shown.review_title and flow.review_text != REVIEW_TEXT:  # as the chat shows it
            view.review_intro = Markup(web_tr(flow.review_text, None, locale))
        view.review = [
            ReviewRow(
                Markup(tr(line.label, None, locale)),
                Markup(display_text(line.value, locale)),
                line.step_id,
            )
            for line in flow.review(state)
        ]
        if shown.review_closing:
            view.review_closing = Markup(_(shown.review_closing))
    view.can_finish = flow.is_complete(state)
    view.finish = _(shown.finish) if shown.finish else _("Done")
    view.stop = _(shown.stop) if shown.stop else ""
    return view
