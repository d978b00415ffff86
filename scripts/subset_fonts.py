"""Make the PDF's fonts small ahead of time: `python scripts/subset_fonts.py` writes
pso/fonts/DejaVuSans-PDF.ttf and DejaVuSans-Bold-PDF.ttf (committed) from the vendored
DejaVu Sans, with fontTools' subsetter (it ships with fpdf2).

Why: fpdf2 parses every font it is given for every document (about 40 ms for the two full
DejaVu faces, 6,000 glyphs each) and subsets it again when it writes the PDF. A font of the
few hundred glyphs our documents can show is parsed and written in a fraction of that.

What is kept, and why:
- every character of the message catalogues (locales/, both languages, msgid and msgstr),
  of the rules data (pso/data/: the target groups' and contracts' names) and of the PSO
  domain's source (pso/*.py: the PDF's fixed texts and marks, ✓ ✗ • – · and the rest);
- Basic Latin, Latin-1, Latin Extended-A and -B and Latin Extended Additional: an owner types
  the organisation's name and municipality, and Dutch firms carry Turkish, Polish, Vietnamese
  and other Latin-script names (ş, ğ, ł, ư, ...);
- general punctuation, the currency signs (€) and the spaces Babel puts in numbers and dates
  (no-break and narrow no-break space).
A character outside the subset (an owner's name in another script) is still shown: the PDF
then adds the full font as a fallback for that one document (pso/pdf.py). A test checks that
every catalogue text and every fixed text of the PDFs is in the subset
(tests/pso/test_pdf_fonts.py); run this script again after adding texts with new characters.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "pso" / "fonts"
FACES = {"DejaVuSans.ttf": "DejaVuSans-PDF.ttf", "DejaVuSans-Bold.ttf": "DejaVuSans-Bold-PDF.ttf"}

RANGES = (
    (0x0020, 0x017F),  # Basic Latin, Latin-1, Latin Extended-A
    (0x0218, 0x021B),  # Romanian ș ț
    (0x2000, 0x206F),  # general punctuation (dashes, quotes, bullets, spaces)
    (0x20A0, 0x20CF),  # currency signs
)


def kept_text() -> str:
    """The text whose characters the subset must show (see the module's first lines)."""
    sources = [
        *sorted((ROOT / "locales").glob("*/LC_MESSAGES/messages.po")),
        *sorted(p for p in (ROOT / "pso" / "data").rglob("*") if p.is_file()),
        *sorted((ROOT / "pso").glob("*.py")),
    ]
    return "".join(p.read_text(encoding="utf-8") for p in sources)


def codepoints() -> set[int]:
    points = {ord(c) for c in kept_text() if c.isprintable() or c == "\u00a0"}
    for low, high in RANGES:
        points.update(range(low, high + 1))
    points.update((0x00A0, 0x202F))  # Babel's spaces in numbers and dates
    return points


def main() -> None:
    points = codepoints()
    for source, target in FACES.items():
        font = TTFont(FONTS / source)
        options = subset.Options()
        options.layout_features = []  # fpdf2 lays text out without shaping (no kerning)
        options.name_IDs = ["*"]  # keep the copyright and licence notices
        options.notdef_outline = True
        options.glyph_names = True  # else fontTools makes them up from the cmap at every load
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(points & set(font.getBestCmap())))
        subsetter.subset(font)
        font.save(FONTS / target)
        size = (FONTS / target).stat().st_size
        print(f"{target}: {len(font.getGlyphOrder())} glyphs, {size // 1024} KB", file=sys.stderr)


if __name__ == "__main__":
    main()
