"""The result as an owner reads it on a phone (issue 27): short, honest, acting on the answers.

Lines are counted as a phone shows them: the sent text's "\\n"-separated lines, and, for a
next step, the lines it takes when wrapped at about 45 characters.
"""

from __future__ import annotations

import re
import textwrap
from typing import Any

import pytest

from bot.ui.next_steps import next_steps_message
from bot.ui.result import details_message, result_message
from pso.assess import assess
from pso.formatting import fmt_contribution
from pso.next_steps import TERMS
from tests.pso.answers import AS_OF, BAKERY, WORKED, emp, texts

PHONE_WIDTH = 45
TAG = re.compile(r"</?[a-z]+>")


def plain(text: str) -> str:
    return TAG.sub("", text)


def newline_lines(text: str) -> int:
    return len(text.split("\n"))


def phone_lines(text: str, width: int = PHONE_WIDTH) -> int:
    """Lines on a phone: each "\\n"-line wrapped at ``width`` characters."""
    return sum(max(1, len(textwrap.wrap(plain(line), width))) for line in text.split("\n"))


def test_line_helpers_count_both_ways() -> None:
    assert newline_lines("a\nb") == 2
    assert phone_lines("<b>" + "word " * 20 + "</b>") == 3  # 100 characters
    assert phone_lines("a\n\nb") == 3


GARAGE = {  # a WW colleague whose six months are not known, and a 40-hour week assumed
    "total_fte": 5.0,
    "employees": [emp("ww", 24, unemployed_six_months="unknown"), emp("wajong", 8)],
    "assumptions": ["full_time_hours"],
}
SMALL = {"total_fte": 1.2, "employees": [emp("wajong", 2)], "two_fte_one_year": "yes"}
NOBODY = {
    "total_fte": 12.0,
    "has_target_group": "no",
    "q_suitable_work": "yes",
    "q_guidance": "partly",
    "q_integration": "yes",
    "q_development": "no",
    "intent_grow": "no",
}
SMALL_GAP = {"total_fte": 8.0, "employees": [emp("wajong", 24)], "intent_grow": "yes"}
CASES: dict[str, dict[str, Any]] = {
    "worked": WORKED,
    "bakery": BAKERY,
    "garage": GARAGE,
    "small": SMALL,
    "nobody": NOBODY,
    "small_gap": SMALL_GAP,
    "many": {
        "total_fte": 40.0,
        "org_name": "Schoonmaakbedrijf Mehmet",
        "employees": [
            emp("participatiewet", 20),
            emp("ww", 30, unemployed_six_months="unknown"),
            emp("participatiewet_lks", 32, started="2019-01"),
            emp("vso_pro", 16, started="2015-01"),
        ],
        "assumptions": ["full_time_hours"],
        "social_purchasing": "yes",
    },
}


def render(answers: dict[str, Any], locale: str) -> tuple[str, str, str]:
    a = assess(answers, as_of=AS_OF)
    t = texts(locale)
    return (
        result_message(a, answers=answers, **t),
        next_steps_message(a, answers, **t),
        details_message(a, answers=answers, **t),
    )


