"""The dialog engine's prompts as Telegram messages (HTML text and inline buttons), for every
flow, and the words of its buttons for the engine to read typed text by."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from babel.dates import format_date

from bot.ui.callbacks import Ans, AnsAct
from dialogs.engine import SKIP_BUTTON, UNKNOWN_BUTTON, Display, Prompt, StepKind
from dialogs.model import MonthParam, MsgidParam, Option
from dialogs.parse.names import fold
from dialogs.parse.phrases import is_answer_phrase
from pso.formatting import fmt_num

PROGRESS_CELLS = 10
# Labels longer than this get a row of their own, so they are not cut off on a phone.
SHORT_LABEL = 18


def fmt_number(value: float | int | Decimal, locale: str, *, decimals: int = 1) -> str:
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return fmt_num(value, locale, pattern)


def format_params(params: Mapping[str, Any], locale: str) -> dict[str, str]:
    """Numbers in the user's format ("7,5" in Dutch); text escaped for HTML."""
    formatted: dict[str, str] = {}
    for key, value in params.items():
        if isinstance(value, MonthParam):
            formatted[key] = fmt_month(value, locale)
        elif isinstance(value, MsgidParam):
            formatted[key] = html.escape(_(value), quote=False)
        elif isinstance(value, bool):
            formatted[key] = str(value)
        elif isinstance(value, int | float | Decimal):
            formatted[key] = fmt_number(value, locale, decimals=2)
        else:
            formatted[key] = html.escape(str(value), quote=False)
    return formatted


def tr(msgid: str, params: Mapping[str, Any] | None, locale: str) -> str:
    """Translate a dialog msgid, then fill its placeholders (never the other way round)."""
    text = _(msgid)
    return text.format(**format_params(params, locale)) if params else text


def display_text(value: Display, locale: str) -> str:
    """A stored answer as the user reads it, in their language and number format (HTML)."""
    kind = value[0] if value else "missing"
    if kind == "choice":
        return tr(value[1], _params(value), locale)
    if kind == "number":
        number = fmt_number(value[1], locale, decimals=2)
        unit = value[2] if len(value) > 2 else None
        return f"{number} {tr(unit, None, locale)}" if unit else number
    if kind == "month":
        month = fmt_month(str(value[1]), locale)
        template = value[2] if len(value) > 2 else None
        return _(template).format(month=month) if template else month
    if kind == "text":
        return html.escape(str(value[1]), quote=False)
    if kind == "skipped":
        return "<i>" + _("skipped") + "</i>"
    if kind == "unknown":
        return "<i>" + _("not known yet") + "</i>"
    if kind == "group":
        items = value[1]
        if not items:
            return "<i>" + _("nobody yet") + "</i>"
        return "".join(
            f"\n   {n}. " + ", ".join(display_text(part, locale) for part in item)
            for n, item in enumerate(items, 1)
        )
    return "<i>" + _("not answered yet") + "</i>"


def fmt_month(year_month: str, locale: str) -> str:
    """ "2024-03" as "maart 2024" / "March 2024"."""
    try:
        year, month = (int(part) for part in year_month.split("-"))
        return format_date(dt.date(year, month, 1), "LLLL y", locale=locale)
    except ValueError:
        return html.escape(year_month, quote=False)


def _params(value: Display) -> dict[str, Any] | None:
    return value[2] if len(value) > 2 and isinstance(value[2], dict) else None


def progress_line(prompt: Prompt) -> str:
    """ "Part 2 of 5 · target-group employees · person 2  ▰▰▰▰▱▱▱▱▱▱": the part of the
    scan and, in a group, the person. It only moves forward, however many persons are
    added (a total of questions that grows would look like going backwards)."""
    number, total = prompt.progress
    total = max(total, number, 1)
    filled = round(PROGRESS_CELLS * number / total)
    bar = "▰" * filled + "▱" * (PROGRESS_CELLS - filled)
    parts = [_("Part {number} of {total}").format(number=number, total=total)]
    if prompt.section:
        parts.append(_(prompt.section))
    if prompt.person is not None:
        parts.append(_("person {n}").format(n=prompt.person))
    return " · ".join(parts) + "  " + bar


