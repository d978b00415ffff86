"""The support an employer may get for a person from the target group, as dated, sourced data.

`load_support()` reads ``pso/data/support.toml`` once and checks it whole (every key, category
and figure); `SupportDataError` names what is wrong in one line, and the bot refuses to start
with it (bot/cli.py). `schemes_for()` is the pure question "which schemes may apply to this
person, and what is a loonkostenvoordeel worth at their hours?", answered in the data's order.
No figure lives here: amounts are computed from the data and the hours, and a scheme without a
figure in the data gets none (`yearly_eur` None).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from types import MappingProxyType
from typing import Any

from .counting import YearMonth, months_between
from .rules import Rules, load_rules

GRANTORS = ("uwv", "municipality", "tax_office")
SUPPORT_FILE = "support.toml"


class SupportDataError(ValueError):
    """The support data file is missing or malformed (the message is one line)."""


@dataclass(frozen=True)
class Scheme:
    key: str
    grantor: str
    categories: tuple[str, ...]
    grantor_by_category: Mapping[str, str] = field(default_factory=dict)
    hire_only: bool = False
    hourly_eur: Decimal | None = None
    cap_eur_per_year: Decimal | None = None
    max_months: int | None = None
    new_jobs_until: YearMonth | None = None  # the last month a new job could begin (abolished)
    abolished_from: YearMonth | None = None  # from this month nobody gets it
    terms: Mapping[str, int | float] = field(default_factory=dict)

    def grantor_for(self, category: str) -> str:
        return self.grantor_by_category.get(category, self.grantor)


@dataclass(frozen=True)
class Support:
    version: str
    effective_date: dt.date
    checked: dt.date  # the day the sources were read: what the bot dates the figures with
    weeks_per_year: int
    minimum_wage_eur_per_hour: Decimal
    minimum_wage_from: dt.date
    minimum_wage_min_age: int
    schemes: tuple[Scheme, ...]
    sources: tuple[str, ...] = ()

    def scheme(self, key: str) -> Scheme:
        return next(s for s in self.schemes if s.key == key)


@dataclass(frozen=True)
class Applies:
    """A scheme that may apply to one person: who grants it, and its yearly amount where the
    data gives one (a loonkostenvoordeel), else None."""

    key: str
    grantor: str
    yearly_eur: int | None
    scheme: Scheme


def whole_euros(amount: Decimal) -> int:
    """Rounded to whole euros, half up (not to even: €0.50 is a euro)."""
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _hours(weekly_hours: float) -> Decimal:
    return Decimal(str(weekly_hours))


def yearly_amount(scheme: Scheme, weekly_hours: float, support: Support) -> int | None:
    """min(hours × weeks × hourly, cap), in whole euros; None for a scheme without an hourly
    figure in the data."""
    if scheme.hourly_eur is None:
        return None
    amount = _hours(weekly_hours) * support.weeks_per_year * scheme.hourly_eur
    if scheme.cap_eur_per_year is not None:
        amount = min(amount, scheme.cap_eur_per_year)
    return whole_euros(amount)


def wage_cost(weekly_hours: float, support: Support) -> int:
    """A year's wage at the minimum wage for these hours, in whole euros (no employer costs)."""
    return whole_euros(
        _hours(weekly_hours) * support.weeks_per_year * support.minimum_wage_eur_per_hour
    )


def schemes_for(
    category: str,
    weekly_hours: float,
    *,
    started: YearMonth | None,
    as_of: dt.date,
    hire: bool = False,
    support: Support | None = None,
) -> tuple[Applies, ...]:
    """The schemes that may apply to a person of `category` for `weekly_hours`, in the data's
    order. `started`: the month they started (None: not known); a hire starts in `as_of`'s
    month. A scheme with a period (`max_months`) is listed within it or when the start is not
    known; an abolished one only for a job begun before it closed (never for a hire or an unknown
    start); a hire-only one (a trial placement) only for a hire."""
    support = support or load_support()
    start = YearMonth.of(as_of) if hire else started
    out = []
    for scheme in support.schemes:
        if category not in scheme.categories or (scheme.hire_only and not hire):
            continue
        if scheme.new_jobs_until is not None and (start is None or start > scheme.new_jobs_until):
            continue
        if scheme.abolished_from is not None and YearMonth.of(as_of) >= scheme.abolished_from:
            continue
        if (
            scheme.max_months is not None
            and start is not None
            and months_between(start, as_of) >= scheme.max_months
        ):
            continue
        out.append(
            Applies(
                scheme.key,
                scheme.grantor_for(category),
                yearly_amount(scheme, weekly_hours, support),
                scheme,
            )
        )
    return tuple(out)


# --- loading and checking -----------------------------------------------------------------------
_SCHEME_KEYS = frozenset(
    {
        "key",
        "grantor",
        "grantor_by_category",
        "categories",
        "hire_only",
        "hourly_eur",
        "cap_eur_per_year",
        "max_months",
        "new_jobs_until",
        "abolished_from",
        "terms",
    }
)
_TOP_KEYS = frozenset(
    {"version", "effective_date", "checked", "weeks_per_year", "sources", "minimum_wage", "schemes"}
)


def _date(value: object, where: str) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    raise SupportDataError(f"{where} must be a date like 2026-01-01")


def _positive(value: object, where: str, *, whole: bool = False) -> Decimal:
    ok = isinstance(value, int) if whole else isinstance(value, int | float)
    if isinstance(value, bool) or not ok or value <= 0:  # type: ignore[operator]
        kind = "a whole number" if whole else "a number"
        raise SupportDataError(f"{where} must be {kind} above 0")
    return Decimal(str(value))


