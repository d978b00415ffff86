"""Every text the code can show exists in Dutch and English, with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "__": None}
PLACEHOLDER = re.compile(r"{(\w*)}")


def source_messages() -> set[str]:
    found: set[str] = set()
    for package in ("bot", "dialogs", "pso"):
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / package, method_map=[("**.py", "python")], keywords=KEYWORDS
        ):
            # A plural pair (singular, plural) is one catalogue entry, keyed by the singular.
            found.add(message if isinstance(message, str) else message[0])
    # The dashboard's templates (bot/web/templates), as babel.cfg extracts them.
    for _file, _line, message, _comments, _context in extract_from_dir(
        ROOT / "bot" / "web" / "templates",
        method_map=[("**.html", "jinja2")],
        options_map={"**.html": {"extensions": "jinja2.ext.i18n"}},
        keywords=KEYWORDS,
    ):
        found.add(message if isinstance(message, str) else message[0])
    return {m for m in found if m}


def catalogue(locale: str) -> Catalog:
    with open(ROOT / "locales" / locale / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=locale)


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_every_source_text_is_translated(locale: str) -> None:
    translated = {
        message.id if isinstance(message.id, str) else message.id[0]: message
        for message in catalogue(locale)
        if message.id
    }
    missing = sorted(m for m in source_messages() if untranslated(translated.get(m)))
    assert not missing, f"{len(missing)} texts lack a {locale} translation, e.g. {missing[:5]}"


def untranslated(message: Message | None) -> bool:
    """No translation, an empty or fuzzy one, or a plural with a form left empty."""
    if message is None or not message.string or message.fuzzy:
        return True
    text = message.string
    return isinstance(text, tuple) and not all(text)


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_placeholders_match(locale: str) -> None:
    wrong = []
    for message in catalogue(locale):
        if not message.id or not message.string:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        if len(ids) == 1:
            if set(PLACEHOLDER.findall(strings[0])) != set(PLACEHOLDER.findall(ids[0])):
                wrong.append(ids[0])
            continue
        # Plural forms may drop the count ("one person"), but nothing else, and add nothing.
        allowed = set(PLACEHOLDER.findall(ids[0])) | set(PLACEHOLDER.findall(ids[1]))
        required = set(PLACEHOLDER.findall(ids[0]))
        for text in strings:
            used = set(PLACEHOLDER.findall(text))
            if not used <= allowed or not required <= used | {"count", "n"}:
                wrong.append(ids[0])
    assert not wrong, f"placeholders differ in {locale}: {wrong[:5]}"


def test_dutch_is_not_english() -> None:
    """A Dutch catalogue that copies the English texts would pass the first test; it must not."""
    same = [
        m.id
        for m in catalogue("nl")
        if m.id and isinstance(m.id, str) and m.string == m.id and len(m.id) > 25
    ]
    assert len(same) < 5, f"untranslated-looking Dutch texts: {same[:5]}"
