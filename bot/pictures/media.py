"""The campaign's QR code (PNG) and a printable one-page A4 poster (PDF). The QR code is the
campaign's short web address: a landing page where owners choose Telegram or the browser."""

from __future__ import annotations

import io
from collections.abc import Sequence

import segno
from fpdf import FPDF

from pso.ladder_image import font_path

# The poster's texts come from the catalogues (bot/ui/staff.py, `poster_texts`), Dutch first;
# these are what a caller that passes none gets.
POSTER_TEXTS = (
    (
        "Staat jouw bedrijf op de PSO-prestatieladder? Doe in 10 minuten de gratis scan, in "
        "Telegram of in je browser.",
        "Scan de code met de camera van je telefoon en kies: open de scan in Telegram, of doe "
        "hem in je browser. Een app is niet nodig.",
    ),
    (
        "Is your business on the PSO ladder? Take the free 10-minute scan, in Telegram or in "
        "your browser.",
        "Scan the code with your phone's camera and choose: open the scan in Telegram, or do it "
        "in your browser. No app needed.",
    ),
)
INK, MUTED, ACCENT = (33, 37, 41), (96, 104, 112), (35, 116, 74)


def qr_png(link: str, *, scale: int = 12) -> bytes:
    """A QR code of the link with a quiet zone; medium error correction survives a smudge."""
    buffer = io.BytesIO()
    segno.make(link, error="m", micro=False).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def qr_svg(link: str) -> bytes:
    """The same QR code as the PNG, as SVG (the dashboard's download)."""
    buffer = io.BytesIO()
    segno.make(link, error="m", micro=False).save(buffer, kind="svg", scale=8, border=4)
    return buffer.getvalue()


def poster_pdf(
    *,
    name: str,
    link: str,
    telegram_link: str = "",
    organisation: str = "",
    texts: Sequence[Sequence[str]] = (),
) -> bytes:
    """One A4 page: the organisation, the campaign's name, the call to scan in Dutch and
    English, the QR code of `link` (the landing page) with that link under it and the
    Telegram link smaller, and how: in Telegram or in the browser, no app needed."""
    texts = texts or POSTER_TEXTS
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font("DejaVu", "", font_path(False))
    pdf.add_font("DejaVu", "B", font_path(True))
    pdf.set_title(f"{name} · {organisation}" if organisation else name)
    pdf.set_creator("Tredebot")
    pdf.add_page()
    width = pdf.w - 40

    pdf.set_fill_color(*ACCENT)
    pdf.rect(0, 0, pdf.w, 14, style="F")
    pdf.set_xy(20, 22)
    if organisation:
        pdf.set_text_color(*ACCENT)
        pdf.set_font("DejaVu", "B", 15)
        pdf.multi_cell(width, 7, organisation, align="C")
        pdf.set_y(pdf.get_y() + 2)
    pdf.set_text_color(*INK)
    pdf.set_font("DejaVu", "B", 26)
    pdf.set_x(20)
    pdf.multi_cell(width, 11, name, align="C")

    for index, (call, _how) in enumerate(texts):
        pdf.set_y(pdf.get_y() + (5 if index == 0 else 2))
        pdf.set_text_color(*(INK if index == 0 else MUTED))
        pdf.set_font("DejaVu", "", 15 if index == 0 else 13)
        pdf.set_x(20)
        pdf.multi_cell(width, 7.5 if index == 0 else 6.5, call, align="C")

    side = 105
    top = max(pdf.get_y() + 8, 100)
    pdf.image(io.BytesIO(qr_png(link)), x=(pdf.w - side) / 2, y=top, w=side, h=side)

    pdf.set_y(top + side + 4)
    pdf.set_text_color(*INK)
    size = 13.0
    pdf.set_font("DejaVu", "B", size)
    while pdf.get_string_width(link) > pdf.w - 20 and size > 7:
        size -= 0.5
        pdf.set_font("DejaVu", "B", size)
    pdf.cell(0, 8, link, align="C", new_x="LMARGIN", new_y="NEXT", link=link)
    if telegram_link:
        pdf.set_text_color(*MUTED)
        pdf.set_font("DejaVu", "", 10)
        line = f"Telegram: {telegram_link}"
        pdf.cell(0, 6, line, align="C", new_x="LMARGIN", new_y="NEXT", link=telegram_link)

    # How: in Telegram or in the browser, in a framed box, in both languages.
    box_top = pdf.get_y() + 4
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(0.6)
    pdf.set_y(box_top + 3)
    for index, (_call, how) in enumerate(texts):
        pdf.set_text_color(*(INK if index == 0 else MUTED))
        pdf.set_font("DejaVu", "B" if index == 0 else "", 12 if index == 0 else 11)
        pdf.set_x(25)
        pdf.multi_cell(pdf.w - 50, 6, how, align="C")
    pdf.rect(20, box_top, pdf.w - 40, pdf.get_y() - box_top + 3)

    pdf.set_text_color(*MUTED)
    pdf.set_font("DejaVu", "", 10)
    pdf.set_y(pdf.h - 18)
    pdf.multi_cell(
        0,
        5,
        "Indicatief, geen certificaat · Indicative, not a certificate · mijnpso.nl",
        align="C",
    )
    return bytes(pdf.output())
