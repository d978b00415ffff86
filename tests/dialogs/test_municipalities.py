"""The dated list of Dutch municipalities and how typed names are read."""

from datetime import date

import pytest

from dialogs import municipalities
from dialogs.inventory import for_assessment
from tests.dialogs.conftest import Driver


def test_the_list_is_cbs_2026_with_342_municipalities() -> None:
    names = municipalities.names()
    assert len(names) == 342 == len(set(names))
    for name in (
        "'s-Hertogenbosch",
        "Súdwest-Fryslân",
        "Twenterand",
        "Almelo",
        "'s-Gravenhage",
        "Dijk en Waard",
        "Land van Cuijk",
        "Maashorst",
        "Voorne aan Zee",
    ):
        assert name in names
    for gone in ("Weesp", "Brielle", "Heerhugowaard", "Uden", "Boxmeer", "Beemster"):
        assert gone not in names  # merged before 2026


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("Den Haag", "'s-Gravenhage"),
        ("den bosch", "'s-Hertogenbosch"),
        ("s-Hertogenbosch", "'s-Hertogenbosch"),
        ("sudwest fryslan", "Súdwest-Fryslân"),
        ("SÚDWEST-FRYSLÂN", "Súdwest-Fryslân"),
        ("A'dam", "Amsterdam"),
        ("gemeente Almelo", "Almelo"),
        ("Vriezenveen", "Twenterand"),
    ],
)
def test_common_spellings_are_known(typed: str, name: str) -> None:
    assert municipalities.lookup(typed) == name


def test_near_names_are_suggested_not_guessed() -> None:
    assert municipalities.lookup("Almeloo") is None
    assert municipalities.suggestions("Almeloo")[0] == "Almelo"
    assert set(municipalities.suggestions("Bergen")) == {"Bergen (NH.)", "Bergen (L.)"}


def test_a_misspelt_municipality_offers_buttons_then_stores_the_choice(driver: Driver) -> None:
    driver.skip().press("bakery").type("Twentrand", "municipality")
    prompt = driver.prompt
    assert prompt.doubt and "municipality" not in driver.state.answers
    labels = [(o.label, dict(o.params)) for o in prompt.options]
    assert labels[0] == ("{name}", {"name": "Twenterand"})
    assert ("Keep “{text}”", {"text": "Twentrand"}) in labels
    driver.press("r0")
    assert driver.state.answers["municipality"] == "Twenterand"
    assert driver.position == "people_count"


@pytest.mark.parametrize("typed", ["weet ik niet", "Weet ik nog niet", "geen idee", "I don't know"])
def test_dont_know_is_never_stored_as_a_place_or_a_name(driver: Driver, typed: str) -> None:
    driver.type(typed, "org_name")  # no unknown option here: skipped
    assert driver.state.answers["org_name"] is None
    driver.press("bakery").type(typed, "municipality")
    assert driver.state.answers["municipality"] == "unknown"
    line = next(x for x in driver.flow.review(driver.state) if x.step_id == "municipality")
    assert line.value == ("unknown",)
    assert for_assessment(driver.state.answers, today=date(2026, 1, 1))["municipality"] is None


def test_dont_know_where_none_is_offered_is_re_asked(driver: Driver) -> None:
    driver.skip().press("other")
    assert driver.reject_type("weet ik niet").problem.msgid.startswith("Please describe")
