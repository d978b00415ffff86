"""The result's messages and buttons, and the what-if explorer's."""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.db.models import Result, as_utc
from bot.i18n import get_i18n
from bot.ui.callbacks import (
    Consent,
    ConsentAct,
    FollowUp,
    Go,
    GoAct,
    Hired,
    WhatIf,
    WhatIfAct,
)
from bot.ui.consent import Contacting
from bot.ui.next_steps import next_steps_message
from bot.ui.prompt import fmt_number, format_params
from dialogs.categories import CONTRACTS, SECONDED_OUT, TARGET_GROUPS
from dialogs.model import Option, Problem
from pso.assess import Assessment
from pso.formatting import fmt_date, fmt_pct
from pso.labels import level_text
from pso.result_texts import (
    audit_sentence,
    conditions_lines,
    conditions_title,
    contribution_sentence,
    counting_sentences,
    disclaimer,
    gap_example,
    gap_sentence,
    headline,
    norm_lines,
    norms_title,
    number_notes,
    route_texts,
    unknown_target_group_sentence,
)
from pso.translation import Gettext, NGettext


# --- translation glue for pso's texts (they take gettext and ngettext) -------------------------
def gettext(message: str) -> str:
    return get_i18n().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return get_i18n().gettext(singular, plural, n)


# --- the result -------------------------------------------------------------------------------
CONDITION_MARKS: dict[str, str] = {"yes": "✅", "no": "❌"}  # anything else: ❔


def _esc(s: str) -> str:
    # Telegram HTML: escape <, > and &; quotes need no escaping outside attributes.
    return html.escape(s, quote=False)


def result_message(
    assessment: Assessment,
    *,
    gettext: Gettext,
    ngettext: NGettext,
    locale: str,
    answers: Mapping[str, Any] | None = None,
) -> str:
    """The result as Telegram HTML (only <b> and <i>): one plain sentence, then the details."""
    a, e = assessment, _esc
    answers = answers or {}
    lines: list[str] = []
    if answers.get("org_name"):
        lines.append(e(str(answers["org_name"])))
    lines.append(f"<b>{e(headline(a, gettext=gettext, ngettext=ngettext, locale=locale))}</b>")
    lines += ["", e(contribution_sentence(a, gettext=gettext, locale=locale))]
    lines.append(e(norms_title(a, gettext=gettext)))
    for name, pct, reached in norm_lines(a, gettext=gettext, locale=locale):
        lines.append(f"{'✅' if reached else '▫️'} {e(name)}: {e(pct)}")
    unknown = unknown_target_group_sentence(a, gettext=gettext)
    if unknown:
        lines.append(e(unknown))
    if a.next_trede:
        # The headline names the hours, except when the target group is not known yet.
        shape = gap_sentence if a.target_group_unknown else gap_example
        gap = shape(a, a.next_trede, gettext=gettext, ngettext=ngettext, locale=locale)
        lines.append(e(gap))
    lines += [f"<i>{e(n)}</i>" for n in number_notes(a, gettext=gettext, locale=locale)]
    counting = counting_sentences(a, gettext=gettext, ngettext=ngettext, locale=locale)
    if counting:
        lines += ["", *map(e, counting)]
    lines += ["", f"<b>{e(conditions_title(gettext))}</b>"]
    lines += [
        f"{CONDITION_MARKS.get(answer, '❔')} {e(text)}"
        for answer, text in conditions_lines(a, gettext=gettext, locale=locale)
    ]
    lines.append(e(audit_sentence(a, gettext=gettext)))
    route = route_texts(a, answers, gettext=gettext, locale=locale)
    if route:
        lines += ["", *map(e, route)]
    lines += ["", f"<i>{e(disclaimer(a, gettext=gettext))}</i>"]
    return "\n".join(lines)


def result_text(
    assessment: Assessment,
    answers: dict[str, Any],
    locale: str,
    *,
    previous: Assessment | None = None,
    previous_date: str | None = None,
) -> str:
    text = result_message(
        assessment, gettext=gettext, ngettext=ngettext, locale=locale, answers=answers
    )
    if previous is not None and previous_date is not None:
        text += "\n\n" + change_since(previous, previous_date, assessment, locale)
    return text


def previous_date(previous: Result, locale: str) -> str:
    """ "3 december 2026" / "3 December 2026": day, month, year in either language."""
    return fmt_date(as_utc(previous.created_at).date(), locale)


def change_since(before: Assessment, when: str, now: Assessment, locale: str) -> str:
    line = _("Last time ({date}): {before} – now {now}.").format(
        date=when,
        before=fmt_pct(before.contribution_pct, locale),
        now=fmt_pct(now.contribution_pct, locale),
    )
    if before.level != now.level:
        line += " " + _("Level: {before} → {now}.").format(
            before=level_text(before, gettext), now=level_text(now, gettext)
        )
    return "<i>" + line + "</i>"


