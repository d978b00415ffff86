"""The next steps as a Telegram message: numbered, bold titles, five at most (the PDF has all),
and under them what the Dutch names they use are (the Werkgeversservicepunt, a sociaal
werkbedrijf: `pso.next_steps.TERMS`)."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from typing import Any

from pso.assess import Assessment
from pso.next_steps import chat_step_texts, next_steps_heading, term_notes
from pso.translation import Gettext, NGettext


def _esc(s: str) -> str:
    # Telegram HTML: escape <, > and &; quotes need no escaping outside attributes.
    return html.escape(s, quote=False)


def chat_item(title: str, body: str, escape: Callable[[str], str]) -> str:
    """ "<b>Close the gap to Trede 1.</b> Ask the Werkgeversservicepunt …": one paragraph, so
    a step reads as one thing to do (at most three lines on a phone)."""
    end = "" if title.endswith("?") else "."
    return f"<b>{escape(title)}{end}</b> {escape(body)}"


def next_steps_message(
    assessment: Assessment,
    answers: Mapping[str, Any],
    *,
    gettext: Gettext,
    ngettext: NGettext,
    locale: str,
    contact: str = "",
) -> str:
    """The tailored next steps as numbered Telegram HTML (≤ 3500 characters); `contact`: whom
    the campaign the owner came through says to contact."""
    _ = gettext
    e = _esc
    steps, more = chat_step_texts(
        assessment, answers, gettext=gettext, ngettext=ngettext, locale=locale, contact=contact
    )
    lines = [f"<b>{e(next_steps_heading(assessment, gettext=gettext))}</b>"]
    lines += [f"{i}. {chat_item(st.title, st.body, e)}" for i, st in enumerate(steps, 1)]
    lines += [f"<i>{e(note)}</i>" for note in term_notes(steps, gettext=gettext)]
    if more:
        lines.append(
            "<i>{}</i>".format(
                e(
                    ngettext(
                        "{count} more step and a draft plan of action are in the summary (PDF).",
                        "{count} more steps and a draft plan of action are in the summary (PDF).",
                        more,
                    ).format(count=more)
                )
            )
        )
    else:
        lines.append("<i>{}</i>".format(e(_("A draft plan of action is in the summary (PDF)."))))
    # No disclaimer of its own: the steps always follow the result, which says it is
    # indicative and where the official scan is (an owner read it twice in a row).
    return "\n".join(lines)
