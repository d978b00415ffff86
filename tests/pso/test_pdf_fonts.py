"""The PDF's fonts are cut down ahead of time (scripts/subset_fonts.py): every text a document
can show is in the cut, and a name in another script still shows, with the full font behind it."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from fontTools.ttLib import TTFont

from bot.pictures import media
from pso import assess, pdf
from pso.ladder_image import font_path
from pso.rules import available_versions, load_rules
from tests.pso.answers import AS_OF, BAKERY, texts

ROOT = Path(__file__).resolve().parent.parent.parent
KEPT = pdf.subset_characters()
# The full faces: what a PDF could show before the cut. The chat's emoji are in neither (a PDF
# never had them), so they are not asked of the subset.
FULL = {chr(c) for bold in (False, True) for c in TTFont(font_path(bold), lazy=True).getBestCmap()}


def missing(text: str) -> set[str]:
    return {c for c in text if c.isprintable() and c in FULL and c not in KEPT}


def catalogue_texts(locale: str) -> list[str]:
    with (ROOT / "locales" / locale / "LC_MESSAGES" / "messages.po").open("rb") as file:
        catalogue = read_po(file)
    out: list[str] = []
    for message in catalogue:
        for text in (message.id, message.string):
            out += [text] if isinstance(text, str) else [t for t in text or () if t]
    return out


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_every_catalogue_text_is_in_the_subset(locale: str) -> None:
    assert {c for text in catalogue_texts(locale) for c in missing(text)} == set()


def test_every_name_of_the_rules_and_every_fixed_text_of_the_pdfs_is_in_the_subset() -> None:
    names = [
        category.label(locale)
        for version in available_versions()
        for rules in [load_rules(version)]
        for category in [*rules.target_groups.values(), *rules.contracts.values()]
        for locale in ("nl", "en")
    ]
    fixed = [pdf.BLANK, *pdf.MARKS.values(), "•", "✓", "–", "·"]
    fixed += [text for texts in media.POSTER_TEXTS for text in texts]
    # Babel's numbers and dates: the no-break spaces it may put between digits and units.
    fixed += ["\u00a0", "\u202f", "€ 1.234,56", "12,5 %"]
    assert {c for text in [*names, *fixed] for c in missing(text)} == set()


def test_dutch_and_turkish_or_polish_names_need_no_second_font() -> None:
    assert not pdf.needs_full_font({**BAKERY, "org_name": "Kapsalon Şahin & Łukasz, Café Ünal"})


def test_a_name_in_another_script_is_shown_with_the_full_font_behind_the_subset(
    caplog: pytest.LogCaptureFixture,
) -> None:
    answers = {**BAKERY, "org_name": "Пекарня Ωmega"}
    assert pdf.needs_full_font(answers)
    with caplog.at_level(logging.WARNING, logger="fpdf"):
        document = pdf.report_pdf(
            assess(answers, as_of=AS_OF),
            answers,
            generated_at=dt.datetime(2026, 12, 10, 14, 0),
            **texts("nl"),
        )
    assert document.startswith(b"%PDF")
    assert "missing" not in caplog.text  # fpdf2 warns of every glyph it cannot show


def test_without_its_fallback_a_name_in_another_script_would_lose_its_letters() -> None:
    """What the test above guards against: the subset alone has no Cyrillic."""
    assert missing("Пекарня") == set("Пекарня")
    assert {"✓", "€", "é", "ë"} <= FULL  # and `missing` is not vacuous for the PDFs' marks
