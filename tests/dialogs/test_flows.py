"""Every flow on the one engine reads typed text the same way: numbers, months, yes/no/partly
phrases, names with typos, a button's words or its first word; re-asks give examples in the
reader's language. Driven through the engine with the bot's own button words (label_reader)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from bot.i18n import get_i18n, translate
from bot.ui.prompt import display_text, label_reader, taken_as
from dialogs.engine import DONE, Accepted, Flow, FlowState, Outcome, Rejected
from dialogs.flows import FLOWS
from dialogs.flows.common import CONTRACT_UNKNOWN, TODAY_KEY
from dialogs.flows.common import MONTH_YEAR_ONLY as HIRED_YEAR_ONLY
from dialogs.flows.common import MONTH_YEAR_ONLY as SCAN_YEAR_ONLY

TODAY = dt.date(2026, 12, 6)
RESULT_ANSWERS = {"total_fte": 7.2, "people_count": 9, "full_time_hours": 40, "employees": []}
CONTEXTS: dict[str, dict[str, Any]] = {
    "scan": {},
    "what_if": {"result_id": 1, "answers": RESULT_ANSWERS, "rules_version": ""},
    "hired": {"result_id": 1, "answers": RESULT_ANSWERS},
    "consent": {
        "campaign_id": 1,
        "organisation": "Gemeente Almelo",
        "consent_text": "I agree.",
        "org_name": "Bakkerij Ilse",
        "telegram_name": "Ilse de Vries",
        "level": "none",
    },
    "campaign": {"organisation_id": 1},
}


@pytest.fixture(autouse=True)
def in_a_language() -> Iterator[None]:
    i18n = get_i18n()
    with i18n.context():
        yield


def start(flow_id: str, **answers: Any) -> tuple[Flow, FlowState]:
    flow = FLOWS[flow_id]
    context = {**CONTEXTS[flow_id], TODAY_KEY: TODAY.isoformat()}
    return flow, flow.start(context, answers or None)


def typed(flow: Flow, state: FlowState, text: str, locale: str = "nl") -> Outcome:
    with get_i18n().use_locale(locale):
        return flow.type(state, text, labels=label_reader(flow.prompt(state), locale))


def accept(flow: Flow, state: FlowState, text: str, locale: str = "nl") -> FlowState:
    outcome = typed(flow, state, text, locale)
    assert isinstance(outcome, Accepted), (state.position, text, outcome)
    return outcome.state


def at_person(flow_id: str) -> tuple[Flow, FlowState]:
    """A flow at its question about a person's group."""
    if flow_id == "scan":
        flow, state = start("scan")
        state = FlowState(
            {
                **state.answers,
                "org_name": None,
                "sector": "bakery",
                "municipality": "Almelo",
                "people_count": 9,
                "full_time_hours": 40,
                "size_unit": "fte",
                "total_fte": 7.2,
                "has_target_group": "yes",
            },
            "employees.1.target_group",
        )
        return flow, flow.resume(state)
    return start(flow_id)


PEOPLE_FLOWS = ("scan", "what_if", "hired")


@pytest.mark.parametrize("flow_id", PEOPLE_FLOWS)
@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("wajong", "wajong"),
        ("Wajong", "wajong"),
        ("bijstand", "participatiewet"),
        ("bijstnad", "participatiewet"),
        ("beschut werk", "participatiewet_lks"),
        ("banenafspraak", "target_register_other"),
    ],
)
def test_a_group_by_any_name_in_every_flow(flow_id: str, text: str, group: str) -> None:
    flow, state = at_person(flow_id)
    state = accept(flow, state, text)
    person = (state.answers.get("employees") or state.answers.get("hires") or [state.answers])[0]
    assert person["target_group"] == group


@pytest.mark.parametrize("flow_id", PEOPLE_FLOWS)
@pytest.mark.parametrize(
    ("text", "hours"),
    [("acht uur", 8.0), ("24", 24.0), ("0,6", None), ("vierentwintig", 24.0), ("ca. 16", 16.0)],
)
def test_hours_as_people_type_them_in_every_flow(
    flow_id: str, text: str, hours: float | None
) -> None:
    flow, state = at_person(flow_id)
    state = accept(flow, state, "wajong")
    after = accept(flow, state, text)
    if hours is None:  # 0.6 hours is little enough to be asked back ("did you mean FTE?")
        assert flow.prompt(after).doubt
        return
    person = (after.answers.get("employees") or after.answers.get("hires") or [after.answers])[0]
    assert person["weekly_hours"] == hours


