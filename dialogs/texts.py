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