def prompt_text(
    prompt: Prompt, locale: str, *, notice: str | None = None, show_help: bool = False
) -> str:
    parts: list[str] = []
    if notice:
        parts.append("⚠️ " + notice)
    if prompt.kind != StepKind.REVIEW and prompt.progress[1] > 1:  # a flow in parts: the scan
        parts.append(f"<i>{progress_line(prompt)}</i>")
    parts.append("<b>" + tr(prompt.text, prompt.text_params, locale) + "</b>")
    for number, item in enumerate(prompt.items, 1):
        parts.append(f"{number}. " + ", ".join(display_text(part, locale) for part in item))
    if prompt.current is not None and prompt.kind != StepKind.GROUP_OVERVIEW and not prompt.doubt:
        parts.append(
            _("Your answer so far: {answer}").format(answer=display_text(prompt.current, locale))
        )
    if prompt.problem is not None and not notice:
        parts.insert(0, "⚠️ " + tr(prompt.problem.msgid, prompt.problem.params, locale))
    if show_help and prompt.help:
        parts.append("ℹ️ " + tr(prompt.help, None, locale))
    if prompt.hint:
        parts.append("<i>" + tr(prompt.hint, prompt.text_params, locale) + "</i>")
    return "\n\n".join(parts)


def prompt_keyboard(
    prompt: Prompt,
    talk: int,
    revision: int,
    locale: str,
    *,
    show_help: bool = False,
    stop: str = "",
) -> InlineKeyboardMarkup:
    """The question's buttons, carrying the conversation (`talk`) and its revision; `stop`
    (a msgid) is the way out of a flow that is not the scan."""
    rows: list[list[InlineKeyboardButton]] = []
    pending: list[InlineKeyboardButton] = []
    for option in prompt.options:
        label = tr(option.label, option.params, locale)
        button = ans_button(html.unescape(label), talk, revision, AnsAct.CHOOSE, option.value)
        if len(label) > SHORT_LABEL:
            if pending:
                rows.append(pending)
                pending = []
            rows.append([button])
        else:
            pending.append(button)
            if len(pending) == 2:
                rows.append(pending)
                pending = []
    if pending:
        rows.append(pending)

    extra: list[InlineKeyboardButton] = []
    if prompt.can_unknown:
        extra.append(ans_button(unknown_label(), talk, revision, AnsAct.UNKNOWN))
    if prompt.can_skip:
        extra.append(ans_button(skip_label(prompt), talk, revision, AnsAct.SKIP))
    if extra:
        rows.append(extra)
    nav: list[InlineKeyboardButton] = []
    if prompt.can_back:
        nav.append(ans_button(_("⬅️ Back"), talk, revision, AnsAct.BACK))
    if stop:
        nav.append(ans_button(_(stop), talk, revision, AnsAct.STOP))
    if prompt.help and not show_help:
        nav.append(ans_button(_("ℹ️ What does this mean?"), talk, revision, AnsAct.HELP))
    if nav:
        rows.append(nav[:2])
        rows.extend([button] for button in nav[2:])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def unknown_label() -> str:
    return _("🤷 I don't know yet")


def skip_label(prompt: Prompt) -> str:
    return _(prompt.skip_label) if prompt.skip_label else _("⏭ Skip")


def ans_button(
    text: str, talk: int, revision: int, act: AnsAct, value: str = ""
) -> InlineKeyboardButton:
    """A button of the conversation `talk`, drawn at its `revision` (see Ans)."""
    return InlineKeyboardButton(
        text=text, callback_data=Ans(conv=talk, rev=revision, act=act, val=value).pack()
    )