def picture_caption() -> str:
    return _("Your position on the PSO ladder (indicative).")


def next_steps_text(
    assessment: Assessment, answers: dict[str, Any], locale: str, *, contact: str = ""
) -> str:
    return next_steps_message(
        assessment, answers, gettext=gettext, ngettext=ngettext, locale=locale, contact=contact
    )


def result_keyboard(result_id: int, consent_offer: Contacting | None) -> InlineKeyboardMarkup:
    """`consent_offer`: the organisation that may be allowed to contact the owner."""
    builder = InlineKeyboardBuilder()
    builder.button(
        text=_("📄 Summary and plan (PDF)"),
        callback_data=WhatIf(result=result_id, act=WhatIfAct.PDF),
    )
    builder.button(
        text=_("➕ What if I hire someone?"),
        callback_data=WhatIf(result=result_id, act=WhatIfAct.START),
    )
    builder.button(
        text=_("👤 I hired someone: add them"),
        callback_data=Hired(result=result_id),
    )
    builder.button(text=_("🔄 New scan"), callback_data=Go(act=GoAct.RESTART))
    if consent_offer is not None:
        builder.button(
            text=_("📞 Let {organisation} contact me").format(
                organisation=consent_offer.organisation[:40]
            ),
            callback_data=Consent(act=ConsentAct.OFFER, campaign=consent_offer.campaign_id),
        )
    builder.button(text=_("🔔 Remind me along the way"), callback_data=FollowUp(result=result_id))
    builder.adjust(1)
    return builder.as_markup()


def pdf_filename(locale: str) -> str:
    return "tredebot-pso-scan.pdf" if locale == "en" else "tredebot-pso-scan-nl.pdf"


def pdf_caption() -> str:
    return _("Your answers, the indicative result, next steps and a draft plan of action.")


# --- what-if ----------------------------------------------------------------------------------
def option_label(options: tuple[Option, ...], key: str) -> str:
    """The translated label of a stored option key (the key itself if unknown)."""
    option = next((o for o in options if o.key == key), None)
    return _(option.label) if option is not None else key


def person_line(person: dict[str, Any], locale: str) -> str:
    """ "Wajong (young disabled), 7 hours a week, regular contract"."""
    group = str(person.get("target_group", ""))
    text = option_label(TARGET_GROUPS, group)
    if "weekly_hours" in person:
        text += ", " + _("{hours} hours a week").format(
            hours=fmt_number(float(person["weekly_hours"]), locale, decimals=2)
        )
    if "contract" in person:
        text += ", " + option_label((*CONTRACTS, SECONDED_OUT), str(person["contract"])).lower()
    return text


def problem_text(problem: Problem, locale: str) -> str:
    return _(problem.msgid).format(**format_params(problem.params, locale))


def what_if_text(
    before: Assessment, after: Assessment, extra: list[dict[str, Any]], locale: str
) -> str:
    """The imagined hires, what the numbers would reach with them, and now → then."""
    lines = [
        "<b>"
        + ngettext(
            "What if you hire {count} person:", "What if you hire {count} people:", len(extra)
        ).format(count=len(extra))
        + "</b>"
    ]
    lines += ["• " + html.escape(person_line(person, locale)) for person in extra]
    lines += [
        "",
        "<b>" + html.escape(headline(after, gettext=gettext, ngettext=ngettext, locale=locale)),
    ]
    lines[-1] += "</b>"
    lines.append(html.escape(contribution_sentence(after, gettext=gettext, locale=locale)))
    lines.append(html.escape(norms_title(after, gettext=gettext)))
    for name, pct, reached in norm_lines(after, gettext=gettext, locale=locale):
        lines.append(f"{'✅' if reached else '▫️'} {html.escape(name)}: {html.escape(pct)}")
    lines += [
        "",
        "<i>"
        + html.escape(
            _("Now: {before} ({level_before}). With this hire: {after} ({level_after}).").format(
                before=fmt_pct(before.contribution_pct, locale),
                after=fmt_pct(after.contribution_pct, locale),
                level_before=level_text(before, gettext),
                level_after=level_text(after, gettext),
            )
        )
        + "</i>",
        "<i>"
        + html.escape(
            _(
                "The hire counts in your organisation's size too, as in the gap shown in your "
                "result. Only a what-if: your saved answers and /result stay as they are."
            )
        )
        + "</i>",
        "<i>" + html.escape(disclaimer(after, gettext=gettext)) + "</i>",
    ]
    return "\n".join(lines)


def what_if_not_computable() -> str:
    return _("I could not compute this what-if with your saved answers. A new scan will fix that.")


def no_longer_available() -> str:
    return _("This result is no longer available.")


def no_result_yet() -> str:
    return _("You have no result yet. Tap /start to do the scan.")
