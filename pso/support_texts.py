"""What the bot says about support: one plain line per scheme, who to ask, and the date.

Every figure comes from the support data (`pso.support`) or from the hours the owner gave; a
scheme whose data has no amount is named with who grants it and never with a sum. The Dutch
name of each scheme stays in the English texts ("wage-cost subsidy (loonkostensubsidie)"), as
an owner will meet it at UWV and the municipality. Plain text: the caller adds markup.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal

from .formatting import fmt_date, fmt_num, fmt_pct
from .support import Applies, Support, SupportDataError
from .translation import N_, Gettext

# The generic place to ask, after the campaign's own contact when there is one.
WSP = N_("the Werkgeversservicepunt in your region")


def euros(amount: int | Decimal, locale: str, *, cents: bool = False) -> str:
    """€1,260 / € 1.260; with cents €14.71 / € 14,71."""
    number = fmt_num(amount, locale, "#,##0.00" if cents else "#,##0")
    return f"€\u00a0{number}" if locale.startswith("nl") else f"€{number}"  # never broken


def hours_said(hours: float, locale: str) -> str:
    return fmt_num(hours, locale, "#,##0.##")


def _whole(value: int | float, locale: str) -> str:
    return fmt_num(value, locale, "#,##0.##")


def grantor_name(grantor: str, gettext: Gettext, *, municipality: str = "") -> str:
    """Who to ask: UWV, the municipality (by name when known), or the payroll administrator."""
    _ = gettext
    if grantor == "uwv":
        return _("UWV")
    if grantor == "municipality":
        if municipality:
            return _("the municipality of {name}").format(name=municipality)
        return _("the municipality")
    return _("your payroll administrator (claimed in the payroll return)")


def where_first(contact: str, gettext: Gettext) -> str:
    """ "Ask <the campaign's contact> first", before the generic Werkgeversservicepunt."""
    _ = gettext
    if contact:
        return _(
            "Who to ask first: {contact}; or {wsp}, which knows the schemes of UWV and the "
            "municipality."
        ).format(contact=contact, wsp=_(WSP))
    text = _("Who to ask first: {wsp}, which knows the schemes of UWV and the municipality.")
    return text.format(wsp=_(WSP))


def no_scheme(contact: str, gettext: Gettext) -> str:
    _ = gettext
    if contact:
        return _("No special scheme; ask {contact} or the Werkgeversservicepunt.").format(
            contact=contact
        )
    return _("No special scheme; ask the Werkgeversservicepunt.")


def indicative(support: Support, gettext: Gettext, locale: str, *, short: bool = False) -> str:
    """That the schemes and amounts are indicative, dated, and decided by who grants them
    (`short`: in a few words, for the PDF's table)."""
    if short:
        return gettext(
            "Support: indicative, as found on {date}; who grants a scheme decides."
        ).format(date=fmt_date(support.checked, locale))
    return gettext(
        "Indicative: the schemes and amounts of {year} as found on {date} (support data "
        "{version}). Whether a scheme applies, and how much it pays, is decided by who grants "
        "it."
    ).format(
        year=support.effective_date.year,
        date=fmt_date(support.checked, locale),
        version=support.version,
    )


def wage_line(wage: int, hours: float, support: Support, gettext: Gettext, locale: str) -> str:
    """The hire's yearly wage cost at the minimum wage for their hours."""
    return gettext(
        "Wage: about {amount} a year at the minimum wage for {hours} hours a week ({hourly} an "
        "hour, aged {age} or over; without holiday pay and employer costs)."
    ).format(
        amount=euros(wage, locale),
        hours=hours_said(hours, locale),
        hourly=euros(support.minimum_wage_eur_per_hour, locale, cents=True),
        age=support.minimum_wage_min_age,
    )


Say = Callable[[Applies, Mapping[str, str], Gettext], str]


def _lks(a: Applies, p: Mapping[str, str], _: Gettext) -> str:
    return _(
        "Wage-cost subsidy (loonkostensubsidie): up to {pct} of the minimum wage, after a "
        "wage-value measurement by the municipality; ask within {months} months of the start. "
        "Ask {who}."
    ).format(**p)


def _loondispensatie(a: Applies, p: Mapping[str, str], _: Gettext) -> str:
    return _(
        "Paying below the minimum wage (loondispensatie): when the person is at least {pct} less "
        "productive, for {min_months} months up to {max_years} years. Ask {who}."
    ).format(**p)


def _no_risk(a: Applies, p: Mapping[str, str], _: Gettext) -> str:
    return _(
        "No-risk policy (no-riskpolis): UWV pays the sickness benefit (Ziektewet) when the "
        "person is ill. Ask {who}."
    ).format(**p)


def _jobcoach(a: Applies, p: Mapping[str, str], _: Gettext) -> str:
    return _(
        "Job coach (jobcoach): from {min_hours} hours a week and a contract of at least "
        "{min_contract_months} months. Ask {who}."
    ).format(**p)


def _proefplaatsing(a: Applies, p: Mapping[str, str], _: Gettext) -> str:
    return _(
        "Trial placement (proefplaatsing): work with the benefit kept before a contract, "
        "usually {months} months and at most {max_months}. Ask {who}."
    ).format(**p)


def _werkplek(a: Applies, p: Mapping[str, str], _: Gettext) -> str:
    return _("Workplace adaptation (werkplekaanpassing): case by case. Ask {who}.").format(**p)


def _praktijkroute(a: Applies, p: Mapping[str, str], _: Gettext) -> str:
    return _(
        "Praktijkroute into the doelgroepregister: the municipality measures the wage value at "
        "the workplace, without an assessment by UWV. Ask {who}."
    ).format(**p)


def _lkv(name: str, extra: str | None = None) -> Say:
    def say(a: Applies, p: Mapping[str, str], _: Gettext) -> str:
        if a.yearly_eur is None:
            text = _("{name}: claimed in your payroll return.").format(name=_(name))
        else:
            text = _(
                "{name}: about {amount} a year at {hours} hours a week, claimed in your payroll "
                "return."
            ).format(name=_(name), **p)
        return text if extra is None else text + " " + _(extra).format(**p)

    return say


SAYINGS: dict[str, Say] = {
    "lks": _lks,
    "loondispensatie": _loondispensatie,
    "no_risk": _no_risk,
    "jobcoach": _jobcoach,
    "proefplaatsing": _proefplaatsing,
    "werkplek": _werkplek,
    "praktijkroute": _praktijkroute,
    "lkv_banenafspraak": _lkv(
        N_("Wage-cost benefit (LKV banenafspraak)"),
        N_("Check the doelgroepregister in UWV's werkgeversportaal."),
    ),
    "lkv_arbeidsgehandicapt": _lkv(
        N_("Wage-cost benefit for a disabled employee (LKV arbeidsgehandicapte werknemer)"),
        N_("For up to {years} years; ask UWV for a doelgroepverklaring first."),
    ),
    "lkv_ouderen": _lkv(N_("Wage-cost benefit for an older employee (LKV oudere werknemer)")),
    "liv": _lkv(N_("Low-income benefit (lage-inkomensvoordeel, LIV)")),
}

# Each term of the data as the texts name it, and how it is written.
_PCT_TERMS = {
    "max_pct_of_minimum_wage": "pct",
    "min_less_productive_pct": "pct",
}
_TERMS = {
    "apply_within_months": "months",
    "min_months": "min_months",
    "max_years": "max_years",
    "min_weekly_hours": "min_hours",
    "min_contract_months": "min_contract_months",
    "months": "months",
    "max_months": "max_months",
    "years": "years",
}


def scheme_line(
    applies: Applies, hours: float, *, gettext: Gettext, locale: str, municipality: str = ""
) -> str:
    """One scheme for one person, with who to ask and, for a loonkostenvoordeel, the yearly
    amount at their hours (capped, as the data says)."""
    params: dict[str, str] = {
        "who": grantor_name(applies.grantor, gettext, municipality=municipality),
        "hours": hours_said(hours, locale),
    }
    if applies.yearly_eur is not None:
        params["amount"] = euros(applies.yearly_eur, locale)
    for term, value in applies.scheme.terms.items():
        if term in _PCT_TERMS:
            params[_PCT_TERMS[term]] = fmt_pct(float(value), locale, "#,##0")
        elif term in _TERMS:
            params[_TERMS[term]] = _whole(value, locale)
    return SAYINGS[applies.key](applies, params, gettext)


# A scheme's short name, for a table (the PDF plan); the Dutch name stays in English.
SHORT_NAMES: dict[str, str] = {
    "lks": N_("wage-cost subsidy (loonkostensubsidie)"),
    "loondispensatie": N_("lower wage (loondispensatie)"),
    "no_risk": N_("no-risk policy (no-riskpolis)"),
    "jobcoach": N_("job coach"),
    "proefplaatsing": N_("trial placement (proefplaatsing)"),
    "werkplek": N_("workplace adaptation (werkplekaanpassing)"),
    "praktijkroute": N_("praktijkroute (into the register)"),
    "lkv_banenafspraak": N_("LKV banenafspraak"),
    "lkv_arbeidsgehandicapt": N_("LKV disabled employee (arbeidsgehandicapte werknemer)"),
    "lkv_ouderen": N_("LKV oudere werknemer"),
    "liv": N_("low-income benefit (LIV)"),
}
GRANTOR_SHORT: dict[str, str] = {
    "uwv": N_("UWV"),
    "municipality": N_("the municipality"),
    "tax_office": N_("payroll return"),
}


def short_line(
    applies: Applies, locale: str, gettext: Gettext, *, with_grantor: bool = True
) -> str:
    """ "no-risk policy (no-riskpolis): UWV" / "LKV banenafspraak: about €1,260 a year, payroll
    return"; without the grantor "no-risk policy (no-riskpolis)" / "LKV banenafspraak about
    €1,260 a year"."""
    _ = gettext
    name, who = _(SHORT_NAMES[applies.key]), _(GRANTOR_SHORT[applies.grantor])
    if not with_grantor:
        if applies.yearly_eur is None:
            return name
        return _("{name} about {amount} a year").format(
            name=name, amount=euros(applies.yearly_eur, locale)
        )
    if applies.yearly_eur is None:
        return _("{name}: {who}").format(name=name, who=who)
    return _("{name}: about {amount} a year, {who}").format(
        name=name, amount=euros(applies.yearly_eur, locale), who=who
    )


def check_sayable(support: Support) -> None:
    """Every scheme of the data has words here and the figures they need: SupportDataError
    naming the first that does not (checked at start, with the data)."""
    for scheme in support.schemes:
        if scheme.key not in SAYINGS or scheme.key not in SHORT_NAMES:
            raise SupportDataError(f"scheme {scheme.key}: the bot has no words for it")
        trial = Applies(scheme.key, scheme.grantor, 1 if scheme.hourly_eur else None, scheme)
        try:
            scheme_line(trial, 1.0, gettext=lambda s: s, locale="en")
        except KeyError as error:
            missing = error.args[0]
            raise SupportDataError(f"scheme {scheme.key}.terms: {missing} is missing") from None