def _grantor(value: object, where: str) -> str:
    if value not in GRANTORS:
        raise SupportDataError(f"{where} must be one of {', '.join(GRANTORS)}, got {value!r}")
    return str(value)


def _categories(value: object, where: str, rules: Rules) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SupportDataError(f"{where} must be a list of target groups")
    for key in value:
        if key not in rules.target_groups:
            raise SupportDataError(f"{where}: unknown target group {key!r}")
    return tuple(value)


def _month(value: object, where: str) -> YearMonth | None:
    if value is None:
        return None
    month = YearMonth.parse(value) if isinstance(value, str) else None
    if month is None:
        raise SupportDataError(f"{where} must be a month written YYYY-MM")
    return month


def _scheme(raw: object, i: int, rules: Rules) -> Scheme:
    where = f"schemes[{i}]"
    if not isinstance(raw, Mapping):
        raise SupportDataError(f"{where} must be a table")
    extra = sorted(set(raw) - _SCHEME_KEYS)
    if extra:
        raise SupportDataError(f"{where}: unknown key {extra[0]!r}")
    key = raw.get("key")
    if not isinstance(key, str) or not key:
        raise SupportDataError(f"{where}.key must be a name")
    where = f"scheme {key}"
    categories = _categories(raw.get("categories"), f"{where}.categories", rules)
    by_category = raw.get("grantor_by_category", {})
    if not isinstance(by_category, Mapping):
        raise SupportDataError(f"{where}.grantor_by_category must be a table")
    _categories(list(by_category), f"{where}.grantor_by_category", rules)
    terms = raw.get("terms", {})
    if not isinstance(terms, Mapping):
        raise SupportDataError(f"{where}.terms must be a table")
    for name, value in terms.items():
        _positive(value, f"{where}.terms.{name}")
    hire_only = raw.get("hire_only", False)
    if not isinstance(hire_only, bool):
        raise SupportDataError(f"{where}.hire_only must be true or false")
    until_month = _month(raw.get("new_jobs_until"), f"{where}.new_jobs_until")
    abolished = _month(raw.get("abolished_from"), f"{where}.abolished_from")
    hourly, cap, months = raw.get("hourly_eur"), raw.get("cap_eur_per_year"), raw.get("max_months")
    if cap is not None and hourly is None:
        raise SupportDataError(f"{where}.cap_eur_per_year needs hourly_eur")
    return Scheme(
        key=key,
        grantor=_grantor(raw.get("grantor"), f"{where}.grantor"),
        categories=categories,
        grantor_by_category=MappingProxyType(
            {k: _grantor(v, f"{where}.grantor_by_category.{k}") for k, v in by_category.items()}
        ),
        hire_only=hire_only,
        hourly_eur=None if hourly is None else _positive(hourly, f"{where}.hourly_eur"),
        cap_eur_per_year=None if cap is None else _positive(cap, f"{where}.cap_eur_per_year"),
        max_months=None
        if months is None
        else int(_positive(months, f"{where}.max_months", whole=True)),
        new_jobs_until=until_month,
        abolished_from=abolished,
        terms=MappingProxyType(dict(terms)),
    )


def parse_support(text: str, rules: Rules) -> Support:
    """The support data of a support.toml's text, checked against the rules' target groups."""
    try:
        meta = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SupportDataError(f"not valid TOML: {error}".splitlines()[0]) from None
    extra = sorted(set(meta) - _TOP_KEYS)
    if extra:
        raise SupportDataError(f"unknown key {extra[0]!r}")
    version = meta.get("version")
    if not isinstance(version, str) or not version:
        raise SupportDataError("version must be a name like 2026.1")
    wage = meta.get("minimum_wage")
    if not isinstance(wage, Mapping):
        raise SupportDataError("[minimum_wage] is missing")
    raw_schemes = meta.get("schemes")
    if not isinstance(raw_schemes, list) or not raw_schemes:
        raise SupportDataError("no [[schemes]]")
    schemes = tuple(_scheme(raw, i, rules) for i, raw in enumerate(raw_schemes))
    keys = [s.key for s in schemes]
    if len(set(keys)) != len(keys):
        raise SupportDataError("a scheme key is listed twice")
    sources = meta.get("sources")
    if not isinstance(sources, list) or not sources or not all(isinstance(s, str) for s in sources):
        raise SupportDataError("sources must be a list of the pages read")
    return Support(
        version=version,
        effective_date=_date(meta.get("effective_date"), "effective_date"),
        checked=_date(meta.get("checked"), "checked"),
        weeks_per_year=int(_positive(meta.get("weeks_per_year"), "weeks_per_year", whole=True)),
        minimum_wage_eur_per_hour=_positive(wage.get("eur_per_hour"), "minimum_wage.eur_per_hour"),
        minimum_wage_from=_date(wage.get("from"), "minimum_wage.from"),
        minimum_wage_min_age=int(
            _positive(wage.get("min_age"), "minimum_wage.min_age", whole=True)
        ),
        schemes=schemes,
        sources=tuple(sources),
    )


def data_dir() -> Traversable:
    """Where the support data lives: the package's data folder, beside the rules."""
    return resources.files("pso") / "data"


@cache
def load_support() -> Support:
    """The packaged support data (pso/data/support.toml), checked; SupportDataError when it is
    missing or malformed."""
    path = data_dir() / SUPPORT_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SupportDataError(f"support data missing: pso/data/{SUPPORT_FILE}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise SupportDataError(f"cannot read pso/data/{SUPPORT_FILE}: {error}") from None
    return parse_support(text, load_rules())


def as_dict(applies: tuple[Applies, ...]) -> list[dict[str, Any]]:
    return [{"key": a.key, "grantor": a.grantor, "yearly_eur": a.yearly_eur} for a in applies]
