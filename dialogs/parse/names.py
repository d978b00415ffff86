"""Names typed for something the flow knows (a target group, a contract, a municipality, a
button's words), with typo tolerance: "bijstnad" is bijstand as "almeloo" is Almelo.

Names are compared folded (case, accents and punctuation do not matter). An exact name as whole
words wins; otherwise a name close to a word or two of the text (difflib's ratio, standard
library) is taken when exactly one option is that close, so a typo never picks between two.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping

# How alike a typed word and a known name must be to count as a typo of it (difflib's ratio).
TYPO_CUTOFF = 0.8
# Names shorter than this are never matched by likeness ("ww", "sw", "lks" are too short to
# tell a typo from another word).
TYPO_MIN_LENGTH = 5


def fold(text: str) -> str:
    """Lower case, no accents, punctuation as spaces: "Re-integratie!" → "re integratie"."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _exact(padded: str, names: Mapping[str, Iterable[str]]) -> set[str]:
    return {value for value, options in names.items() for n in options if f" {n} " in padded}


def _spans(words: list[str], longest: int) -> set[str]:
    """Every run of up to `longest` consecutive words."""
    return {
        " ".join(words[i : i + size])
        for size in range(1, longest + 1)
        for i in range(len(words) - size + 1)
    }


def _alike(text_words: list[str], names: Mapping[str, Iterable[str]]) -> set[str]:
    found: set[str] = set()
    for value, options in names.items():
        for name in options:
            if len(name) < TYPO_MIN_LENGTH:
                continue
            for span in _spans(text_words, name.count(" ") + 1):
                if difflib.SequenceMatcher(None, span, name).ratio() >= TYPO_CUTOFF:
                    found.add(value)
                    break
    return found


def find_name(
    text: str,
    names: Mapping[str, Iterable[str]],
    refined: Mapping[str, frozenset[str]] | None = None,
) -> str | None:
    """The one option whose names occur in `text` as whole words (or, failing that, as a typo
    of a word or two). An option named together with one that `refined` lists as a more
    precise case of it gives way ("bijstand met loonkostensubsidie"); two others ("wajong of
    ww") are ambiguous: None, as for no name."""
    folded = fold(text)
    refined = refined or {}
    for attempt in ("exact", "alike"):
        if attempt == "exact":
            found = _exact(f" {folded} ", names)
        else:
            found = _alike(folded.split()[:8], names)
        found = {v for v in found if not (refined.get(v, frozenset()) & found)}
        if len(found) == 1:
            return next(iter(found))
        if found:
            return None
    return None


def closest(key: str, candidates: Iterable[str], *, limit: int, cutoff: float) -> list[str]:
    """The candidates nearest to `key`, best first (difflib)."""
    return difflib.get_close_matches(key, list(candidates), n=limit, cutoff=cutoff)


def match_label(
    text: str,
    labelled: Iterable[tuple[str, str]],
    *,
    first_word: bool = True,
    fuzzy: bool = True,
) -> str | None:
    """The value of the button whose label `text` names: the whole label ("Regulier contract",
    emoji and case aside); with `first_word`, its first word when no other label starts with
    it ("regulier"); with `fuzzy`, a typo of the whole label when it is the only one that
    close ("Reguleir contract")."""
    wanted = fold(text)
    if not wanted or len(text) > 80:
        return None
    pairs = [(value, fold(label)) for value, label in labelled]
    pairs = [(value, label) for value, label in pairs if label]
    exact = [value for value, label in pairs if label == wanted]
    if exact:
        return exact[0]
    if first_word and " " not in wanted:
        starting = [value for value, label in pairs if label.split()[0] == wanted]
        if len(starting) == 1:
            return starting[0]
        if starting:
            return None
    if not fuzzy or len(wanted) < TYPO_MIN_LENGTH:
        return None
    alike = [
        value
        for value, label in pairs
        if difflib.SequenceMatcher(None, wanted, label).ratio() >= TYPO_CUTOFF + 0.05
    ]
    return alike[0] if len(alike) == 1 else None
