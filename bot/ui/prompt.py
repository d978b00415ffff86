"""Turn the dialog engine's prompts into Telegram messages (HTML text and inline buttons)."""

from __future__ import annotations

import html
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _

from dialogs.engine import Display, Prompt, StepKind
from pso.presentation import fmt_num

PROGRESS_CELLS = 10
# Labels longer than this get a row of their own, so they are not cut off on a phone.
SHORT_LABEL = 18
MAX_CALLBACK_DATA_BYTES = 64  # Telegram's limit


class Ans(CallbackData, prefix="i"):
    """An inventory button. `rev` is the session's revision when the button was drawn."""

    rev: int
    act: str  # c=choose b=back s=skip u=unknown h=help e=edit(review) m=edit menu r=result
    val: str = ""

    @classmethod
    def packed(cls, rev: int, act: str, val: str = "") -> str:
        """`Ans(rev=rev, act=act, val=val).pack()`, the same string and the same errors.

        A question's keyboard packs up to a dozen buttons on every answer; aiogram's `pack`
        validates a model and dumps it again for each (3.7 µs, against 0.4 here).
        """
        separator = cls.__separator__
        if separator in act or separator in val:
            return cls(rev=rev, act=act, val=val).pack()  # aiogram's error, with its message
        data = separator.join((cls.__prefix__, str(int(rev)), act, val))
        if len(data.encode()) > MAX_CALLBACK_DATA_BYTES:
            return cls(rev=rev, act=act, val=val).pack()  # aiogram's error, with its message
        return data


def fmt_number(value: float | int | Decimal, locale: str, *, decimals: int = 1) -> str:
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return fmt_num(value, locale, pattern)


def format_params(params: Mapping[str, Any], locale: str) -> dict[str, str]:
    """Numbers in the user's format ("7,5" in Dutch); text escaped for HTML."""
    formatted: dict[str, str] = {}
    for key, value in params.items():
        if isinstance(value, bool):
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
    if kind == "text":
        return html.escape(str(value[1]), quote=False)
    if kind == "skipped":
        return "<i>" + _("skipped") + "</i>"
    if kind == "unknown":
        return "<i>" + _("don't know yet") + "</i>"
    if kind == "group":
        items = value[1]
        if not items:
            return "<i>" + _("nobody yet") + "</i>"
        return "".join(
            f"\n   {n}. " + ", ".join(display_text(part, locale) for part in item)
            for n, item in enumerate(items, 1)
        )
    return "<i>" + _("not answered yet") + "</i>"


def _params(value: Display) -> dict[str, Any] | None:
    return value[2] if len(value) > 2 and isinstance(value[2], dict) else None


def progress_line(prompt: Prompt) -> str:
    number, total = prompt.progress
    total = max(total, number, 1)
    filled = round(PROGRESS_CELLS * number / total)
    bar = "▰" * filled + "▱" * (PROGRESS_CELLS - filled)
    return _("Question {number} of {total}").format(number=number, total=total) + "  " + bar


def prompt_text(
    prompt: Prompt, locale: str, *, notice: str | None = None, show_help: bool = False
) -> str:
    parts: list[str] = []
    if notice:
        parts.append("⚠️ " + notice)
    if prompt.kind != StepKind.REVIEW:
        parts.append(f"<i>{progress_line(prompt)}</i>")
    parts.append("<b>" + tr(prompt.text, prompt.text_params, locale) + "</b>")
    for number, item in enumerate(prompt.items, 1):
        parts.append(f"{number}. " + ", ".join(display_text(part, locale) for part in item))
    if prompt.current is not None and prompt.kind != StepKind.GROUP_OVERVIEW:
        parts.append(
            _("Your answer so far: {answer}").format(answer=display_text(prompt.current, locale))
        )
    if prompt.problem is not None and not notice:
        parts.insert(0, "⚠️ " + tr(prompt.problem.msgid, prompt.problem.params, locale))
    if show_help and prompt.help:
        parts.append("ℹ️ " + tr(prompt.help, None, locale))
    if prompt.hint:
        parts.append("<i>" + tr(prompt.hint, None, locale) + "</i>")
    return "\n\n".join(parts)


def prompt_keyboard(
    prompt: Prompt, revision: int, locale: str, *, show_help: bool = False
) -> InlineKeyboardMarkup:
    rows: list[list[InlineKeyboardButton]] = []
    pending: list[InlineKeyboardButton] = []
    for option in prompt.options:
        label = tr(option.label, option.params, locale)
        button = InlineKeyboardButton(
            text=html.unescape(label),
            callback_data=Ans.packed(revision, "c", option.value),
        )
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
        extra.append(ans_button(_("🤷 Don't know yet"), revision, "u"))
    if prompt.can_skip:
        extra.append(ans_button(_("⏭ Skip"), revision, "s"))
    if extra:
        rows.append(extra)
    nav: list[InlineKeyboardButton] = []
    if prompt.can_back:
        nav.append(ans_button(_("⬅️ Back"), revision, "b"))
    if prompt.help and not show_help:
        nav.append(ans_button(_("ℹ️ What does this mean?"), revision, "h"))
    if nav:
        rows.append(nav)
    return InlineKeyboardMarkup(inline_keyboard=rows)


def ans_button(text: str, revision: int, act: str, value: str = "") -> InlineKeyboardButton:
    """An inventory button carrying the session's revision (see Ans)."""
    return InlineKeyboardButton(text=text, callback_data=Ans.packed(revision, act, value))


def answered_text(question_html: str, answer: str) -> str:
    """The passed question as it stays in the chat: the question and the answer given."""
    return f"{question_html}\n\n✅ <b>{html.escape(answer, quote=False)}</b>"


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
