"""The names of things in the reader's language: Treden, conditions, answers, sectors and the
categories that count only for a while. Plain text, for the chat, the picture and the PDF alike.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from babel.lists import format_list

from .assess import Assessment, EmployeeResult
from .rules import TREDES
from .translation import N_, Gettext

MIJNPSO = "mijnpso.nl"

SECTOR_LABELS: Mapping[str, str] = {
    "bakery": N_("Bakery"),
    "retail": N_("Shop or retail"),
    "hospitality": N_("Hospitality"),
    "construction": N_("Construction"),
    "cleaning": N_("Cleaning"),
    "garage": N_("Garage or car repair"),
    "care": N_("Care and welfare"),
    "ict": N_("IT"),
    "manufacturing": N_("Manufacturing"),
    "other": N_("Something else"),
}

# Headings (the PDF's answers and plan, the conditions in the result) and, lower case, the same
# inside a sentence.
CONDITION_HEADINGS: Mapping[str, str] = {
    "suitable_work": N_("Suitable work"),
    "guidance": N_("Guidance"),
    "integration": N_("Integration"),
    "development": N_("Functioning and development"),
    "two_fte_one_year": N_("At least 2 FTE for a year"),
    "own_kvk": N_("Own KvK number"),
}
CONDITION_NAMES: Mapping[str, str] = {
    "suitable_work": N_("suitable work"),
    "guidance": N_("guidance"),
    "integration": N_("integration"),
    "development": N_("functioning and development"),
    "two_fte_one_year": N_("at least 2 FTE for a year"),
    "own_kvk": N_("own KvK number"),
}

CHOICE_LABELS: Mapping[str, str] = {
    "yes": N_("yes"),
    "no": N_("no"),
    "partly": N_("partly"),
    "unknown": N_("not known yet"),
    "maybe": N_("maybe"),
    "started": N_("started"),
    "lt_10k": N_("less than €10,000 a year"),
    "10k_50k": N_("€10,000–50,000 a year"),
    "50k_250k": N_("€50,000–250,000 a year"),
    "gt_250k": N_("more than €250,000 a year"),
}

# Short names of the categories with a counting period, inside a sentence.
PERIOD_GROUPS: Mapping[str, str] = {
    "participatiewet": N_("bijstand"),
    "vso_pro": N_("VSO/PrO"),
    "internship_reintegration": N_("internship or re-integration"),
}


def trede_name(trede: str, gettext: Gettext) -> str:
    _ = gettext
    return _("Trede {n}").format(n=TREDES.index(trede) + 1)


def level_text(a: Assessment, gettext: Gettext) -> str:
    """What the numbers reach, in a few words (the bot's "Level: … → …")."""
    return level_name(a.level, gettext)


def level_name(level: str, gettext: Gettext) -> str:
    """A level in a few words: "no Trede yet", "Trede 2"."""
    return gettext("no Trede yet") if level == "none" else trede_name(level, gettext)


def choice_label(value: Any, gettext: Gettext) -> str:
    _ = gettext
    if value is None:
        return _("not answered")
    return _(CHOICE_LABELS[value]) if value in CHOICE_LABELS else str(value)


def sector_label(answers: Mapping[str, Any], gettext: Gettext) -> str:
    _ = gettext
    key = answers.get("sector")
    if not key:
        return _("not answered")
    if key == "other" and answers.get("sector_other"):
        return str(answers["sector_other"])
    return _(SECTOR_LABELS[key]) if key in SECTOR_LABELS else str(key)


def condition_name(a: Assessment, condition: str, *, gettext: Gettext) -> str:
    """The condition inside a list, with what qualifies the answer ("guidance (partly)")."""
    _ = gettext
    name = _(CONDITION_NAMES[condition])
    if a.conditions.get(condition) == "partly":
        return _("{condition} (partly)").format(condition=name)
    return name


def period_groups(people: Sequence[EmployeeResult], *, gettext: Gettext, locale: str) -> str:
    """The categories with a counting period of these people, as a list: "bijstand, VSO/PrO"."""
    _ = gettext
    keys = sorted({e.period.key for e in people if e.period is not None})
    names = [_(PERIOD_GROUPS[k]) if k in PERIOD_GROUPS else k for k in keys]
    return format_list(names, locale=locale) if names else ""
