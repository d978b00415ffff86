"""The support that may apply (pso/support.py, pso/data/support.toml): each scheme for exactly
its categories (../shared/pso/support.md's table), every amount from the data and the hours,
nothing abolished for a new job, and a broken data file refused in one line."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pso.counting import YearMonth
from pso.rules import load_rules
from pso.support import (
    Support,
    SupportDataError,
    load_support,
    parse_support,
    schemes_for,
    wage_cost,
)
from pso.support_texts import check_sayable, indicative, scheme_line, wage_line

AS_OF = dt.date(2026, 12, 7)
ALL_GROUPS = sorted(load_rules().target_groups)

# support.md's table, column "for categories", written out here as the spec (not read from the
# data it checks). proefplaatsing is for a hire only.
TABLE: dict[str, set[str]] = {
    "lks": {"participatiewet_lks", "participatiewet", "target_register_other"},
    "loondispensatie": {"wajong"},
    "no_risk": {"target_register_other", "wajong", "wao_wia_waz", "sw_indicated"},
    "jobcoach": {
        "wajong",
        "wao_wia_waz",
        "participatiewet",
        "participatiewet_lks",
        "target_register_other",
    },
    "proefplaatsing": {"ww", "wajong", "wao_wia_waz", "participatiewet"},
    "werkplek": set(ALL_GROUPS),
    "praktijkroute": {"participatiewet"},
    "lkv_banenafspraak": {"wajong", "target_register_other", "sw_indicated"},
    "lkv_arbeidsgehandicapt": {"wao_wia_waz"},
    "lkv_ouderen": set(),
    "liv": set(),
}
ORDER = list(TABLE)
DATA = Path(__file__).resolve().parents[2] / "pso" / "data" / "support.toml"


def keys(category: str, *, hire: bool, started: YearMonth | None = None) -> list[str]:
    return [a.key for a in schemes_for(category, 20, started=started, as_of=AS_OF, hire=hire)]


def test_the_data_is_dated_and_sourced() -> None:
    support = load_support()
    assert support.version == "2026.1"
    assert support.effective_date == dt.date(2026, 1, 1)
    assert support.checked == dt.date(2026, 12, 6)
    assert len(support.sources) >= 10
    assert [s.key for s in support.schemes] == ORDER
    check_sayable(support)


@pytest.mark.parametrize("category", ALL_GROUPS)
def test_each_scheme_appears_exactly_for_its_categories(category: str) -> None:
    for hire in (False, True):
        expected = [
            key for key in ORDER if category in TABLE[key] and (hire or key != "proefplaatsing")
        ]
        assert keys(category, hire=hire) == expected, (category, hire)


UWV_CLIENTS = {"wajong", "wao_wia_waz", "ww", "young_disabled_with_provision"}


def expected_grantor(key: str, category: str) -> str:
    """support.md's "who grants it": the Belastingdienst for an LKV; UWV for its own clients, the
    municipality for the Participatiewet (and those it places) for a job coach, a trial placement
    and a workplace adaptation."""
    if key.startswith("lkv_"):
        return "tax_office"
    if key in ("loondispensatie", "no_risk"):
        return "uwv"
    if key in ("lks", "praktijkroute"):
        return "municipality"
    return "uwv" if category in UWV_CLIENTS else "municipality"


@pytest.mark.parametrize("category", ALL_GROUPS)
def test_grantors_are_who_support_md_names(category: str) -> None:
    for a in schemes_for(category, 20, started=None, as_of=AS_OF, hire=True):
        assert a.grantor == expected_grantor(a.key, category), a.key


def half_up(x: Decimal) -> int:
    return int(x.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@given(st.decimals(min_value=Decimal("0.25"), max_value=Decimal(60), places=2))
def test_every_amount_follows_from_the_data_and_the_hours(hours: Decimal) -> None:
    support = load_support()
    for category in ALL_GROUPS:
        for a in schemes_for(category, float(hours), started=None, as_of=AS_OF, hire=True):
            scheme = support.scheme(a.key)
            if scheme.hourly_eur is None:
                assert a.yearly_eur is None, a.key  # no figure in the data: none said
                continue
            raw = hours * 52 * scheme.hourly_eur
            assert scheme.cap_eur_per_year is not None
            assert a.yearly_eur == half_up(min(raw, scheme.cap_eur_per_year))
    assert wage_cost(float(hours), support) == half_up(hours * 52 * Decimal("14.71"))


@pytest.mark.parametrize(
    ("category", "hours", "key", "amount"),
    [
        ("wajong", 24, "lkv_banenafspraak", 1260),  # 24 × 52 × 1.01 = 1260.48
        ("wajong", 20, "lkv_banenafspraak", 1050),
        ("wajong", 38, "lkv_banenafspraak", 1996),
        ("wajong", 40, "lkv_banenafspraak", 2000),  # 2100.80, capped
        ("wao_wia_waz", 12, "lkv_arbeidsgehandicapt", 1903),  # 1903.20
        ("wao_wia_waz", 37, "lkv_arbeidsgehandicapt", 5868),
        ("wao_wia_waz", 38, "lkv_arbeidsgehandicapt", 6000),  # 6026.80, capped
    ],
)
def test_known_amounts_and_the_cap(category: str, hours: float, key: str, amount: int) -> None:
    found = {a.key: a.yearly_eur for a in schemes_for(category, hours, started=None, as_of=AS_OF)}
    assert found[key] == amount


def test_the_wage_at_the_minimum_wage() -> None:
    assert wage_cost(12, load_support()) == 9179  # 12 × 52 × 14.71 = 9179.04
    assert wage_cost(24, load_support()) == 18358  # 18358.08


def test_lkv_arbeidsgehandicapt_runs_36_months_from_the_start() -> None:
    def listed(started: YearMonth | None) -> bool:
        return "lkv_arbeidsgehandicapt" in keys("wao_wia_waz", hire=False, started=started)

    assert listed(None)  # not known: listed
    assert listed(YearMonth(2023, 12).plus(1))  # 35 months
    assert not listed(YearMonth(2023, 12))  # 36 months
    assert "lkv_arbeidsgehandicapt" in keys("wao_wia_waz", hire=True)  # starts now


def opened(support: Support, *schemes: str) -> Support:
    """The data with these schemes open to every category (as if the data listed them)."""
    return dataclasses.replace(
        support,
        schemes=tuple(
            dataclasses.replace(s, categories=tuple(ALL_GROUPS)) if s.key in schemes else s
            for s in support.schemes
        ),
    )


@pytest.mark.parametrize("category", ALL_GROUPS)
def test_an_abolished_scheme_is_never_offered_for_a_new_hire(category: str) -> None:
    support = opened(load_support(), "lkv_ouderen", "liv")
    for as_of in (AS_OF, dt.date(2026, 1, 1), dt.date(2027, 6, 1)):
        hire = schemes_for(category, 30, started=None, as_of=as_of, hire=True, support=support)
        assert {"lkv_ouderen", "liv"}.isdisjoint(a.key for a in hire)
    for started in (None, YearMonth(2026, 1), YearMonth(2026, 11)):
        person = schemes_for(category, 30, started=started, as_of=AS_OF, support=support)
        assert {"lkv_ouderen", "liv"}.isdisjoint(a.key for a in person)
    # A job begun before it closed keeps it (within its 36 months): the rule is not "never".
    early = schemes_for(
        category, 30, started=YearMonth(2024, 6), as_of=dt.date(2025, 6, 1), support=support
    )
    assert "lkv_ouderen" in [a.key for a in early] and "liv" not in [a.key for a in early]
    before = schemes_for(
        category, 30, started=YearMonth(2024, 6), as_of=dt.date(2024, 9, 1), support=support
    )
    assert {"lkv_ouderen", "liv"} <= {a.key for a in before}


def numbers(text: str) -> set[Decimal]:
    return {Decimal(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", text)}


def data_numbers(support: Support) -> set[Decimal]:
    """Every figure the data holds (the years of its months and dates included)."""
    found: set[Decimal] = {support.minimum_wage_eur_per_hour, Decimal(support.minimum_wage_min_age)}
    for s in support.schemes:
        found |= {Decimal(str(v)) for v in s.terms.values()}
        found |= {v for v in (s.hourly_eur, s.cap_eur_per_year) if v is not None}
        if s.max_months is not None:
            found.add(Decimal(s.max_months))
    return found


@pytest.mark.parametrize("category", ALL_GROUPS)
def test_no_figure_is_said_that_is_not_in_the_data_or_the_hours(category: str) -> None:
    support = load_support()
    hours = 17
    allowed = data_numbers(support) | {Decimal(hours)}
    said = [wage_line(wage_cost(hours, support), hours, support, lambda s: s, "en")]
    applies = schemes_for(category, hours, started=None, as_of=AS_OF, hire=True)
    said += [scheme_line(a, hours, gettext=lambda s: s, locale="en") for a in applies]
    allowed |= {Decimal(a.yearly_eur) for a in applies if a.yearly_eur is not None}
    allowed.add(Decimal(wage_cost(hours, support)))
    for line in said:
        assert numbers(line) <= allowed, line
    note = indicative(support, lambda s: s, "en")
    assert "6 December 2026" in note and "2026" in note and "indicative" in note.lower()


# --- a broken data file -----------------------------------------------------------------------
GOOD = DATA.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda t: t.replace('version = "2026.1"\n', ""), "version"),
        (lambda t: t.replace("hourly_eur = 1.01", "hourly_eur = -1.01"), "hourly_eur"),
        (lambda t: t.replace('"wajong"]', '"wajongg"]', 1), "unknown target group 'wajongg'"),
        (lambda t: t.replace('grantor = "uwv"', 'grantor = "the king"', 1), "grantor"),
        (lambda t: t.replace("[minimum_wage]", "[minimum_wages]"), "minimum_wage"),
        (lambda t: t.replace("effective_date = 2026-01-01", "effective_date = 'soon'"), "date"),
        (lambda t: t + "\n[[schemes]]\nkey = 'lks'\ngrantor = 'uwv'\ncategories = []\n", "twice"),
        (
            lambda t: t.replace("cap_eur_per_year = 2000", "cap_eur_per_year = 2000\nbonus = 1"),
            "bonus",
        ),
        (lambda t: t.replace("[minimum_wage]", "[minimum_wage"), "TOML"),
    ],
)
def test_a_malformed_data_file_is_refused_in_one_line(change: object, says: str) -> None:
    assert callable(change)
    with pytest.raises(SupportDataError) as raised:
        parse_support(change(GOOD), load_rules())
    message = str(raised.value)
    assert says in message and "\n" not in message


def test_a_scheme_without_words_is_refused() -> None:
    text = GOOD + "\n[[schemes]]\nkey = 'new_bonus'\ngrantor = 'uwv'\ncategories = ['wajong']\n"
    support = parse_support(text, load_rules())
    with pytest.raises(SupportDataError, match="new_bonus"):
        check_sayable(support)


def test_the_bot_does_not_start_without_its_support_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import pso.support
    from bot.cli import main

    monkeypatch.setenv("BOT_TOKEN", "1:x")
    monkeypatch.setattr(pso.support, "data_dir", lambda: tmp_path)
    load_support.cache_clear()
    try:
        assert main(["run"]) == 2
        missing = capsys.readouterr().err
        (tmp_path / "support.toml").write_text(GOOD.replace("1.01", "'a euro'"), encoding="utf-8")
        load_support.cache_clear()
        assert main(["run"]) == 2
        malformed = capsys.readouterr().err
    finally:
        load_support.cache_clear()
    assert missing.count("\n") == 1 and "support data missing" in missing, missing
    assert malformed.count("\n") == 1 and "hourly_eur" in malformed, malformed


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_many_people_are_split_into_whole_messages_under_telegrams_limit(locale: str) -> None:
    """Thirty colleagues of every group and many hours: each message under 4096 characters, in
    valid HTML, no person's lines cut in two, and the dated note at the end."""
    from bot.i18n import get_i18n
    from bot.ui.support import support_messages
    from pso import assess
    from tests.test_result_messages import assert_telegram_html

    employees = [
        {"target_group": group, "weekly_hours": 8 + n, "contract": "regular"}
        for n, group in enumerate(ALL_GROUPS * 3)
    ]
    answers = {"total_fte": 60, "employees": employees, "municipality": "Twenterand"}
    i18n = get_i18n()
    with i18n.context(), i18n.use_locale(locale):
        messages = support_messages(
            assess(answers, as_of=AS_OF), answers, locale, contact="WSP <Twente> & Co", today=AS_OF
        )
    assert len(messages) > 1
    for text in messages:
        assert len(text) <= 4096
        assert_telegram_html(text)
        assert not text.startswith("•")  # a message starts with a person, never mid-list
    assert "WSP &lt;Twente&gt; &amp; Co" in messages[0]
    assert ("6 december 2026" if locale == "nl" else "6 December 2026") in messages[-1]
    people = sum(text.count("<b>") for text in messages) - 1  # the title
    assert people == len(employees)