@pytest.mark.parametrize("flow_id", PEOPLE_FLOWS)
@pytest.mark.parametrize(
    ("text", "locale"),
    [("regulier", "nl"), ("Regulier contract", "nl"), ("vast contract", "nl"), ("regular", "en")],
)
def test_a_contract_by_its_button_its_first_word_or_its_name(
    flow_id: str, text: str, locale: str
) -> None:
    flow, state = at_person(flow_id)
    state = accept(flow, state, "wajong")
    state = accept(flow, state, "24")
    after = accept(flow, state, text, locale)
    person = (after.answers.get("employees") or after.answers.get("hires") or [after.answers])[0]
    assert person["contract"] == "regular"


def test_an_unknown_contract_is_re_asked_with_examples_in_the_readers_language() -> None:
    flow, state = at_person("what_if")
    state = accept(flow, state, "wajong")
    state = accept(flow, state, "24")
    outcome = typed(flow, state, "iets raars", "en")
    assert isinstance(outcome, Rejected) and outcome.problem.msgid == CONTRACT_UNKNOWN
    english, dutch = translate(CONTRACT_UNKNOWN, "en"), translate(CONTRACT_UNKNOWN, "nl")
    assert "regular contract" in english and "vast contract" not in english
    assert "vast contract" in dutch


def _at_month(flow_id: str) -> tuple[Flow, FlowState]:
    if flow_id == "hired":
        flow, state = start("hired")
        for text in ("wajong", "24", "regulier"):
            state = accept(flow, state, text)
        return flow, state
    flow, state = at_person("scan")
    for text in ("bijstand", "24", "regulier", "Maand en jaar"):
        state = accept(flow, state, text)
    return flow, state


@pytest.mark.parametrize("flow_id", ["scan", "hired"])
@pytest.mark.parametrize(
    "text",
    ["mrt '24", "sept 2024", "since March 2024", "15 maart 2024", "3-2024", "2024-03"],
)
def test_months_as_people_type_them(flow_id: str, text: str) -> None:
    flow, state = _at_month(flow_id)
    after = accept(flow, state, text)
    person = (after.answers.get("employees") or [after.answers])[0]
    assert person["started"][:4] == "2024"
    assert person["started"][5:] in ("03", "09")


@pytest.mark.parametrize("flow_id", ["scan", "hired"])
@pytest.mark.parametrize("text", ["vorig jaar", "last year"])
def test_last_year_is_asked_back_for_its_month(flow_id: str, text: str) -> None:
    flow, state = _at_month(flow_id)
    outcome = typed(flow, state, text)
    assert isinstance(outcome, Rejected)
    assert outcome.problem.msgid in (SCAN_YEAR_ONLY, HIRED_YEAR_ONLY)
    assert outcome.problem.params["year"] == "2025"


def test_this_month_and_last_month_by_button_words_or_typed() -> None:
    flow, state = _at_month("hired")
    assert accept(flow, state, "vorige maand").answers["started"] == "2026-11"
    assert accept(flow, state, "deze maand").answers["started"] == "2026-12"
    assert accept(flow, state, "last month", "en").answers["started"] == "2026-11"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("jazeker", "yes"),
        ("ja hoor", "yes"),
        ("sure", "yes"),
        ("nee hoor", "no"),
        ("nope", "no"),
        ("weet ik niet", "unknown"),
        ("nvt", "unknown"),
        ("n/a", "unknown"),
    ],
)
def test_yes_and_no_phrases(text: str, key: str) -> None:
    flow, state = start("scan")
    state = FlowState(
        {
            **state.answers,
            "org_name": None,
            "sector": "bakery",
            "municipality": "Almelo",
            "people_count": 9,
            "full_time_hours": 40,
            "size_unit": "fte",
            "total_fte": 7.2,
        },
        "has_target_group",
    )
    assert accept(flow, state, text).answers["has_target_group"] == key


