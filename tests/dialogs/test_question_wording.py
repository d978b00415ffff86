"""The questions say what the rules ask and offer, in both languages: the WW question asks
about WW benefit (as the result's details do), an ℹ️ text describes only the buttons shown, the
hypothetical questions fit an owner with nobody from the target group, and every "not known"
answer is tapped with the same words."""

from __future__ import annotations

import re

import pytest

from bot.i18n import get_i18n, translate
from bot.ui.callbacks import Ans, AnsAct
from bot.ui.prompt import pressed_label, prompt_keyboard, unknown_label
from dialogs.categories import CONTRACTS
from dialogs.flows import FLOWS
from dialogs.flows.common import DONT_KNOW
from dialogs.flows.hired import HIRED
from dialogs.model import UNKNOWN, Ctx, Group
from tests.dialogs.conftest import Driver

QUALITY = ("q_suitable_work", "q_guidance", "q_integration", "q_development")


def _text(driver: Driver, locale: str) -> str:
    prompt = driver.prompt
    return translate(prompt.text, locale).format(**prompt.text_params)


def _at_ww_question(driver: Driver) -> Driver:
    driver.organisation().press("yes", "has_target_group")
    return driver.press("ww", "target_group").type("20", "weekly_hours").press("regular")


@pytest.mark.parametrize(
    ("locale", "says"),
    [
        ("en", "did this person have WW for 6 months or more before starting"),
        ("nl", "had deze persoon vóór de start bij jou 6 maanden of langer WW?"),
    ],
)
def test_the_ww_question_asks_about_ww_benefit_as_the_details_do(
    driver: Driver, locale: str, says: str
) -> None:
    assert _at_ww_question(driver).prompt.step_id == "unemployed_six_months"
    question = _text(driver, locale)
    assert says in question, question
    assert not re.search(r"werkloos|out of work|unemployed", question), question
    # The result's details ask the same thing in the same words.
    details = get_i18n().gettext(
        "{count} person (WW) counts for now. Still to find out: did they have WW for {months} "
        "months or more before starting?",
        "{count} people (WW) count for now. Still to find out: did they have WW for {months} "
        "months or more before starting?",
        1,
        locale=locale,
    )
    assert ("vóór de start {months} maanden of langer WW" in details) == (locale == "nl")
    assert ("have WW for {months} months or more before starting" in details) == (locale == "en")


@pytest.mark.parametrize("locale", ["en", "nl"])
def test_the_hire_flow_asks_the_ww_question_alike(locale: str) -> None:
    hired = Driver(HIRED, {"answers": {}, "result_id": 1})
    hired.press("ww", "target_group").type("20", "weekly_hours").press("regular", "contract")
    hired.press("this", "started")
    assert hired.prompt.step_id == "unemployed_six_months"
    question = _text(hired, locale)
    assert ("6 months or more before starting" in question) == (locale == "en"), question
    assert ("vóór de start bij jou 6 maanden of langer WW" in question) == (locale == "nl")


@pytest.mark.parametrize("locale", ["en", "nl"])
def test_the_contract_help_names_only_the_contracts_offered(driver: Driver, locale: str) -> None:
    driver.organisation().press("yes", "has_target_group")
    driver.press("wajong", "target_group").type("20", "weekly_hours")
    prompt = driver.prompt
    assert prompt.step_id == "contract" and prompt.help is not None
    text = translate(prompt.help, locale)
    assert "Wsw" not in text, text
    assert len([line for line in text.split("\n") if line.startswith("•")]) == len(prompt.options)
    # A Wsw employee has the extra button, and its line.
    driver.back().back().press("sw_indicated", "target_group").type("20", "weekly_hours")
    prompt = driver.prompt
    assert prompt.help is not None
    text = translate(prompt.help, locale)
    assert len(prompt.options) == len(CONTRACTS) + 1
    assert ("Andere organisatie" if locale == "nl" else "Another organisation") in text
    assert len([line for line in text.split("\n") if line.startswith("•")]) == len(prompt.options)


