"""Free text typed by users: cleaning it for storage, and the phrases that mean an answer
("weet ik niet", "sla over", "ja hoor", "een beetje", "kind of") in Dutch and English."""

from __future__ import annotations

import unicodedata


def clean_text(text: str) -> str:
    """Drop invisible/control characters (zero-width, bidi marks), normalise, collapse spaces.

    Bidi marks are dropped only for storage: scripts themselves (also right-to-left) are kept.
    """
    kept = "".join(
        " " if ch in "\t\n\r" else ch
        for ch in text
        if ch in "\t\n\r" or unicodedata.category(ch) not in {"Cf", "Cc", "Cs", "Co"}
    )
    return " ".join(unicodedata.normalize("NFC", kept).split())


def has_letter_or_digit(text: str) -> bool:
    return any(unicodedata.category(ch)[0] in {"L", "N"} for ch in text)


# "I don't know" and "skip", typed: they choose the step's unknown or skip option and are never
# stored as an answer (a name, a place). Compared after `fold_phrase`.
_DONT_KNOW = frozenset(
    {
        "weet ik niet",
        "weet ik het niet",
        "ik weet het niet",
        "weet niet",
        "weet ik nog niet",
        "ik weet het nog niet",
        "weet het niet",
        "weet het nog niet",
        "geen idee",
        "nog niet bekend",
        "niet bekend",
        "onbekend",
        "nvt",
        "n v t",
        "n a",
        "not applicable",
        "niet van toepassing",
        "geen flauw idee",
        "i dont know",
        "i do not know",
        "i dont know yet",
        "dont know",
        "dont know yet",
        "not sure",
        "niet zeker",
        "dunno",
        "no idea",
        "idk",
        "unknown",
        "not known yet",
        "not known",
        "wk",
        "wkn",
        "?",
        "??",
        "???",
    }
)
_SKIP = frozenset({"skip", "sla over", "overslaan", "skippen", "volgende", "next", "pass"})


def fold_phrase(text: str) -> str:
    """Lower case, accents and punctuation dropped, spaces collapsed ("Weet ik níet!" →
    "weet ik niet"); a lone question mark is kept."""
    decomposed = unicodedata.normalize("NFKD", clean_text(text).casefold())
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    if kept.strip() and set(kept.strip()) <= {"?"}:
        return kept.strip()
    words = "".join(ch if ch.isalnum() or ch.isspace() else " " for ch in kept.replace("'", ""))
    return " ".join(words.split())


def means_unknown(text: str) -> bool:
    """ "weet ik niet", "geen idee", "I don't know", "dunno" …"""
    return fold_phrase(text) in _DONT_KNOW


def means_skip(text: str) -> bool:
    """ "skip", "sla over", "overslaan" …"""
    return fold_phrase(text) in _SKIP


# Phrases that choose an option by its key, wherever a step offers that key (yes/no/partly
# questions, "maybe", "I've started one"). Compared after `fold_phrase`.
_OPTION_PHRASES: dict[str, frozenset[str]] = {
    "yes": frozenset(
        {
            "ja",
            "jawel",
            "jazeker",
            "ja zeker",
            "ja hoor",
            "zeker",
            "zeker weten",
            "klopt",
            "dat klopt",
            "inderdaad",
            "jep",
            "jup",
            "yes",
            "yes please",
            "yeah",
            "yep",
            "yup",
            "sure",
            "of course",
            "definitely",
            "correct",
            "y",
            "j",
        }
    ),
    "no": frozenset(
        {
            "nee",
            "neen",
            "nee hoor",
            "nope",
            "niet",
            "helaas niet",
            "nog niet",
            "nog nooit",
            "no",
            "nah",
            "not really",
            "not yet",
            "never",
            "n",
        }
    ),
    "partly": frozenset(
        {
            "deels",
            "gedeeltelijk",
            "een beetje",
            "beetje",
            "soms",
            "half",
            "min of meer",
            "een deel",
            "partly",
            "partially",
            "kind of",
            "sort of",
            "somewhat",
            "a bit",
            "a little",
            "sometimes",
            "more or less",
        }
    ),
    "maybe": frozenset({"misschien", "wellicht", "mogelijk", "maybe", "perhaps", "possibly"}),
    "started": frozenset(
        {
            "begonnen",
            "ben begonnen",
            "ik ben begonnen",
            "mee bezig",
            "ben bezig",
            "ik ben ermee bezig",
            "started",
            "i started",
            "working on it",
            "in progress",
        }
    ),
}


# At a review ("is this all right?"): the words that confirm it, on top of every "yes".
_CONFIRM = frozenset(
    {
        "ok",
        "oke",
        "okay",
        "okido",
        "prima",
        "goed",
        "goed zo",
        "akkoord",
        "alles klopt",
        "klaar",
        "klopt alles",
        "that s right",
        "thats right",
        "all good",
        "all correct",
        "right",
        "done",
        "fine",
        "confirm",
        "bevestig",
    }
)


def means_confirm(text: str) -> bool:
    """ "ja", "klopt", "ok", "prima", "all good" … typed at a review."""
    folded = fold_phrase(text)
    return folded in _CONFIRM or folded in _OPTION_PHRASES["yes"]


def option_phrase(text: str, keys: frozenset[str]) -> str | None:
    """The option key among `keys` that a typed phrase means ("ja hoor" → "yes", "kind of" →
    "partly"), or None."""
    folded = fold_phrase(text)
    return next((k for k in keys if folded in _OPTION_PHRASES.get(k, frozenset())), None)


def is_answer_phrase(text: str) -> bool:
    """Whether `text` is one of the phrases above ("ja hoor", "weet ik niet", "kind of"): words
    that name no answer of their own, so an echo need not repeat them."""
    folded = fold_phrase(text)
    return (
        folded in _DONT_KNOW
        or folded in _SKIP
        or folded in _CONFIRM
        or any(folded in phrases for phrases in _OPTION_PHRASES.values())
    )
