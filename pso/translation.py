"""How pso speaks the caller's language: it never picks a catalogue itself.

Every function that returns text takes the caller's ``gettext`` (and ``ngettext`` where a count
decides the form) and, for numbers and dates, a ``locale`` ("nl"/"en"). Source texts are English
literals in ``_("...")``, or ``N_("...")`` at module level, so pybabel finds them; placeholders
are filled with ``.format()`` after translation. The texts are plain: no HTML, no markup of any
kind (the bot's views and the PDF writer add their own).
"""

from __future__ import annotations

from collections.abc import Callable

Gettext = Callable[[str], str]
NGettext = Callable[[str, str, int], str]


def N_(s: str) -> str:
    """Marks a text for extraction; it is translated later with the caller's gettext."""
    return s
