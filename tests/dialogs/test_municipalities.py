"""The dated list of Dutch municipalities and how typed names are read."""

from datetime import date

import pytest

from dialogs import municipalities
from dialogs.flows.scan import for_assessment
from tests.dialogs.conftest import Driver

# CBS, indeling of 1 January 2026 (unchanged since Voorne aan Zee, 1 January 2023); the data
# file's header names the public sources it was checked against.
PER_PROVINCE = {
    "Groningen": 10,
    "Fryslân": 18,
    "Drenthe": 12,
    "Overijssel": 25,
    "Flevoland": 6,
    "Gelderland": 51,
    "Utrecht": 26,
    "Noord-Holland": 44,
    "Zuid-Holland": 50,
    "Zeeland": 13,
    "Noord-Brabant": 56,
    "Limburg": 31,
}


def test_the_list_is_cbs_2026_with_342_municipalities() -> None:
    names = municipalities.names()
    assert len(names) == 342 == len(set(names)) == sum(PER_PROVINCE.values())
    for name in (
        "'s-Hertogenbosch",
        "Súdwest-Fryslân",
        "Noardeast-Fryslân",
        "De Fryske Marren",
        "Tytsjerksteradiel",
        "Twenterand",
        "Almelo",
        "'s-Gravenhage",
        "Bergen (NH.)",
        "Bergen (L.)",
        "Nuenen, Gerwen en Nederwetten",
        "Hengelo",
        "Sittard-Geleen",
        "Eemsdelta",
        "Dijk en Waard",
        "Land van Cuijk",
        "Maashorst",
        "Voorne aan Zee",
    ):
        assert name in names
    for gone in (
        "Weesp",  # into Amsterdam, 24 March 2022
        "Beemster",  # into Purmerend, 2022
        "Heerhugowaard",  # Dijk en Waard, 2022
        "Langedijk",
        "Uden",  # Maashorst, 2022
        "Landerd",
        "Boxmeer",  # Land van Cuijk, 2022
        "Cuijk",
        "Grave",
        "Brielle",  # Voorne aan Zee, 2023
        "Hellevoetsluis",
        "Westvoorne",
        "Appingedam",  # Eemsdelta, 2021
        "Haaren",  # split, 2021
    ):
        assert gone not in names


def test_each_province_has_its_cbs_count() -> None:
    groups = municipalities.by_province()
    assert {province: len(names) for province, names in groups.items()} == PER_PROVINCE
    assert [n for names in groups.values() for n in names] == list(municipalities.names())
    assert "Voorne aan Zee" in groups["Zuid-Holland"]
    assert "Vijfheerenlanden" in groups["Utrecht"]  # moved from Zuid-Holland in 2019
    assert "Dijk en Waard" in groups["Noord-Holland"]
    assert "Bergen (L.)" in groups["Limburg"] and "Bergen (NH.)" in groups["Noord-Holland"]


def test_every_alias_names_a_municipality_on_the_list() -> None:
    names = set(municipalities.names())
    assert set(municipalities.ALIASES.values()) <= names
    for choices in municipalities.AMBIGUOUS.values():
        assert set(choices) <= names
    # An alias never hides an official name under another municipality.
    for alias, name in municipalities.ALIASES.items():
        official = next((n for n in names if municipalities.fold(n) == alias), name)
        assert official == name, alias


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
        ("'s-Gravenhage (gemeente)", "'s-Gravenhage"),
        ("Den Bosch", "'s-Hertogenbosch"),
        ("Bergen NH", "Bergen (NH.)"),
        ("Bergen (N.H.)", "Bergen (NH.)"),
        ("bergen noord-holland", "Bergen (NH.)"),
        ("Bergen L", "Bergen (L.)"),
        ("Bergen (Limburg)", "Bergen (L.)"),
        ("Sudwest Fryslan", "Súdwest-Fryslân"),
        ("Súdwest Fryslân", "Súdwest-Fryslân"),
        ("Zuidwest-Friesland", "Súdwest-Fryslân"),
        ("Noardeast Fryslan", "Noardeast-Fryslân"),
        ("De Friese Meren", "De Fryske Marren"),
        ("Tietjerksteradeel", "Tytsjerksteradiel"),
        ("Nuenen", "Nuenen, Gerwen en Nederwetten"),
        ("Nuenen c.a.", "Nuenen, Gerwen en Nederwetten"),
        ("nuenen gerwen en nederwetten", "Nuenen, Gerwen en Nederwetten"),
        ("Hengelo (O.)", "Hengelo"),
        ("Hengelo (Gld.)", "Bronckhorst"),
        ("Beek (L.)", "Beek"),
        ("Laren (NH.)", "Laren"),
        ("Middelburg (Z.)", "Middelburg"),
        ("Rijswijk (ZH.)", "Rijswijk"),
        ("Stein (L.)", "Stein"),
        ("Utrecht (gemeente)", "Utrecht"),
        ("Sittard", "Sittard-Geleen"),
        ("Capelle a/d IJssel", "Capelle aan den IJssel"),
        ("St. Michielsgestel", "Sint-Michielsgestel"),
        ("Brielle", "Voorne aan Zee"),
        ("Heerhugowaard", "Dijk en Waard"),
        ("Uden", "Maashorst"),
        ("Cuijk", "Land van Cuijk"),
        ("Weesp", "Amsterdam"),
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