def label_reader(prompt: Prompt, locale: str) -> Callable[[Option], str]:
    """Each button's words as the user sees them, for the engine to read typed text by
    ("regulier": the "Regulier contract" button; "Weet ik nog niet": "🤷 Weet ik nog niet")."""

    def label(option: Option) -> str:
        if option.value == UNKNOWN_BUTTON:
            return unknown_label()
        if option.value == SKIP_BUTTON:
            return skip_label(prompt)
        return html.unescape(strip_tags(tr(option.label, option.params, locale)))

    return label


def answered_text(question_html: str, answer: str) -> str:
    """The passed question as it stays in the chat: the question and the answer given."""
    return answered_html(question_html, html.escape(answer, quote=False))


def answered_html(question_html: str, answer_html: str) -> str:
    """`answered_text` for an answer that is HTML already (a stored answer's display_text)."""
    return f"{question_html}\n\n✅ <b>{answer_html}</b>"


def confirmation_html(label: str, shown: Display, locale: str) -> str:
    """The ✅ line a tapped answer leaves above the next question: the question's label (a
    msgid), then the answer as it reads under it ("✅ <i>Wage-cost subsidy:</i> still paid")."""
    answer = taken_as(shown, None, locale)
    return f"✅ <i>{tr(label, None, locale)}:</i> {answer}" if label else f"✅ {answer}"


def taken_as(shown: Display, typed: str | None, locale: str) -> str:
    """What an answer was taken as, in the user's language (HTML), with the words typed where
    they name it otherwise: "Twenterand (Vriezenveen)", "juni 2025", "1 persoon"."""
    text = display_text(shown, locale)
    kind = shown[0] if shown else ""
    if (
        typed
        and kind in ("choice", "text")
        and not is_answer_phrase(typed)
        and not _says_the_same(typed, strip_tags(text))
    ):
        text += " (" + html.escape(" ".join(typed.split())[:60], quote=False) + ")"
    return text


def _says_the_same(typed: str, shown: str) -> bool:
    """Whether the typed words already show in what they were taken as ("wajong": "Wajong
    (young disabled)", "jazeker": "yes"), so repeating them would add nothing."""
    typed_words, shown_words = fold(typed).split(), fold(shown).split()
    return any(
        len(a) >= 2 and len(b) >= 2 and (a.startswith(b) or b.startswith(a))
        for a in typed_words
        for b in shown_words
    )


def split_for_telegram(blocks: list[str], limit: int = 3900) -> list[str]:
    """Join blocks into messages under Telegram's 4096-character limit (with headroom)."""
    messages: list[str] = []
    current = ""
    for block in blocks:
        if len(block) > limit:
            block = block[: limit - 1] + "…"
        candidate = f"{current}\n{block}" if current else block
        if len(candidate) > limit:
            messages.append(current)
            current = block
        else:
            current = candidate
    if current:
        messages.append(current)
    return messages


def progress_words(prompt: Prompt) -> str:
    """Where a scan stands, for a welcome back or a reminder: "question 5 of 19"."""
    if prompt.kind == StepKind.REVIEW:
        return _("the overview of your answers")
    number, total = prompt.progress
    return _("part {number} of {total}").format(number=number, total=total)


def pressed_label(prompt: Prompt, data: Ans, locale: str) -> str:
    """The answer a tapped button gave, as it stays under the passed question."""
    if data.act == AnsAct.CHOOSE:
        for option in prompt.options:
            if option.value == data.val:
                return html.unescape(strip_tags(tr(option.label, option.params, locale)))
    if data.act == AnsAct.SKIP and prompt.skip_label:
        return _(prompt.skip_label)
    return {
        AnsAct.SKIP: _("Skipped"),
        AnsAct.UNKNOWN: _("I don't know yet"),
        AnsAct.EDIT: _("Change"),
    }.get(data.act, "")


def question_html(prompt: Prompt, locale: str) -> str:
    return "<b>" + tr(prompt.text, prompt.text_params, locale) + "</b>"


def strip_tags(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text)