def test_the_qualitative_questions_fit_an_owner_with_nobody_yet(driver: Driver) -> None:
    driver.organisation().press("no", "has_target_group").press("no", "social_purchasing")
    for step in QUALITY:
        assert driver.prompt.step_id == step
        assert _text(driver, "en").startswith("If you hire someone from the target group:")
        assert _text(driver, "nl").startswith("Als je iemand uit de doelgroep in dienst neemt:")
        driver.press("yes", step)


def test_an_owner_who_does_not_know_is_asked_if_they_have_or_hire(driver: Driver) -> None:
    driver.organisation().press("unknown", "has_target_group").press("no", "social_purchasing")
    for step in QUALITY:
        assert _text(driver, "en").startswith("If you have or hire someone from the target group:")
        assert _text(driver, "nl").startswith("Als je iemand uit de doelgroep in dienst hebt of ")
        driver.press("yes", step)


def _unknown_labels() -> set[str]:
    """The words of every "not known" answer a flow offers as its own button."""
    labels = set()
    for flow in FLOWS.values():
        for item in flow.items:
            for step in item.item_steps if isinstance(item, Group) else (item,):
                for group in ("ww", "vso_pro", "participatiewet_lks", "sw_indicated"):
                    for contract in ("regular", "secondment_flex", "internship_reintegration"):
                        person = {"target_group": group, "contract": contract}
                        ctx = Ctx(person, {"today": "2026-12-07"}, person, 0)
                        options = step.options(ctx) if callable(step.options) else step.options
                        labels |= {o.label for o in options if o.key == UNKNOWN}
    return labels


@pytest.mark.parametrize(
    ("locale", "words"), [("en", "I don't know yet"), ("nl", "Weet ik nog niet")]
)
def test_every_dont_know_button_says_the_same(driver: Driver, locale: str, words: str) -> None:
    assert _unknown_labels() == {DONT_KNOW}
    assert translate(DONT_KNOW, locale) == words
    with get_i18n().context(), get_i18n().use_locale(locale):
        assert unknown_label() == f"🤷 {words}"
        # The generic button (a number question) and what stays under the question once tapped.
        driver.skip().press("bakery", "sector").type("Almelo", "municipality")
        driver.type("9", "people_count")
        prompt = driver.prompt
        keyboard = prompt_keyboard(prompt, 1, 1, locale)
        assert f"🤷 {words}" in [b.text for row in keyboard.inline_keyboard for b in row]
        data = Ans(conv=1, rev=1, act=AnsAct.UNKNOWN, val="")
        assert pressed_label(prompt, data, locale) == words


@pytest.mark.parametrize("locale", ["en", "nl"])
def test_a_help_text_names_the_dont_know_button_as_it_reads(locale: str) -> None:
    button = translate(DONT_KNOW, locale)
    for flow in FLOWS.values():
        for item in flow.items:
            for step in item.item_steps if isinstance(item, Group) else (item,):
                for text in (step.help, *(v for _, v in getattr(step, "help_variants", ()))):
                    if not text:
                        continue
                    quoted = re.findall(r"[“‘]([^”’]*)[”’]", translate(text, locale))
                    for words in quoted:
                        if "know" in words or "Weet" in words:
                            assert words == button, (flow.id, step.id, words)


def test_the_dutch_words_for_the_plan_read_naturally() -> None:
    """ "conceptplan" is one word; a plan is kept up to date ("bijhouden"), not "gaande"."""
    i18n = get_i18n()
    assert translate("A draft plan of action is in the summary (PDF).", "nl") == (
        "Een conceptplan van aanpak staat in de samenvatting (pdf)."
    )
    for n in (1, 3):
        steps = i18n.gettext(
            "{count} more step and a draft plan of action are in the summary (PDF).",
            "{count} more steps and a draft plan of action are in the summary (PDF).",
            n,
            locale="nl",
        )
        assert "een conceptplan van aanpak" in steps, steps
    assert translate("Keep your plan of action going", "nl") == "Houd je plan van aanpak bij"