@pytest.mark.parametrize("locale", ["en", "nl"])
def test_the_plan_names_each_hires_schemes_who_grants_them_and_the_date(locale: str) -> None:
    """The bakery's plan: one hire of 7 hours (someone who counts in full: Wajong, WIA,
    banenafspraak or bijstand), the alternative to more hours for its Wajong colleague; its
    support by who grants it, without amounts (rules.md, the plan: "stated without amounts")."""
    from tests.pso.answers import BAKERY
    from tests.pso.test_plan import pdf_text

    _pages, text = pdf_text(BAKERY, locale)
    flat = " ".join(text.replace("\xa0", " ").split())
    if locale == "en":
        assert "UWV: lower wage (loondispensatie), no-risk policy (no-riskpolis)" in flat
        assert "the municipality: wage-cost subsidy (loonkostensubsidie)" in flat
        assert "payroll return: LKV banenafspraak, LKV disabled employee" in flat
        assert "indicative, as found on 6 December 2026" in flat
    else:
        assert "UWV: loondispensatie, no-riskpolis" in flat
        assert "de gemeente: loonkostensubsidie" in flat
        assert "loonaangifte: LKV banenafspraak, LKV arbeidsgehandicapte werknemer" in flat
        assert "indicatief, zoals gevonden op 6 december 2026" in flat
    assert "€" not in flat  # the bakery employs nobody the plan would state an amount for


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_a_category_without_a_scheme_is_told_where_to_ask(locale: str) -> None:
    """Every group has a workplace adaptation today; without it (a data change), a WW colleague
    has no scheme and hears "no special scheme; ask the Werkgeversservicepunt", the campaign's
    contact first when there is one."""
    from bot.i18n import get_i18n
    from bot.ui.support import scheme_lines

    support = load_support()
    without = dataclasses.replace(
        support, schemes=tuple(s for s in support.schemes if s.key != "werkplek")
    )
    applies = schemes_for("ww", 20, started=None, as_of=AS_OF, support=without)
    assert applies == ()
    i18n = get_i18n()
    with i18n.context(), i18n.use_locale(locale):
        plain = scheme_lines(applies, 20, locale, contact="", municipality="")
        campaign = scheme_lines(applies, 20, locale, contact="Anna (WSP)", municipality="")
    if locale == "en":
        assert plain == ["• No special scheme; ask the Werkgeversservicepunt."]
        assert campaign == ["• No special scheme; ask Anna (WSP) or the Werkgeversservicepunt."]
    else:
        assert plain == ["• Geen speciale regeling; vraag het Werkgeversservicepunt."]
        assert campaign == [
            "• Geen speciale regeling; vraag Anna (WSP) of het Werkgeversservicepunt."
        ]
