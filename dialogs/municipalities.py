"""The Dutch municipalities, to read what an owner types at "In which municipality…?".

The list is data (`municipalities_2026.txt`, the CBS indeling of 1 January 2026, checked against
public copies of CBS's lists; its header names them). Typed names are compared folded (case,
accents, hyphens, apostrophes and "gemeente" do not matter), with the names people use besides
the official one ("Den Haag", "Den Bosch", "A'dam", "Bergen NH", StatLine's "Hengelo (O.)") and a
few well-known towns that are not a municipality themselves ("Vriezenveen" is in Twenterand).
When unsure, the nearest names (difflib, standard library) are offered as buttons, with "keep what
I typed" and "skip": the owner decides, nothing is guessed silently (the same likeness as for
every other name: `dialogs.parse.names`).
"""

from __future__ import annotations

import functools
from importlib import resources

from dialogs.parse.names import closest
from dialogs.parse.names import fold as fold_name

DATA_FILE = "municipalities_2026.txt"
AS_OF = "2026-01-01"
# The "# Province" lines of the data file, in its order.
PROVINCES = (
    "Groningen",
    "Fryslân",
    "Drenthe",
    "Overijssel",
    "Flevoland",
    "Gelderland",
    "Utrecht",
    "Noord-Holland",
    "Zuid-Holland",
    "Zeeland",
    "Noord-Brabant",
    "Limburg",
)

# Other names of a municipality, and towns people name instead of their municipality (folded).
ALIASES: dict[str, str] = {
    "den haag": "'s-Gravenhage",
    "the hague": "'s-Gravenhage",
    "s gravenhage": "'s-Gravenhage",
    "scheveningen": "'s-Gravenhage",
    "den bosch": "'s-Hertogenbosch",
    "s hertogenbosch": "'s-Hertogenbosch",
    "hertogenbosch": "'s-Hertogenbosch",
    "a dam": "Amsterdam",
    "adam": "Amsterdam",
    "r dam": "Rotterdam",
    "rdam": "Rotterdam",
    "weesp": "Amsterdam",
    "nuenen": "Nuenen, Gerwen en Nederwetten",
    "nuenen c a": "Nuenen, Gerwen en Nederwetten",
    "nuenen ca": "Nuenen, Gerwen en Nederwetten",
    "sudwest friesland": "Súdwest-Fryslân",
    "zuidwest friesland": "Súdwest-Fryslân",
    "zuid west friesland": "Súdwest-Fryslân",
    "noordoost friesland": "Noardeast-Fryslân",
    "noord oost friesland": "Noardeast-Fryslân",
    "tietjerksteradeel": "Tytsjerksteradiel",
    "dantumadeel": "Dantumadiel",
    "de friese meren": "De Fryske Marren",
    "friese meren": "De Fryske Marren",
    "fryske marren": "De Fryske Marren",
    "gooische meren": "Gooise Meren",
    "land van cuyk": "Land van Cuijk",
    "sint michiels gestel": "Sint-Michielsgestel",
    "st michielsgestel": "Sint-Michielsgestel",
    "reusel": "Reusel-De Mierden",
    "capelle": "Capelle aan den IJssel",
    "capelle ad ijssel": "Capelle aan den IJssel",
    "krimpen ad ijssel": "Krimpen aan den IJssel",
    "alphen ad rijn": "Alphen aan den Rijn",
    "valkenburg": "Valkenburg aan de Geul",
    # CBS's StatLine tables add the province to names found elsewhere too ("Hengelo (O.)").
    "hengelo o": "Hengelo",
    "hengelo ov": "Hengelo",
    "hengelo overijssel": "Hengelo",
    "beek l": "Beek",
    "beek limburg": "Beek",
    "laren nh": "Laren",
    "laren noord holland": "Laren",
    "middelburg z": "Middelburg",
    "rijswijk zh": "Rijswijk",
    "rijswijk zuid holland": "Rijswijk",
    "stein l": "Stein",
    "stein limburg": "Stein",
    "utrecht gemeente": "Utrecht",
    "groningen gemeente": "Groningen",
    "s gravenhage gemeente": "'s-Gravenhage",
    "bergen nh": "Bergen (NH.)",
    "bergen noord holland": "Bergen (NH.)",
    "bergen l": "Bergen (L.)",
    "bergen lb": "Bergen (L.)",
    "bergen limburg": "Bergen (L.)",
    # Towns that are part of a municipality.
    "vriezenveen": "Twenterand",
    "vroomshoop": "Twenterand",
    "den ham": "Twenterand",
    "nijverdal": "Hellendoorn",
    "goor": "Hof van Twente",
    "rijssen": "Rijssen-Holten",
    "holten": "Rijssen-Holten",
    "emmeloord": "Noordoostpolder",
    "volendam": "Edam-Volendam",
    "edam": "Edam-Volendam",
    "bussum": "Gooise Meren",
    "naarden": "Gooise Meren",
    "zaandam": "Zaanstad",
    "hoofddorp": "Haarlemmermeer",
    "spijkenisse": "Nissewaard",
    "hellevoetsluis": "Voorne aan Zee",
    "brielle": "Voorne aan Zee",
    "westvoorne": "Voorne aan Zee",
    "heerhugowaard": "Dijk en Waard",
    "langedijk": "Dijk en Waard",
    "beemster": "Purmerend",
    "uden": "Maashorst",
    "landerd": "Maashorst",
    "boxmeer": "Land van Cuijk",
    "cuijk": "Land van Cuijk",
    "grave": "Land van Cuijk",
    "sint anthonis": "Land van Cuijk",
    "mill en sint hubert": "Land van Cuijk",
    "veghel": "Meierijstad",
    "schijndel": "Meierijstad",
    "sint oedenrode": "Meierijstad",
    "sneek": "Súdwest-Fryslân",
    "bolsward": "Súdwest-Fryslân",
    "drachten": "Smallingerland",
    "joure": "De Fryske Marren",
    "dokkum": "Noardeast-Fryslân",
    "franeker": "Waadhoeke",
    "hoogezand": "Midden-Groningen",
    "delfzijl": "Eemsdelta",
    "appingedam": "Eemsdelta",
    "winschoten": "Oldambt",
    "leidschendam": "Leidschendam-Voorburg",
    "voorburg": "Leidschendam-Voorburg",
    "sittard": "Sittard-Geleen",
    "geleen": "Sittard-Geleen",
    "susteren": "Echt-Susteren",
    "echt": "Echt-Susteren",
    "oud beijerland": "Hoeksche Waard",
    "middelharnis": "Goeree-Overflakkee",
    "zierikzee": "Schouwen-Duiveland",
    "doorn": "Utrechtse Heuvelrug",
    "driebergen": "Utrechtse Heuvelrug",
    "maarssen": "Stichtse Vecht",
    "bilthoven": "De Bilt",
    "mijdrecht": "De Ronde Venen",
    "leerdam": "Vijfheerenlanden",
    "vianen": "Vijfheerenlanden",
    "gorcum": "Gorinchem",
    "den burg": "Texel",
    "ijmuiden": "Velsen",
    "badhoevedorp": "Haarlemmermeer",
    "nieuw vennep": "Haarlemmermeer",
    "geldermalsen": "West Betuwe",
    "elst": "Overbetuwe",
    "borculo": "Berkelland",
    "eibergen": "Berkelland",
    "neede": "Berkelland",
    "ulft": "Oude IJsselstreek",
    "gendringen": "Oude IJsselstreek",
    "groenlo": "Oost Gelre",
    "lichtenvoorde": "Oost Gelre",
    "vorden": "Bronckhorst",
    "hengelo gld": "Bronckhorst",
    "hengelo gelderland": "Bronckhorst",
}
# Names that fit more than one municipality: always asked.
AMBIGUOUS: dict[str, tuple[str, ...]] = {
    "bergen": ("Bergen (NH.)", "Bergen (L.)"),
    "alphen": ("Alphen aan den Rijn", "Alphen-Chaam"),
}