@pytest.mark.parametrize("locale", ["nl", "en"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_short_on_a_phone(case: str, locale: str) -> None:
    result, steps, _details = render(CASES[case], locale)
    assert newline_lines(result) <= 15, result
    items = [line for line in steps.split("\n") if re.match(r"\d\. ", line)]
    assert 1 <= len(items) <= 5
    for item in items:
        assert phone_lines(item) <= 3, item
    # The costs are one tap away, not in every result.
    for text in (result, steps):
        assert "PSO-Nederland" not in text


@pytest.mark.parametrize("locale", ["nl", "en"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_indicative_is_said_once_where_the_result_is(case: str, locale: str) -> None:
    """The result says it is indicative and names MijnPSO; the steps that follow it on the
    same screen do not say it again (an owner read the same sentence twice in a row)."""
    result, steps, _details = render(CASES[case], locale)
    said = "Indicatief, geen certificaat" if locale == "nl" else "Indicative, not a certificate"
    assert said in result
    assert said not in steps


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_costs_and_every_condition_are_one_tap_away(locale: str) -> None:
    _result, _steps, details = render(WORKED, locale)
    assert "PSO-Nederland" in details
    assert details.count("\n✅ ") + details.count("\n❌ ") + details.count("\n🟡 ") >= 4


def test_an_unknown_answer_that_decides_the_level_is_a_range_with_the_answer_named() -> None:
    result, _steps, _details = render(GARAGE, "en")
    lines = result.split("\n")
    assert lines[0] == "<b>Your contribution is between 4.0% and 13.0%.</b>"
    assert lines[1] == (
        "If your WW colleague had WW for six months or more before starting, "
        "your numbers reach Trede 1."
    )
    nl, _s, _d = render(GARAGE, "nl")
    assert nl.split("\n")[0] == "<b>Je bijdrage ligt tussen 4,0\u00a0% en 13,0\u00a0%.</b>"
    assert "Je wist de volle werkweek nog niet, dus ik reken met 40 uur." in nl


def test_an_assumed_value_is_said_as_assumed_never_as_an_answer() -> None:
    result, _s, _d = render(GARAGE, "en")
    assert "You didn't know your full working week yet, so I used 40 hours." in result
    assert "Assumed" not in result


def test_partly_is_partly_and_planned_is_never_met() -> None:
    result, _s, details = render(NOBODY, "en")
    assert "🟡 Partly: guidance (the audit wants it fully arranged)" in result
    assert "📝 Planned: suitable work and integration" in result
    assert "✅" not in result.split("What the audit also checks")[1].split("Met:")[0]
    assert "Suitable work: met" not in details
    assert "Suitable work: planned (nobody from the target group yet)" in details
    nl, _s, _d = render(NOBODY, "nl")
    assert "de audit wil het helemaal geregeld zien" in nl


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_aspirant_status_told_as_it_is(locale: str) -> None:
    # 20 hours short: Aspirant status is the route (not more hours for the Wajong colleague).
    result, steps, details = render({**BAKERY, "employees": [emp("wajong", 8)]}, locale)
    both = "\n".join((result, steps, details)).lower()
    for wrong in (
        "same conditions apply",
        "granted only once",
        "maar één keer",
        "three steps",
        "drie treden",
        "once the conditions are met",
        "bovengemiddeld",
        "above average",
    ):
        assert wrong not in both
    if locale == "en":
        assert "plan of action" in result and "extended once" in details
        assert "Aspirant status, Basistrede, Trede 1, 2 and 3" in details


def test_a_contribution_below_a_norm_never_reads_as_reaching_it() -> None:
    assert fmt_contribution(6.6995, [6.7, 10.0, 15.0], "en") == "6.6%"
    assert fmt_contribution(6.6995, [6.7], "nl") == "6,6\u00a0%"
    assert fmt_contribution(6.705, [6.72], "en") == "6.71%"  # beside "6.72%"
    assert fmt_contribution(6.7, [6.7], "en") == "6.7%"  # reached: shown as reached
    assert fmt_contribution(8.26, [10.2], "en") == "8.3%"


def test_the_norms_title_says_the_rounding() -> None:
    result, _s, _d = render(BAKERY, "nl")
    assert "Normen voor 7 fte (7,2 afgerond" in result


def test_a_small_gap_asks_more_hours_of_a_colleague_who_counts_first() -> None:
    result, steps, _d = render(SMALL_GAP, "en")
    assert "more hours for a colleague who already counts" in result
    assert "give a colleague who already counts 6 more hours a week" in steps.lower()
    assert "one person for" not in steps
    # Aspirant status only for an owner who does not want to add the hours.
    assert "Rather not add hours?" in steps


def test_a_gap_is_said_for_someone_who_counts_in_full() -> None:
    result, _s, _d = render(NOBODY, "en")
    assert "counts in full" in result or "count in full" in result
    assert "a WW hire, an apprentice or an intern needs more hours" in result


def test_below_two_fte_the_size_comes_first() -> None:
    result, steps, _d = render(SMALL, "en")
    assert result.startswith("<b>First you need at least 2 FTE for a year; you have 1.2 FTE.</b>")
    assert "1. <b>First grow to 2 FTE.</b> 32 more hours a week" in steps
    assert "more hour a week" not in result
    assert "Close the gap" not in steps


def test_an_owner_who_does_not_want_a_trede_is_offered_the_plan_not_pushed() -> None:
    a = assess(NOBODY, as_of=AS_OF)
    codes = [s.code for s in a.next_steps]
    assert codes.index("plan_of_action") > codes.index("social_purchasing")
    _r, steps, _d = render(NOBODY, "en")
    assert "Write a plan of action" not in steps
    pushed = [s.code for s in assess({**NOBODY, "intent_grow": "yes"}, as_of=AS_OF).next_steps]
    assert pushed.index("plan_of_action") < pushed.index("social_purchasing")


def test_the_details_show_the_sum_behind_the_contribution() -> None:
    """ "How your result is made" shows the computation of rules.md: per kind of colleague who
    counts, FTE × group weight × contract weight, then the total over the size, equal to the
    contribution the result states; colleagues whose counting is open are marked."""
    _r, _s, details = render(WORKED, "en")
    assert "Wajong (young disabled), 24 hours a week, regular contract: 0.60 × 1 × 1 = 0.60" in (
        details
    )
    assert "Together: 0.60 weighted FTE ÷ 8.0 FTE = 7.5%." in details
    answers = {
        "total_fte": 10.0,
        "employees": [
            emp("wajong", 20),
            emp("wajong", 20),
            emp("ww", 16, unemployed_six_months="unknown"),
            emp("participatiewet", 30, "trial_placement", started="2026-01"),
        ],
    }
    _r, _s, details = render(answers, "nl")
    lines = plain(details).split("\n")
    assert (
        "• 2 × Wajong (jonggehandicapt), 20 uur per week, regulier contract: 0,50 × 1 × 1"
        " = 0,50 per persoon"
    ) in lines
    assert (
        "• WW-uitkering, 16 uur per week, regulier contract: 0,40 × 0,75 × 1 = 0,30 (voorlopig)"
        in lines
    )
    assert (
        "• Bijstand (Participatiewet), 30 uur per week, proefplaatsing: 0,75 × 1 × 0,5 = 0,375"
        in lines
    )
    # 0,50 + 0,50 + 0,30 + 0,375 = 1,675 of 10 FTE: the result's 16,8 % (three decimals where
    # they are needed: the rows add up to the total as shown).
    assert "Samen: 1,675 gewogen fte ÷ 10,0 fte = 16,8\u00a0%." in lines


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_the_details_of_many_kinds_of_colleague_fit_one_message(locale: str) -> None:
    """Fourteen colleagues of different kinds, some with open answers: the sum lists eight
    kinds and sums the rest in one line, and the whole message stays within Telegram's 4,096
    characters."""
    groups = ["participatiewet", "wajong", "wao_wia_waz", "sw_indicated", "vso_pro", "ww", "wiw_id"]
    people = [
        emp(
            group,
            hours,
            contract,
            **({"unemployed_six_months": "unknown"} if group == "ww" else {}),
        )
        for group in groups
        for hours, contract in ((12, "regular"), (33, "trial_placement"))
    ]
    answers = {"total_fte": 55.0, "employees": people, "social_purchasing": "yes"}
    _r, _s, details = render(answers, locale)
    bullets = [line for line in plain(details).split("\n") if line.startswith("• ")]
    assert len(bullets) == 9, bullets  # eight kinds, then "6 more colleagues"
    assert ("Nog 6 collega's" if locale == "nl" else "6 more colleagues") in bullets[-1]
    assert len(details) <= 4096


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_the_names_the_steps_use_are_explained_once_under_them(locale: str) -> None:
    """The Werkgeversservicepunt and a sociaal werkbedrijf go by their Dutch names (an owner
    asks for them by those), so what they are is said under the steps that name them: once,
    however many steps do, and not where none does."""
    t = texts(locale)
    wsp, sw = (t["gettext"](TERMS[term]) for term in ("wsp", "sw"))
    intern = {"total_fte": 9.0, "employees": [emp("wajong", 8)], "municipality": "Enschede"}
    _r, steps, _d = render(intern, locale)
    lines = steps.split("\n")
    numbered = [i for i, line in enumerate(lines) if re.match(r"\d\. ", line)]
    naming = [i for i in numbered if "Werkgeversservicepunt" in lines[i]]
    assert len(naming) == 2, steps  # the gap and where to find candidates
    assert steps.count(wsp) == 1 and lines.index(f"<i>{wsp}</i>") == numbered[-1] + 1, steps
    assert sw not in steps  # no step names one

    _r, steps, _d = render(NOBODY, locale)  # the gap, and buying socially
    assert steps.count(wsp) == 1 and steps.count(sw) == 1, steps
    assert steps.index(wsp) < steps.index(sw)  # in the order the steps name them

    _r, steps, _d = render(BAKERY, locale)
    assert "Werkgeversservicepunt" not in steps and sw not in steps

    # Where the campaign says whom to ask, that is named instead, and nothing is explained.
    a = assess(SMALL_GAP, as_of=AS_OF)
    steps = next_steps_message(a, SMALL_GAP, contact="Gemeente Almelo, 0546 54 11 11", **t)
    assert "Gemeente Almelo" in steps and "Werkgeversservicepunt" not in steps, steps


def test_every_next_step_names_one_thing_to_do() -> None:
    _r, steps, _d = render(NOBODY, "en")
    assert "Werkgeversservicepunt" in steps and "mijnpso.nl" in steps


def test_no_text_anywhere_tells_the_ladder_wrongly() -> None:
    """Not only the result: every text in both catalogues (the scan's ℹ️ texts too)."""
    from babel.messages.pofile import read_po

    wrong = ("three steps", "drie treden", "granted only once", "same conditions apply")
    for lang in ("nl", "en"):
        with open(f"locales/{lang}/LC_MESSAGES/messages.po", "rb") as f:
            catalogue = read_po(f, locale=lang)
        for message in catalogue:
            parts = [message.id, message.string]
            flat = " ".join(p if isinstance(p, str) else " ".join(p or ()) for p in parts).lower()
            assert not any(w in flat for w in wrong), message.id


@pytest.mark.parametrize(
    ("fte", "expected"),
    [
        (
            30.0,
            "for 2 candidates who count in full, 29 hours a week each.",
        ),
        (
            12.0,
            "for 2 candidates who count in full: 17 and 16 hours a week.",
        ),
    ],
)
def test_the_gap_step_splits_into_people_as_the_headline_does(fte: float, expected: str) -> None:
    """Never one candidate for more than a week's work ("a candidate … for 48 hours a week"):
    the step splits the gap into people as the headline and the plan do (pso/gap.py)."""
    answers = {**NOBODY, "total_fte": fte}
    _result, steps, _details = render(answers, "en")
    assert expected in re.sub(r"<[^>]+>", "", steps), steps