@pytest.mark.parametrize(
    ("text", "key"), [("een beetje", "partly"), ("kind of", "partly"), ("deels", "partly")]
)
def test_partly_phrases(text: str, key: str) -> None:
    flow, state = start("scan")
    state = FlowState({**state.answers, "has_target_group": "no"}, "q_guidance")
    assert accept(flow, state, text).answers["q_guidance"] == key


def test_typed_answers_are_echoed_as_taken() -> None:
    with get_i18n().use_locale("nl"):
        assert taken_as(("text", "Twenterand"), "Vriezenveen", "nl") == "Twenterand (Vriezenveen)"
        assert taken_as(("text", "Twenterand"), "twenterand", "nl") == "Twenterand"
        assert taken_as(("month", "2025-06", None), "jun 2025", "nl") == "juni 2025"
        assert taken_as(("number", 1, "person"), "één", "nl") == "1 persoon"
        assert display_text(("number", 8.0, "people"), "nl") == "8 mensen"


def test_a_campaign_reads_its_municipality_as_the_scan_does() -> None:
    flow, state = start("campaign")
    state = accept(flow, state, "Ondernemersavond")
    after = accept(flow, state, "den bosch")
    assert after.answers["municipality"] == "'s-Hertogenbosch"
    # "I don't know yet" is no municipality for a campaign: it is asked again.
    assert isinstance(typed(flow, state, "weet ik niet"), Rejected)
    done = accept(flow, after, "overslaan")
    assert done.position == DONE and done.answers["contact"] == ""


def test_consent_reads_a_phone_number_and_dont_share() -> None:
    flow, state = start("consent")
    state = accept(flow, state, "ja hoor")  # may they contact you?
    state = accept(flow, state, "Bakkerij Ilse")
    state = accept(flow, state, "Niet delen")  # the skip button's words, typed
    assert state.answers["contact_name"] is None
    assert isinstance(typed(flow, state, "hallo"), Rejected)
    state = accept(flow, state, "06 12345678")
    assert state.answers["phone"] == "06 12345678"
    state = accept(flow, state, "ja")
    assert state.position == "review" and state.answers["share_level"] == "yes"


def test_every_flow_starts_and_reaches_done() -> None:
    for flow_id, flow in FLOWS.items():
        _, state = start(flow_id)
        assert flow.prompt(state).position, flow_id


@pytest.mark.parametrize("text", ["ja", "Klopt", "ok", "Oké!", "prima", "yes", "all good"])
def test_a_review_is_confirmed_by_typing_yes(text: str) -> None:
    flow, state = start("consent")
    for answer in ("ja", "Bakkerij Ilse", "Niet delen", "06 12345678", "ja"):
        state = accept(flow, state, answer)
    assert state.position == "review"
    assert accept(flow, state, text).position == DONE


@pytest.mark.parametrize("text", ["nee", "hallo", "misschien"])
def test_other_words_at_a_review_say_how_to_confirm_or_change(text: str) -> None:
    flow, state = start("hired")
    for answer in ("wajong", "16", "regulier", "deze maand"):
        state = accept(flow, state, answer)
    assert state.position == "review"
    outcome = typed(flow, state, text)
    assert isinstance(outcome, Rejected)
    with get_i18n().use_locale("nl"):
        assert "typ “ja”" in translate(outcome.problem.msgid, "nl")


@pytest.mark.parametrize("text", ["nee", "Nee, dank je", "nee hoor", "no"])
def test_no_to_being_contacted_ends_the_consent_at_once(text: str) -> None:
    flow, state = start("consent")
    done = accept(flow, state, text)
    assert done.position == DONE and done.answers["wants"] == "no"
    assert not {"org_name", "contact_name", "phone"} & done.answers.keys()
    assert flow.is_done(done)


def test_a_yes_typed_is_echoed_as_the_answer_alone() -> None:
    """ "Ja" at "may I share your level?" reads "shared", not "shared (Ja)"."""
    with get_i18n().use_locale("nl"):
        shown = ("choice", "shared")
        assert taken_as(shown, "Ja", "nl") == "gedeeld"
        assert taken_as(shown, "ja hoor", "nl") == "gedeeld"
