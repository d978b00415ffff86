"""Cleaning of free text typed by users (names, municipalities)."""

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
