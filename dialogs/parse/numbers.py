"""Lenient parsing of numbers typed on a phone, in Dutch or English style.

We do not use babel's locale-bound `parse_decimal` here: the same owner may type "7,5" and
"7.5" in one session, and the handler's locale says nothing about their keyboard. Instead both
separators are accepted and disambiguated by position and grouping.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

MAX_INPUT = 40  # longer input is never a number we want
MAX_DIGITS = 15

# Units and currency we allow around the number (lower case, longest first).
_UNITS = (
    "uur per week",
    "hours per week",
    "uren per week",
    "uur p/w",
    "per week",
    "fte's",
    "ftes",
    "fte",
    "uren",
    "uur",
    "hours",
    "hour",
    "hrs",
    "hr",
    "u",
    "h",
    "p/w",
    "pw",
    "/week",
    "/wk",
    "personen",
    "mensen",
    "people",
    "persons",
    "euro",
    "eur",
    "€",
)
_UNIT_RE = re.compile(
    r"^(?:" + "|".join(re.escape(u) for u in _UNITS) + r")\s*"
    r"|\s*(?:" + "|".join(re.escape(u) for u in _UNITS) + r")$"
)
_NUMBER_RE = re.compile(r"^[+-]?[0-9][0-9.,]*$")
_SPACED_THOUSANDS = re.compile(r"^(\d{1,3})((?: \d{3})+)([.,]\d+)?$")


def _normalise(text: str) -> str:
    # Drop zero-width and other format characters; unify odd spaces and minus signs.
    text = "".join(ch for ch in text if unicodedata.category(ch) not in {"Cf", "Cc"} or ch == " ")
    text = unicodedata.normalize("NFKC", text).replace("\u2212", "-").replace("\u2013", "-")
    return " ".join(text.split()).lower()


def _strip_units(text: str) -> str:
    for _ in range(3):  # e.g. "€ 25.000 per week": currency in front, unit behind
        new = _UNIT_RE.sub("", text).strip()
        if new == text:
            break
        text = new
    return text


def _digits(text: str, *, integer: bool) -> Decimal | None:
    sign = ""
    if text[0] in "+-":
        sign, text = ("-" if text[0] == "-" else ""), text[1:]
    if not text or not text[0].isdigit() or not text[-1].isdigit():
        return None
    seps = [ch for ch in text if ch in ".,"]
    if not seps:
        whole, frac = text, ""
    elif len(set(seps)) == 2:
        # "1.234,5" or "1,234.5": the last separator is the decimal one, the other groups.
        dec = text[-1 - text[::-1].index(seps[-1])]
        if text.count(dec) != 1 or text.rindex(seps[0]) > text.rindex(dec):
            return None
        head, frac = text.split(dec)
        grouping = "," if dec == "." else "."
        if not _grouped(head, grouping):
            return None
        whole = head.replace(grouping, "")
    elif len(seps) > 1:
        # "1.234.567": only valid as thousands grouping.
        if not _grouped(text, seps[0]):
            return None
        whole, frac = text.replace(seps[0], ""), ""
    else:
        head, tail = text.split(seps[0])
        # One separator followed by exactly three digits ("1.250", "1,250") is ambiguous.
        # We read it as thousands: a 3-decimal FTE or hour figure is rare, and reading it
        # too large is caught by the range checks, while too small would pass silently.
        if len(tail) == 3 and head != "0" and (integer or len(head) <= 3):
            whole, frac = head + tail, ""
        else:
            whole, frac = head, tail
    if len(whole) + len(frac) > MAX_DIGITS:
        return None
    try:
        return Decimal(f"{sign}{whole}.{frac}" if frac else f"{sign}{whole}")
    except InvalidOperation:  # pragma: no cover - the regexes rule this out
        return None


def _grouped(text: str, sep: str) -> bool:
    parts = text.split(sep)
    return 1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:])


def parse_number(text: str, *, integer: bool = False) -> Decimal | None:
    """Parse "7", "7,5", "7.5", " 7,5 fte ", "24 uur", "24u", "1.250", "1.234,5", "€ 25.000".

    Returns None when the text is not a plain number ("zeven", "7,5,3", "1e9", emoji, "").
    Negative numbers and fractions are returned as such (also with `integer=True`), so that
    the caller can say precisely what is wrong with them. `integer` only changes how an
    ambiguous "1,250" is read (always thousands).
    """
    if not isinstance(text, str) or len(text) > MAX_INPUT:
        return None
    text = _strip_units(_normalise(text))
    match = _SPACED_THOUSANDS.match(text)
    if match:  # "1 250" or "1 250,5"
        text = match.group(1) + match.group(2).replace(" ", "") + (match.group(3) or "")
    text = text.replace(" ", "") if re.fullmatch(r"[+-] ?\d.*", text) else text
    if not text or not _NUMBER_RE.match(text):
        return None
    return _digits(text, integer=integer)


# --- what people type instead of digits ----------------------------------------------------
# Number words 0-20 and the tens, in Dutch and English; "tweeënhalf" / "two and a half".
_WORDS: dict[str, int] = {
    **dict.fromkeys(("nul", "zero", "geen", "none"), 0),
    **dict.fromkeys(("een", "één", "eén", "one"), 1),
    **dict.fromkeys(("twee", "two"), 2),
    **dict.fromkeys(("drie", "three"), 3),
    **dict.fromkeys(("vier", "four"), 4),
    **dict.fromkeys(("vijf", "five"), 5),
    **dict.fromkeys(("zes", "six"), 6),
    **dict.fromkeys(("zeven", "seven"), 7),
    **dict.fromkeys(("acht", "eight"), 8),
    **dict.fromkeys(("negen", "nine"), 9),
    **dict.fromkeys(("tien", "ten"), 10),
    **dict.fromkeys(("elf", "eleven"), 11),
    **dict.fromkeys(("twaalf", "twelve"), 12),
    **dict.fromkeys(("dertien", "thirteen"), 13),
    **dict.fromkeys(("veertien", "fourteen"), 14),
    **dict.fromkeys(("vijftien", "fifteen"), 15),
    **dict.fromkeys(("zestien", "sixteen"), 16),
    **dict.fromkeys(("zeventien", "seventeen"), 17),
    **dict.fromkeys(("achttien", "eighteen"), 18),
    **dict.fromkeys(("negentien", "nineteen"), 19),
    **dict.fromkeys(("twintig", "twenty"), 20),
    **dict.fromkeys(("dertig", "thirty"), 30),
    **dict.fromkeys(("veertig", "forty"), 40),
    **dict.fromkeys(("vijftig", "fifty"), 50),
    **dict.fromkeys(("zestig", "sixty"), 60),
    **dict.fromkeys(("zeventig", "seventy"), 70),
    **dict.fromkeys(("tachtig", "eighty"), 80),
    **dict.fromkeys(("negentig", "ninety"), 90),
    **dict.fromkeys(("honderd", "hundred", "a hundred", "one hundred"), 100),
}
_UNITS_NL = ("een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen")
_UNITS_EN = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TENS_NL = ("twintig", "dertig", "veertig", "vijftig", "zestig", "zeventig", "tachtig", "negentig")
_TENS_EN = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
# "vierentwintig", "tweeëntwintig"; "twenty-four", "twenty four".
_COMPOUND_NL = re.compile(rf"^({'|'.join(_UNITS_NL)})(?:en|ën)({'|'.join(_TENS_NL)})$")
_COMPOUND_EN = re.compile(rf"^({'|'.join(_TENS_EN)})[- ]?({'|'.join(_UNITS_EN)})$")
_HALF = re.compile(r"^(.+?)(?:ënhalf|enhalf| en een half| and a half)$")
# Approximations said around a number: "ongeveer 9", "ca. 9", "about 9", "± 9", "9 ofzo".
_ABOUT_BEFORE = re.compile(
    r"^(?:ongeveer|ongeveer zo'n|zo'n|rond de|rond|circa|ca\.?|ca|plm\.?|pakweg|bijna|ruim|"
    r"about|around|approx\.?|approximately|roughly|nearly|almost|some|~|±|\+/-|\+-)\s*"
)
_ABOUT_AFTER = re.compile(r"\s*(?:ofzo|of zo|or so|ish|-ish)$")
_WORD_UNIT = re.compile(
    r"\s+(?:mensen|personen|medewerkers|werknemers|man|people|persons|employees|staff|"
    r"uur|uren|hours|fte|fte's|ftes)$"
)


def _compound(text: str) -> int | None:
    """21-99 in words: "vierentwintig", "twenty-four"."""
    if match := _COMPOUND_NL.match(text):
        return _WORDS[match[2]] + _WORDS[match[1]]
    if match := _COMPOUND_EN.match(text):
        return _WORDS[match[1]] + _WORDS[match[2]]
    return None


def _word_number(text: str) -> Decimal | None:
    text = _WORD_UNIT.sub("", text).strip()
    if text in _WORDS:
        return Decimal(_WORDS[text])
    compound = _compound(text)
    if compound is not None:
        return Decimal(compound)
    half = _HALF.match(text)
    whole = half.group(1).strip() if half else ""
    if half and (whole in _WORDS or _compound(whole) is not None):
        return Decimal(_WORDS.get(whole) or _compound(whole) or 0) + Decimal("0.5")
    if text in ("half", "een half", "a half", "halve"):
        return Decimal("0.5")
    return None


def read_number(text: str, *, integer: bool = False) -> Decimal | None:
    """What an owner means by a number: `parse_number`, plus number words ("acht", "twelve",
    "tweeënhalf"), approximations ("ongeveer 9", "ca. 9", "about 9", "± 9", "9 ofzo") and units
    after a word ("9 mensen" is already a number with a unit)."""
    if not isinstance(text, str) or len(text) > MAX_INPUT:
        return None
    plain = _normalise(text)
    for _ in range(2):
        plain = _ABOUT_AFTER.sub("", _ABOUT_BEFORE.sub("", plain)).strip()
    if not plain:
        return None
    number = parse_number(plain, integer=integer)
    return number if number is not None else _word_number(plain)
