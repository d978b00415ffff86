"""The result's messages and buttons, and the what-if explorer's."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.db.models import Result, as_utc
from bot.i18n import get_i18n
from bot.ui.calculation import calculation_lines
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
from bot.ui.people import person_line
from bot.ui.prompt import format_params
from dialogs.model import Problem
from pso.assess import Assessment
from pso.formatting import fmt_date
from pso.labels import level_name
from pso.next_steps import costs_text
from pso.result_texts import (
    assumption_sentence,
    audit_sentence,
    carried_level,
    conditions_lines,
    conditions_summary,
    conditions_title,
    contribution_sentence,
    contribution_text,
    counting_sentences,
    deciding_sentence,
    disclaimer,
    gap_example,
    gap_sentence,
    headline,
    is_range,
    low_text,
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
CONDITION_MARKS: dict[str, str] = {"yes": "✅", "no": "❌", "partly": "🟡", "planned": "📝"}
MAX_RESULT_LINES = 15  # a phone's screen: the rest is one tap away (details) or in the PDF


def _esc(s: str) -> str:
    # Telegram HTML: escape <, > and &; quotes need no escaping outside attributes.
    return html.escape(s, quote=False)


def _fit(parts: list[tuple[int, list[str]]], limit: int) -> list[str]:
    """The parts in order, leaving out the least important (highest number; 0 is never left
    out) until at most ``limit`` lines remain."""
    kept = list(parts)
    for drop in sorted({p for p, _lines in parts if p > 0}, reverse=True):
        if sum(len(lines) for _p, lines in kept) <= limit:
            break
        kept = [(p, lines) for p, lines in kept if p != drop]
    return [line for _p, lines in kept for line in lines]


def result_message(
    assessment: Assessment,
    *,
    gettext: Gettext,
    ngettext: NGettext,
    locale: str,
    answers: Mapping[str, Any] | None = None,
) -> str:
    """The result as Telegram HTML (only <b> and <i>), at most 15 lines: the headline (a range
    and the answer that decides it when one is unknown), the norms, the gap, the conditions in
    short; everything else is one tap away (`details_message`)."""
    a, e = assessment, _esc
    answers = answers or {}
    t: dict[str, Any] = {"gettext": gettext, "ngettext": ngettext, "locale": locale}
    parts: list[tuple[int, list[str]]] = []
    if answers.get("org_name"):
        parts.append((6, [e(str(answers["org_name"]))]))
    parts.append((0, [f"<b>{e(headline(a, **t))}</b>"]))
    deciding = deciding_sentence(a, gettext=gettext, ngettext=ngettext)
    if deciding:
        parts.append((0, [e(deciding)]))
    unknown = unknown_target_group_sentence(a, gettext=gettext)
    if unknown:
        parts.append((3, [e(unknown)]))
    norms = [e(norms_title(a, gettext=gettext, locale=locale))]
    norms += [
        f"{'✅' if reached else '▫️'} {e(name)}: {e(pct)}"
        for name, pct, reached in norm_lines(a, gettext=gettext, locale=locale)
    ]
    parts.append((0, norms))
    if a.next_trede and not a.below_two_fte:
        # The headline names the hours, except when the target group is not known yet or the
        # headline is a range: then the gap is said whole.
        shape = gap_sentence if a.target_group_unknown or is_range(a) else gap_example
        parts.append((2, [e(shape(a, a.next_trede, **t))]))
    assumed = assumption_sentence(a, gettext=gettext, locale=locale)
    if assumed:
        parts.append((1, [f"<i>{e(assumed)}</i>"]))
    counting = counting_sentences(a, **t)
    if counting and not deciding:
        parts.append((4, [e(" ".join(counting))]))
    parts.append((5, [""]))
    conditions = [f"<b>{e(conditions_title(gettext))}</b>"]
    conditions += [
        f"{CONDITION_MARKS.get(answer, '❔')} {e(text)}"
        for answer, text in conditions_summary(a, gettext=gettext, locale=locale)
    ]
    parts.append((0, conditions))
    parts.append((3, [e(audit_sentence(a, gettext=gettext, ngettext=ngettext))]))
    parts.append((0, [f"<i>{e(disclaimer(a, gettext=gettext))}</i>"]))
    return "\n".join(_fit(parts, MAX_RESULT_LINES))


def details_message(
    assessment: Assessment,
    *,
    gettext: Gettext,
    ngettext: NGettext,
    locale: str,
    answers: Mapping[str, Any] | None = None,
) -> str:
    """One tap away from the result: how the figure is made, who counts, every condition with
    its answer, the route (Aspirant status, the ladder's steps, PSO 30+, purchasing), the costs."""
    a, e = assessment, _esc
    t: dict[str, Any] = {"gettext": gettext, "ngettext": ngettext, "locale": locale}
    _ = gettext
    made, costs = _("How your result is made"), _("What it costs")
    lines = [f"<b>{e(made)}</b>"]
    lines.append(e(contribution_sentence(a, gettext=gettext, locale=locale)))
    lines += map(e, calculation_lines(a, gettext=gettext, ngettext=ngettext, locale=locale))
    lines += [f"<i>{e(n)}</i>" for n in number_notes(a, gettext=gettext, locale=locale)]
    lines += map(e, counting_sentences(a, **t))
    lines += ["", f"<b>{e(conditions_title(gettext))}</b>"]
    lines += [
        f"{CONDITION_MARKS.get(answer, '❔')} {e(text)}"
        for answer, text in conditions_lines(a, gettext=gettext, locale=locale)
    ]
    lines.append(e(audit_sentence(a, gettext=gettext, ngettext=ngettext)))
    route = route_texts(a, answers or {}, gettext=gettext, locale=locale)
    if route:
        lines += ["", *map(e, route)]
    lines += ["", f"<b>{e(costs)}</b>", e(costs_text(gettext))]
    lines += ["", f"<i>{e(disclaimer(a, gettext=gettext))}</i>"]
    return "\n".join(lines)


def details_text(assessment: Assessment, answers: dict[str, Any], locale: str) -> str:
    return details_message(
        assessment, gettext=gettext, ngettext=ngettext, locale=locale, answers=answers
    )


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


def _contribution_said(a: Assessment, locale: str) -> str:
    """The contribution as the result says it: a range while an answer that decides it is open."""
    if a.unconfirmed_contribution_pct is None:
        return contribution_text(a, locale)
    return _("between {low} and {high}").format(
        low=low_text(a, locale), high=contribution_text(a, locale)
    )


def change_since(before: Assessment, when: str, now: Assessment, locale: str) -> str:
    """Last time → now, never more than each result's answers carry: a range stays a range and
    a level is the one the known answers reach."""
    line = _("Last time ({date}): {before} – now {now}.").format(
        date=when,
        before=_contribution_said(before, locale),
        now=_contribution_said(now, locale),
    )
    was, is_now = carried_level(before), carried_level(now)
    if was != is_now:
        line += " " + _("Level: {before} → {now}.").format(
            before=level_name(was, gettext), now=level_name(is_now, gettext)
        )
    return "<i>" + html.escape(line, quote=False) + "</i>"


def picture_caption() -> str:
    return _("Your position on the PSO ladder (indicative).")


def picture_alt(assessment: Assessment, locale: str) -> str:
    """The picture in words, for who cannot see it (the web page's alt text): the caption and
    the result's first sentence (plain text)."""
    said = headline(assessment, gettext=gettext, ngettext=ngettext, locale=locale)
    return picture_caption() + " " + said


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
        text=_("📋 Details and costs"),
        callback_data=WhatIf(result=result_id, act=WhatIfAct.DETAILS),
    )
    builder.button(
        text=_("💶 Support for your people"),
        callback_data=WhatIf(result=result_id, act=WhatIfAct.SUPPORT),
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
def problem_text(problem: Problem, locale: str) -> str:
    return _(problem.msgid).format(**format_params(problem.params, locale))


def what_if_text(
    before: Assessment,
    after: Assessment,
    extra: list[dict[str, Any]],
    locale: str,
    *,
    instead: Sequence[tuple[dict[str, Any], int, Assessment]] = (),
    support: Sequence[str] = (),
) -> list[str]:
    """The imagined hires, what the numbers would reach with them, now → then, each
    comparison ("or instead: someone from bijstand"), then `support` (blocks of HTML), as blocks
    of one message or more."""
    lines = [
        "<b>"
        + ngettext(
            "What if you hire {count} person:", "What if you hire {count} people:", len(extra)
        ).format(count=len(extra))
        + "</b>"
    ]
    lines += [
        f"{n}. " + html.escape(person_line(person, locale))
        for n, person in enumerate(extra, start=1)
    ]
    lines += [
        "",
        "<b>" + html.escape(headline(after, gettext=gettext, ngettext=ngettext, locale=locale)),
    ]
    lines[-1] += "</b>"
    lines.append(html.escape(contribution_sentence(after, gettext=gettext, locale=locale)))
    lines.append(html.escape(norms_title(after, gettext=gettext, locale=locale)))
    for name, pct, reached in norm_lines(after, gettext=gettext, locale=locale):
        lines.append(f"{'✅' if reached else '▫️'} {html.escape(name)}: {html.escape(pct)}")
    blocks = ["\n".join(lines)]
    if instead:
        compared = ["", "<b>" + html.escape(_("🆚 Compared")) + "</b>"]
        compared += [
            html.escape(
                _("Person {n}: {contribution} ({level}).").format(
                    n=n,
                    contribution=_contribution_said(after, locale),
                    level=level_name(carried_level(after), gettext),
                )
            )
            for n in sorted({of for _p, of, _a in instead})
        ]
        compared += [
            html.escape(
                _("Instead of person {n}: {person}: {contribution} ({level}).").format(
                    n=of,
                    person=person_line(person, locale),
                    contribution=_contribution_said(other, locale),
                    level=level_name(carried_level(other), gettext),
                )
            )
            for person, of, other in instead
        ]
        blocks.append("\n".join(compared))
    blocks += list(support)
    notes = [
        "",
        "<i>"
        + html.escape(
            ngettext(
                "Now: {before} ({level_before}). With this hire: {after} ({level_after}).",
                "Now: {before} ({level_before}). With these hires: {after} ({level_after}).",
                len(extra),
            ).format(
                before=_contribution_said(before, locale),
                after=_contribution_said(after, locale),
                level_before=level_name(carried_level(before), gettext),
                level_after=level_name(carried_level(after), gettext),
            )
        )
        + "</i>",
        "<i>"
        + html.escape(
            ngettext(
                "The hire counts in your organisation's size too, as in the gap shown in your "
                "result. Only a what-if: your saved answers and your result stay as they are.",
                "The hires count in your organisation's size too, as in the gap shown in your "
                "result. Only a what-if: your saved answers and your result stay as they are.",
                len(extra),
            )
        )
        + "</i>",
        "<i>" + html.escape(disclaimer(after, gettext=gettext)) + "</i>",
    ]
    blocks.append("\n".join(notes))
    return blocks


def what_if_not_computable() -> str:
    return _("I could not compute this what-if with your saved answers. A new scan will fix that.")


def no_longer_available() -> str:
    return _("This result is no longer available.")


def no_result_yet() -> str:
    return _("You have no result yet. Tap /start to do the scan.")
