"""Answer sets and translation stand-ins shared by the tests of the result, picture and PDF."""

import datetime as dt
import gettext as gettext_module
from pathlib import Path
from typing import Any

AS_OF = dt.date(2026, 12, 15)
LOCALES = Path(__file__).resolve().parents[2] / "locales"


def en(s: str) -> str:
    return s


def ngettext(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural


def nl_fake(s: str) -> str:
    """Marks translated text, so tests can see every text went through gettext."""
    return "«" + s + "»"


def nl_ngettext(singular: str, plural: str, n: int) -> str:
    return nl_fake(singular if n == 1 else plural)


def catalogue(locale: str) -> gettext_module.GNUTranslations:
    """The real compiled catalogue (make install / make locales compile it)."""
    return gettext_module.translation("messages", localedir=LOCALES, languages=[locale])


def texts(locale: str) -> dict[str, Any]:
    t = catalogue(locale)
    return {"gettext": t.gettext, "ngettext": t.ngettext, "locale": locale}


def emp(group: str, hours: float, contract: str = "regular", **extra: Any) -> dict[str, Any]:
    return {"target_group": group, "weekly_hours": hours, "contract": contract, **extra}


WORKED = {
    "total_fte": 8.0,
    "org_name": "<script>&",
    "municipality": "Twenterand",
    "sector": "bakery",
    "people_count": 9,
    "employees": [emp("wajong", 24)],
    "social_purchasing": "yes",
    "purchasing_spend": "10k_50k",
    "q_suitable_work": "no",
    "q_guidance": "no",
    "q_integration": "partly",
    "q_development": "yes",
    "intent_grow": "maybe",
    "has_plan": "no",
}
BAKERY = {  # product.md's Ilse: 7,2 FTE, one Wajong employee 24 h
    "total_fte": 7.2,
    "org_name": "Bakkerij Ilse",
    "municipality": "Twenterand",
    "sector": "bakery",
    "people_count": 9,
    "employees": [emp("wajong", 24)],
    "social_purchasing": "no",
    "q_suitable_work": "yes",
    "q_guidance": "partly",
    "q_integration": "no",
    "q_development": "yes",
    "intent_grow": "yes",
    "has_plan": "no",
}
ALL_YES = {
    "suitable_work": "yes",
    "guidance": "yes",
    "integration": "yes",
    "development": "yes",
    "two_fte_one_year": "yes",
    "own_kvk": "yes",
}
