"""The support that may apply, as Telegram HTML: per counted person (one tap under the result),
and per hire in the what-if and after "I hired someone". The words are pso's (pso/support_texts.py);
this module adds the markup, the people's categories as the scan names them, and the split into
messages under Telegram's limit."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping
from typing import Any

from aiogram.utils.i18n import gettext as _

from bot.ui.people import person_line
from bot.ui.prompt import split_for_telegram
from bot.ui.result import gettext
from pso.assess import Assessment
from pso.counting import YearMonth
from pso.support import Applies, load_support, schemes_for, wage_cost
from pso.support_texts import (
    indicative,
    no_scheme,
    scheme_line,
    wage_line,
    where_first,
)


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _municipality(answers: Mapping[str, Any]) -> str:
    place = answers.get("municipality")
    return str(place) if isinstance(place, str) and place and place != "unknown" else ""


def scheme_lines(
    applies: tuple[Applies, ...], hours: float, locale: str, *, contact: str, municipality: str
) -> list[str]:
    """One "• …" line per scheme, or the line for a category without one."""
    if not applies:
        return ["• " + _esc(no_scheme(contact, gettext))]
    return [
        "• "
        + _esc(scheme_line(a, hours, gettext=gettext, locale=locale, municipality=municipality))
        for a in applies
    ]


def support_messages(
    assessment: Assessment,
    answers: Mapping[str, Any],
    locale: str,
    *,
    contact: str,
    today: dt.date,
) -> list[str]:
    """ "💶 Support for your people": each counted person by category and hours (people with
    the same answers together), the schemes that may apply with who to ask, then the date and
    that it is indicative. One message, or more when Telegram's limit asks for it."""
    support = load_support()
    municipality = _municipality(answers)
    head = [
        "<b>" + _esc(_("💶 Support for your people")) + "</b>",
        _esc(where_first(contact, gettext)),
    ]
    people: list[tuple[tuple[Any, ...], int, list[str]]] = []
    for person in assessment.employees:
        if not person.counted:
            continue
        applies = schemes_for(
            person.target_group, person.weekly_hours, started=person.started, as_of=today
        )
        key = (person.target_group, person.weekly_hours, person.contract, applies)
        if people and people[-1][0] == key:  # copies of one person (the scan's "one more like")
            people[-1] = (key, people[-1][1] + 1, people[-1][2])
            continue
        said = person_line(
            {
                "target_group": person.target_group,
                "weekly_hours": person.weekly_hours,
                "contract": person.contract,
            },
            locale,
        )
        lines = scheme_lines(
            applies, person.weekly_hours, locale, contact=contact, municipality=municipality
        )
        people.append((key, 1, [_esc(said), *lines]))
    blocks = ["\n".join(head)]
    if not people:
        blocks.append(
            _esc(
                _(
                    "Nobody counts from the target group yet. Tap “➕ What if I hire someone?” to "
                    "see the support for a hire."
                )
            )
        )
    for _key, count, (said, *lines) in people:
        title = (
            said if count == 1 else _("{count} people: {person}").format(count=count, person=said)
        )
        blocks.append("\n".join(["", "<b>" + title + "</b>", *lines]))
    blocks.append("\n<i>" + _esc(indicative(support, gettext, locale)) + "</i>")
    return split_for_telegram(blocks)


def hire_lines(
    person: Mapping[str, Any],
    locale: str,
    *,
    today: dt.date,
    contact: str = "",
    municipality: str = "",
    planned: bool = True,
) -> list[str]:
    """A hire's support: the wage at the minimum wage for their hours, then each scheme (the
    loonkostenvoordeel with its amount). `planned`: a what-if hire, starting this month (a trial
    placement may come first); otherwise a recorded hire, from the month they started."""
    support = load_support()
    hours = float(person["weekly_hours"])
    started = None
    if not planned and isinstance(person.get("started"), str):
        started = YearMonth.parse(person["started"])
    applies = schemes_for(
        str(person["target_group"]), hours, started=started, as_of=today, hire=planned
    )
    lines = ["• " + _esc(wage_line(wage_cost(hours, support), hours, support, gettext, locale))]
    lines += scheme_lines(applies, hours, locale, contact=contact, municipality=municipality)
    return lines


def hire_note(locale: str) -> str:
    support = load_support()
    return "<i>" + _esc(indicative(support, gettext, locale)) + "</i>"


def what_if_support(
    hires: list[dict[str, Any]],
    instead: list[tuple[dict[str, Any], int]],
    locale: str,
    *,
    today: dt.date,
    contact: str,
    answers: Mapping[str, Any],
) -> list[str]:
    """Blocks: who to ask first, then per imagined hire (and per comparison) its wage at the
    minimum wage and the schemes that may apply, then the date and that it is indicative."""
    municipality = _municipality(answers)
    blocks = [
        "\n".join(
            [
                "",
                "<b>" + _esc(_("💶 Support that may apply")) + "</b>",
                _esc(where_first(contact, gettext)),
            ]
        )
    ]
    people = [(_("Person {n}").format(n=n), p) for n, p in enumerate(hires, start=1)]
    people += [(_("Instead of person {n}").format(n=of), p) for p, of in instead]
    for title, person in people:
        lines = hire_lines(person, locale, today=today, contact=contact, municipality=municipality)
        said = _esc(title + ": " + person_line(person, locale))
        blocks.append("\n".join(["<b>" + said + "</b>", *lines]))
    blocks.append(hire_note(locale))
    return blocks


def recorded_hire_support(
    person: Mapping[str, Any],
    locale: str,
    *,
    today: dt.date,
    contact: str,
    answers: Mapping[str, Any],
) -> str:
    """After "I hired someone": the person's wage at the minimum wage and the schemes that may
    apply from the month they started (a trial placement is past by then)."""
    lines = [
        "<b>" + _esc(_("💶 Support that may apply")) + "</b>",
        _esc(where_first(contact, gettext)),
        _esc(person_line(dict(person), locale)),
        *hire_lines(
            person,
            locale,
            today=today,
            contact=contact,
            municipality=_municipality(answers),
            planned=False,
        ),
        hire_note(locale),
    ]
    return "\n".join(lines)
