"""The result's messages in the chat: what they say (from rules.md), in what order, in both
languages, as valid Telegram HTML."""

import html.parser
import re
from typing import Any

import pytest

from bot.ui.next_steps import next_steps_message
from bot.ui.result import details_message, result_message
from pso import assess
from pso.next_steps import chat_step_texts, next_step_texts
from tests.pso.answers import (
    ALL_YES,
    AS_OF,
    BAKERY,
    WORKED,
    emp,
    en,
    ngettext,
    nl_fake,
    nl_ngettext,
    texts,
)


class _TagCheck(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ("b", "i") or attrs:
            self.bad.append(tag)
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.bad.append("/" + tag)


def assert_telegram_html(text: str) -> None:
    p = _TagCheck()
    p.feed(text)
    p.close()
    assert p.bad == [] and p.stack == []
    # every & starts an entity
    assert not re.search(r"&(?!(amp|lt|gt|quot|#x?[0-9a-f]+);)", text)


def plain(text: str) -> str:
    return html.unescape(re.sub(r"</?[bi]>", "", text))


def message(answers: dict[str, Any], locale: str = "en", **kw: Any) -> str:
    a = assess(answers, as_of=AS_OF)
    t: dict[str, Any] = (
        texts(locale) if locale == "nl" else {"gettext": en, "ngettext": ngettext, "locale": "en"}
    )
    # The result and what is one tap away (📋 Details and costs): together, all it says.
    return (
        result_message(a, answers=answers, **t, **kw)
        + "\n"
        + details_message(a, answers=answers, **t)
    )


def steps_message(answers: dict[str, Any], locale: str = "en") -> str:
    a = assess(answers, as_of=AS_OF)
    t: dict[str, Any] = (
        texts(locale) if locale == "nl" else {"gettext": en, "ngettext": ngettext, "locale": "en"}
    )
    return next_steps_message(a, answers, **t)


# --- the result -------------------------------------------------------------------------------


def test_dutch_bakery_result_starts_with_one_plain_sentence() -> None:
    m = message(BAKERY, "nl")
    lines = plain(m).splitlines()
    assert lines[0] == "Bakkerij Ilse"
    assert lines[1] == "Je zit op 8,3\u00a0%; voor Trede 1 is ongeveer 7 uur per week extra nodig."
    assert "Wat de audit ook controleert" in m
    assert "❌ Integratie: niet in orde" in m
    assert "🟡 Begeleiding: deels; de audit wil het helemaal geregeld zien" in m
    assert "❔ Eigen KvK-nummer: nog niet bekend" in m
    assert "één keer worden verlengd" in m and "stap 6" in m
    assert " u " not in m and "uw " not in m  # informal "je" throughout
    assert_telegram_html(m)


def test_english_result_worked_example() -> None:
    m = message(WORKED)
    p = plain(m)
    assert p.splitlines()[1] == "You're at 7.5%; Trede 1 needs about 6 more hours a week."
    assert "9.1%" in m and "interpolated" in m
    assert "more hours for a colleague who already counts" in m
    assert "❌ Suitable work: not met" in m and "❌ Guidance: not met" in m
    assert "🟡 Integration: partly; the audit wants it fully arranged" in m
    assert "✅ Functioning and development: met" in m
    assert "❔ At least 2 FTE for a year: not known yet" in m
    # Aspirant status as it is: a request in step 6, an audit, once; never automatic.
    assert "request Aspirant status in step 6 of MijnPSO" in m
    assert "can be extended once, after a new audit" in m
    assert "status is automatic" not in m.lower() and "Aspirant-status" not in m
    assert "Basistrede" in m
    assert "may raise your score" in m  # purchasing as upside
    assert "PSO 30+" not in m  # only at Trede 3
    assert "request the audit" not in m  # the numbers do not reach a Trede
    assert "mijnpso.nl" in m and "not a certificate" in m
    assert len(m) <= 4096  # the result and its details are two messages, each far shorter
    assert_telegram_html(m)
    assert "&lt;script&gt;&amp;" in m and "<script>" not in m


def test_result_goes_through_gettext() -> None:
    a = assess(WORKED, as_of=AS_OF)
    m = result_message(a, gettext=nl_fake, ngettext=nl_ngettext, locale="nl", answers=WORKED)
    assert "7,5\u00a0%" in m and "9,1\u00a0%" in m
    # Every line but the owner's name and the ladder's marks is a translated text.
    for line in plain(m).splitlines()[1:]:
        if line:
            assert "«" in line, line
    assert_telegram_html(m)


def test_trede_3_at_one_fte_is_what_the_numbers_reach_not_a_step_you_are_on() -> None:
    answers = {
        "total_fte": 1.0,
        "employees": [emp("wajong", 40, "trial_placement")],
        "conditions": {**ALL_YES, "suitable_work": "no"},
    }
    m = message(answers)
    assert "First you need at least 2 FTE for a year; you have 1.0 FTE." in m
    assert "highest" not in m and "You are on" not in m and "Keep it up" not in m
    assert "At least 2 FTE for a year: not met (you have 1.0 FTE)" in m
    assert "request the audit" not in m and "Make it official" not in m
    assert "A Trede is granted only when every condition is met" in m
    # 30+ at Trede 3 only, with what it is for; a trial placement does not count for it.
    assert "PSO 30+ needs 30% of your FTE to count for it; you have 0.0%." in m
    assert "article 2.82 of the Aanbestedingswet" in m
    assert "2 FTE and more" in m
    steps = steps_message(answers)
    assert "1. <b>First grow to 2 FTE.</b>" in steps
    assert "Request the audit" not in steps


def test_request_the_audit_only_when_nothing_is_known_to_fail() -> None:
    base = {"total_fte": 10.0, "employees": [emp("wajong", 40)]}  # 10 %: Trede 2
    ready = message({**base, "conditions": ALL_YES})
    assert "Your numbers reach Trede 2 (10.0%); Trede 3 needs about" in ready
    assert "you can request the audit in step 6 of MijnPSO" in ready
    assert "<b>Request the audit.</b>" in steps_message({**base, "conditions": ALL_YES})
    unknown = message({**base, "conditions": {**ALL_YES, "own_kvk": "unknown"}})
    assert "Find out what is not known yet; if it is in order, you can request the audit" in unknown
    failing = message({**base, "conditions": {**ALL_YES, "integration": "no"}})
    assert "request the audit" not in failing
    assert "request the audit" not in steps_message(
        {**base, "conditions": {**ALL_YES, "integration": "no"}}
    ).replace("Request the audit", "")


def test_pso_30_plus_at_trede_3_says_what_it_is_for() -> None:
    m = message({"total_fte": 5.0, "employees": [emp("wajong", 40), emp("ww", 40)]})
    assert "your numbers reach Trede 3." in m  # if the WW colleague had WW long enough
    assert "PSO 30+: 40.0% of your FTE counts for PSO 30+" in m
    assert "It is meant for tenders reserved under article 2.82 of the Aanbestedingswet." in m
    below = message({"total_fte": 10.0, "employees": [emp("wajong", 40)] * 1})
    assert "30+" not in below


def test_a_person_who_no_longer_counts_is_named_by_category_with_the_reason() -> None:
    answers = {
        "total_fte": 10.0,
        "employees": [
            emp("participatiewet", 40, started="2019-03"),
            emp("vso_pro", 20, started="2020-01"),
            emp("vso_pro", 20, started="2021-06"),
            emp("ww", 30, unemployed_six_months="no"),
            emp("wajong", 40, "internship_reintegration", started="2022-01"),
        ],
    }
    p = plain(message(answers))
    assert "1 person no longer counts: the 5 years since starting from bijstand have passed." in p
    assert "2 people no longer count: the 5 years since leaving VSO/PrO have passed." in p
    assert (
        "1 person does not count: they did not receive WW benefit for 6 months before "
        "starting." in p
    )
    assert (
        "1 person no longer counts: the 3 years of the internship, work-experience place or "
        "re-integration trajectory have passed." in p
    )
    nl = plain(message(answers, "nl"))
    assert (
        "1 persoon telt niet meer mee: de 5 jaar sinds de start vanuit de bijstand zijn voorbij."
        in nl
    )


def test_unknown_answers_are_a_range_with_a_step_to_find_out() -> None:
    answers = {
        "total_fte": 10.0,
        "employees": [emp("participatiewet", 40), emp("ww", 40), emp("wajong", 20)],
    }
    p = plain(message(answers))
    assert "1 person counts although their start month is not known (bijstand)." in p
    assert "1 person (WW) counts for now. Still to find out: did they have WW for 6 months" in p
    assert "Until you know, your contribution is between 5.0% and 22.5%." in p
    assert "your numbers reach Trede 3." in p
    assert "Without them, your numbers don't reach Trede 1." in p
    steps = plain(steps_message(answers))
    assert "Check who counts" in steps
    assert "start month" in steps
    assert "WW before starting" in steps


def test_apprentices_count_partly_and_no_weight_is_stated() -> None:
    answers = {
        "total_fte": 10.0,
        "employees": [emp("bbl_bol_1_vso_pro_internship", 32), emp("bbl_bol_2", 20)],
    }
    for locale in ("en", "nl"):
        both = message(answers, locale) + steps_message(answers, locale)
        assert not re.search(r"\b0[.,](5|25)\b", both), both
        assert ("count partly" in both) or ("tellen deels mee" in both)
        assert "MijnPSO" in both


# --- next steps -----------------------------------------------------------------------------


@pytest.mark.parametrize("answers", [WORKED, BAKERY, {"total_fte": 12.0}])
@pytest.mark.parametrize("locale", ["en", "nl"])
def test_at_most_five_steps_no_two_alike_and_how_to_go_on_last(
    answers: dict[str, Any], locale: str
) -> None:
    a = assess(answers, as_of=AS_OF)
    t = texts(locale) if locale == "nl" else {"gettext": en, "ngettext": ngettext, "locale": "en"}
    chosen, more = chat_step_texts(a, answers, **t)
    every = next_step_texts(a, answers, **t)
    assert len(chosen) <= 5 and len(chosen) + more == len(every)
    assert len({s.title for s in every}) == len(every)
    assert len({s.body for s in every}) == len(every)
    assert chosen[-1] == every[-1]  # MijnPSO, with the costs
    m = next_steps_message(a, answers, **t)
    assert len(m) <= 3500
    assert_telegram_html(m)
    # Said in the chat, never inside the document itself.
    assert all("PDF" not in s.body and "pdf" not in s.body for s in every)


def test_every_no_and_every_unknown_is_a_step_first() -> None:
    m = plain(steps_message(WORKED))
    assert m.index("1. Arrange suitable work") < m.index("2. Arrange guidance")
    assert "3. Find out what is not known yet" in m
    assert "Arrange integration fully" in m
    assert "KvK number" in m
    assert "4. Close the gap to Trede 1" in m
    assert "4 more steps and a draft plan of action are in the summary (PDF)." in m


def test_costs_said_plainly_without_amounts() -> None:
    # One tap away (📋 Details and costs), not in every result's steps.
    assert "(free)" in plain(steps_message(BAKERY))
    m = plain(message(BAKERY))
    assert "an audit fee from the certifying body you choose" in m
    assert "ask for quotes in step 6" in m
    assert "a yearly contribution to PSO-Nederland" in m
    assert "valid for up to two years and is not renewed automatically" in m
    assert "€" not in m


def test_plan_step_continues_a_started_plan() -> None:
    # Aspirant status is the route (the bakery's gap is not closed by a few more hours).
    started = plain(
        steps_message({**BAKERY, "employees": [emp("wajong", 8)], "has_plan": "started"})
    )
    assert "Keep your plan of action going" in started and "Write a plan of action" not in started
    assert "Write a plan of action" in plain(
        steps_message({**BAKERY, "employees": [emp("wajong", 8)]})
    )


def test_next_steps_worst_case_length_and_escaping() -> None:
    answers = {
        **WORKED,
        "municipality": "<b>Súdwest-Fryslân & Co</b>" * 3,
        **{f"q_{q}": "no" for q in ("suitable_work", "guidance", "integration", "development")},
        "two_fte_one_year": "no",
        "own_kvk": "no",
        "total_fte": 10.0,
        "employees": [],
        "intent_grow": "no",
    }
    a = assess(answers, as_of=AS_OF)
    for gt, ng, loc in ((en, ngettext, "en"), (nl_fake, nl_ngettext, "nl")):
        m = next_steps_message(a, answers, gettext=gt, ngettext=ng, locale=loc)
        assert len(m) <= 3500
        assert_telegram_html(m)
    every = next_step_texts(a, answers, gettext=en, ngettext=ngettext, locale="en")
    muni = next(s for s in every if "Súdwest" in s.body)
    assert "<b>Súdwest-Fryslân & Co</b>" in muni.body  # escaped when it goes into HTML


def test_no_stacked_colons() -> None:
    for answers in (WORKED, BAKERY, {"total_fte": 1.0, "employees": [emp("wajong", 40)]}):
        for locale in ("en", "nl"):
            for line in plain(message(answers, locale) + steps_message(answers, locale)).split(
                "\n"
            ):
                for sentence in re.split(r"(?<=[.;])\s", line):
                    assert sentence.count(": ") <= 1, sentence


# --- unknowns stay unknown in the result (issue 20) -------------------------------------------

CONFUSED = {  # an owner who doesn't know most things yet
    "total_fte": 7.2,
    "has_target_group": "unknown",
    "assumptions": ["full_time_hours"],
    "full_time_hours": 40.0,
    "municipality": "Twenterand",
    "social_purchasing": "unknown",
    "q_suitable_work": "unknown",
    "q_guidance": "unknown",
    "q_integration": "unknown",
    "q_development": "unknown",
    "two_fte_one_year": "unknown",
    "own_kvk": "unknown",
    "intent_grow": "maybe",
    "has_plan": "no",
}


@pytest.mark.parametrize("locale", ["en", "nl"])
def test_target_group_not_known_is_not_nobody(locale: str) -> None:
    m = message(CONFUSED, locale)
    p = plain(m)
    if locale == "en":
        assert p.splitlines()[0] == (
            "For now you're at 0.0%: I haven't counted anyone from the target group yet."
        )
        assert "If someone does, your contribution is higher and the gap smaller." in p
        assert "Trede 1 needs about 29 more hours a week from the target group." in p
        assert "You didn't know your full working week yet, so I used 40 hours." in p
    else:
        assert p.splitlines()[0] == (
            "Voorlopig zit je op 0,0\u00a0%: ik heb nog niemand uit de doelgroep meegeteld."
        )
        assert "dan is je bijdrage hoger" in p
        assert "Je wist de volle werkweek nog niet, dus ik reken met 40 uur." in p
        assert "nog geen trede" not in p.lower()
    assert_telegram_html(m)
    steps = plain(steps_message(CONFUSED, locale))
    # One step to find out who counts, first, with a concrete question.
    first = steps.split("\n")[1]
    assert first.startswith("1. ")
    assert ("UWV" in first) and ("jobcoach" in first or "job coach" in first)


@pytest.mark.parametrize("locale", ["en", "nl"])
@pytest.mark.parametrize(
    "answers",
    [
        CONFUSED,
        {  # many people whose counting is not known, and every condition unknown
            **CONFUSED,
            "has_target_group": "yes",
            "employees": [
                emp("participatiewet", 20),
                emp("ww", 20),
                emp("vso_pro", 10),
                emp("participatiewet", 8, unemployed_six_months="unknown"),
            ],
        },
    ],
)
def test_a_confused_owner_gets_at_most_five_distinct_steps(
    answers: dict[str, Any], locale: str
) -> None:
    a = assess(answers, as_of=AS_OF)
    t = texts(locale) if locale == "nl" else {"gettext": en, "ngettext": ngettext, "locale": "en"}
    chosen, _more = chat_step_texts(a, answers, **t)
    assert len(chosen) <= 5
    assert len({s.title for s in chosen}) == len(chosen)
    assert len({s.body for s in chosen}) == len(chosen)
    m = steps_message(answers, locale)
    assert len(m) <= 3500 and m.count("\n\n") <= 7
    assert_telegram_html(m)


def test_assumptions_absent_or_unknown_keys_do_not_fail() -> None:
    extras: list[dict[str, Any]] = [{}, {"assumptions": []}, {"assumptions": ["something_new"]}]
    for extra in extras:
        p = plain(message({"total_fte": 7.2, **extra}))
        assert "Assumed" not in p


def test_nobody_from_the_target_group_is_not_asked_what_they_already_do() -> None:
    answers = {"total_fte": 12.0, "has_target_group": "no", "q_guidance": "unknown"}
    steps = plain(steps_message(answers))
    assert "what you already do" not in steps
    assert "how you would arrange" in steps


# --- the advice follows the answers (review of the local demo, 2026-12-07) --------------------

MEHMET = {  # a cleaning firm of 30 FTE: two people whose counting is not known decide Trede 1
    "total_fte": 30.0,
    "org_name": "Schoonmaak Mehmet",
    "municipality": "Almelo",
    "employees": [
        emp("participatiewet_lks", 32, subsidy_ongoing="unknown"),
        emp("ww", 20, unemployed_six_months="unknown"),
        emp("participatiewet", 24, started="2019-01"),
        emp("participatiewet", 20, "trial_placement", started="2026-10"),
    ],
    "social_purchasing": "yes",
    "conditions": ALL_YES,
    "intent_grow": "yes",
    "has_plan": "no",
}


@pytest.mark.parametrize("locale", ["en", "nl"])
def test_the_audit_waits_for_the_open_answers_that_decide_the_trede(locale: str) -> None:
    a = assess(MEHMET, as_of=AS_OF)
    assert a.level == "trede_1" and a.unconfirmed_level == "none"  # only the top reaches it
    m, steps = plain(message(MEHMET, locale)), plain(steps_message(MEHMET, locale))
    if locale == "en":
        assert "Your contribution is between 0.8% and 4.8%." in m
        assert "Everything you answered meets the conditions" not in m
        assert (
            "First find out what is not known yet: if the colleagues whose answers you don't "
            "know yet still count, you can request the audit in step 6 of MijnPSO." in m
        )
        assert steps.split("\n")[1].startswith("1. Check who counts.")
        assert "the audit (step 6) if your colleagues count and all is in order." in steps
        assert "request Aspirant status in step 6" not in steps
    else:
        assert "Alles wat je hebt ingevuld voldoet" not in m
        assert (
            "Zoek eerst uit wat nog niet bekend is: als de collega's van wie je het nog niet "
            "weet meetellen, dan kun je de audit aanvragen in stap 6 van MijnPSO." in m
        )
        assert "de audit (stap 6) als je collega's meetellen en alles in orde is." in steps
        assert "vraag de Aspirant-status aan" not in steps
    # An open condition as well: the audit waits for both.
    open_kvk = {**MEHMET, "conditions": {**ALL_YES, "own_kvk": "unknown"}}
    if locale == "en":
        assert "and the open conditions are in order, you can request the audit in step 6" in plain(
            message(open_kvk)
        )


@pytest.mark.parametrize("locale", ["en", "nl"])
def test_a_small_gap_with_a_colleague_who_counts_is_more_hours_first(locale: str) -> None:
    ilse = {**BAKERY, "has_plan": "started"}  # 7 hours a week short; a Wajong colleague counts
    m, steps = plain(message(ilse, locale)), plain(steps_message(ilse, locale))
    heading = steps.split("\n")[0]
    if locale == "en":
        assert heading == "Next steps towards Trede 1"
        assert "give a colleague who already counts 7 more hours a week." in steps.lower()
        assert (
            "Rather not add hours? Then Aspirant status is the route: keep your plan of action "
            "toward Trede 1 going." in steps
        )
        assert "Keep your plan of action going." not in steps
        assert "request Aspirant status in step 6" not in steps
        assert "once the extra hours are in and all is in order." in steps
        assert "Aspirant status asks for a plan of action" not in m
        assert "If you'd rather not add the hours, you can request Aspirant status" in m
    else:
        assert heading == "Volgende stappen naar Trede 1"
        assert "Aspirant-status en Trede 1" not in steps
        assert "Liever geen uren erbij? Dan is de Aspirant-status de route" in steps
        assert "vraag de Aspirant-status aan in stap 6" not in steps
        assert "Trede 1 vraagt ook om deze voorwaarden: begin er nu al aan." in m


@pytest.mark.parametrize("locale", ["en", "nl"])
def test_an_owner_who_does_not_aim_at_a_trede_is_offered_the_plan(locale: str) -> None:
    sarah = {  # IT, 12 FTE, nobody from the target group, no Trede within two years
        "total_fte": 12.0,
        "has_target_group": "no",
        "conditions": {**ALL_YES, "integration": "partly", "development": "no"},
        "intent_grow": "no",
        "has_plan": "no",
    }
    a = assess(sarah, as_of=AS_OF)
    t = texts(locale) if locale == "nl" else {"gettext": en, "ngettext": ngettext, "locale": "en"}
    result = plain(result_message(a, answers=sarah, **t))
    steps = plain(steps_message(sarah, locale))
    every = next_step_texts(a, sarah, **t)
    if locale == "en":
        assert steps.split("\n")[0] == "Next steps towards Trede 1"
        assert "Aspirant" not in result and "Aspirant" not in steps
        assert "If you aim at Trede 1 later, it asks for these conditions." in result
        assert "Do steps 1–5 on mijnpso.nl (free) to check your figures there." in steps
        # Offered, not assumed: the plan is there, as an offer.
        assert [s.title for s in every if "plan of action" in s.body] == [
            "If you want to aim higher later"
        ]
    else:
        assert steps.split("\n")[0] == "Volgende stappen naar Trede 1"
        assert "Aspirant" not in result and "Aspirant" not in steps
        assert "Wil je later naar Trede 1, dan vraagt die om deze voorwaarden." in result


@pytest.mark.parametrize("locale", ["en", "nl"])
def test_pso_30_plus_below_two_fte_shows_the_failing_condition(locale: str) -> None:
    garage = {  # 1,5 FTE, a Wajong colleague 20 hours: Trede 3 by the numbers, 33 % for 30+
        "total_fte": 1.5,
        "employees": [emp("wajong", 20)],
        "conditions": ALL_YES,
    }
    a = assess(garage, as_of=AS_OF)
    assert a.pso_30_plus and a.below_two_fte
    both = plain(message(garage, locale) + steps_message(garage, locale))
    if locale == "en":
        assert "Ask about PSO 30+" not in both and "ask about it in MijnPSO" not in both
        assert "may apply" not in both
        assert (
            "PSO 30+ after the conditions. 33.3% of your FTE counts for PSO 30+, but the "
            "certificate needs Trede 3's conditions; not met: at least 2 FTE for a year." in both
        )
        assert (
            "but the certificate also needs Trede 3's conditions; not met: at least 2 FTE for "
            "a year." in both
        )
    else:
        assert "Vraag naar PSO 30+" not in both and "vraag ernaar in MijnPSO" not in both
        assert "kan gelden" not in both
        assert "niet in orde: minstens een jaar lang 2 fte." in both


def test_the_range_headline_is_a_sentence_with_the_open_answers_counted() -> None:
    from pso.result_texts import numbers_reach

    a = assess(MEHMET, as_of=AS_OF)
    assert numbers_reach(a, en, ngettext) == "Your numbers may reach Trede 1: 2 open answers decide"
    nl = texts("nl")
    assert (
        numbers_reach(a, nl["gettext"], nl["ngettext"])
        == "Je cijfers halen misschien Trede 1: 2 open antwoorden beslissen"
    )
    one = {"total_fte": 10.0, "employees": [emp("wajong", 40), emp("ww", 40)]}
    b = assess(one, as_of=AS_OF)
    assert (b.unconfirmed_level, b.level) == ("trede_2", "trede_3")
    assert (
        numbers_reach(b, nl["gettext"], nl["ngettext"])
        == "Je cijfers halen Trede 2, misschien Trede 3: 1 open antwoord beslist"
    )
    # A caller without ngettext gets no count rather than a wrong one.
    assert numbers_reach(a, en) == "Your numbers may reach Trede 1, depending on answers still open"


@pytest.mark.parametrize("locale", ["en", "nl"])
def test_aspirant_status_asks_for_a_plan_and_the_requirements_are_named(locale: str) -> None:
    # 20 hours short: Aspirant status is the route (not a few more hours for the colleague).
    m = plain(message({**WORKED, "employees": [emp("wajong", 8)]}, locale))
    if locale == "en":
        assert (
            "Aspirant status asks for a plan of action, not for the four requirements "
            "(suitable work, guidance, integration, development). Start on those requirements "
            "now: Trede 1 asks for them." in m
        )
    else:
        assert "Begin hier" not in m
        assert (
            "De Aspirant-status vraagt om een plan van aanpak, niet om de vier eisen (passend "
            "werk, begeleiding, integratie, ontwikkeling). Begin nu al aan die eisen: Trede 1 "
            "vraagt erom." in m
        )


def test_no_aim_at_a_trede_wins_over_a_small_gap() -> None:
    """A few hours short with a colleague who counts, but no Trede wanted within two years:
    the plan is still only offered, and the audit not pushed."""
    answers = {**BAKERY, "intent_grow": "no"}
    a = assess(answers, as_of=AS_OF)
    every = next_step_texts(a, answers, gettext=en, ngettext=ngettext, locale="en")
    titles = [s.title for s in every]
    assert "If you want to aim higher later" in titles and "Rather not add hours?" not in titles
    assert every[-1].body == "Do steps 1–5 on mijnpso.nl (free) to check your figures there."