def fold(text: str) -> str:
    """ "Súdwest-Fryslân" → "sudwest fryslan"; "Gemeente 's-Hertogenbosch" → "s hertogenbosch"."""
    words = fold_name(text.replace("/", "")).split()
    if words[:1] == ["gemeente"]:
        words = words[1:]
    return " ".join(words)


@functools.cache
def names() -> tuple[str, ...]:
    """The official names, in the order of the data file (by province)."""
    text = resources.files("dialogs").joinpath(DATA_FILE).read_text(encoding="utf-8")
    return tuple(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


@functools.cache
def by_province() -> dict[str, tuple[str, ...]]:
    """The official names per province (the data file's "# Province" lines), provinces in order."""
    text = resources.files("dialogs").joinpath(DATA_FILE).read_text(encoding="utf-8")
    groups: dict[str, list[str]] = {}
    current: list[str] | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
            if heading in PROVINCES:
                current = groups.setdefault(heading, [])
        elif line:
            if current is None:
                raise ValueError(f"{DATA_FILE}: {line!r} comes before any province")
            current.append(line)
    return {province: tuple(groups.get(province, ())) for province in PROVINCES}


@functools.cache
def _index() -> dict[str, str]:
    """Folded name or alias (also without spaces) → the official name."""
    index: dict[str, str] = {}
    for name in names():
        index[fold(name)] = name
        # "Bergen (NH.)" also as "bergen nh"; "Nuenen, Gerwen en Nederwetten" as typed.
    for alias, name in ALIASES.items():
        index[alias] = name
    index.update({key.replace(" ", ""): name for key, name in list(index.items())})
    return index


def lookup(text: str) -> str | None:
    """The official name that `text` names without doubt, else None."""
    key = fold(text)
    if not key or key in AMBIGUOUS:
        return None
    index = _index()
    return index.get(key) or index.get(key.replace(" ", ""))


def suggestions(text: str, *, limit: int = 3) -> tuple[str, ...]:
    """The official names nearest to `text` (for buttons), best first; may be empty."""
    key = fold(text)
    if key in AMBIGUOUS:
        return AMBIGUOUS[key]
    index = _index()
    found: list[str] = []
    for match in closest(key, index, limit=limit * 3, cutoff=0.75):
        if index[match] not in found:
            found.append(index[match])
    if not found and len(key) >= 4:  # the start of a long name: "Súdwest", "Hof van"
        found = [name for k, name in index.items() if k.startswith(key)]
        found = list(dict.fromkeys(found))
    return tuple(found[:limit])
