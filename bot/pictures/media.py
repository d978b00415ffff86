"""The campaign's QR code (PNG) and a printable one-page A4 poster (PDF)."""

from __future__ import annotations

import io

import segno
from fpdf import FPDF

from pso.ladder_image import font_path

# Fixed texts on the poster: one line in each language, the same for every campaign.
POSTER_NL = (
    "Staat jouw bedrijf op de PSO-prestatieladder? Doe in 10 minuten de gratis scan in Telegram."
)
POSTER_EN = "Is your business on the PSO ladder? Take the free 10-minute scan in Telegram."
INK, MUTED, ACCENT = (33, 37, 41), (108, 117, 125), (46, 139, 87)


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


def poster_pdf(*, name: str, link: str) -> bytes:
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font("DejaVu", "", font_path(False))
    pdf.add_font("DejaVu", "B", font_path(True))
    pdf.set_title(name)
    pdf.set_creator("Tredebot")
    pdf.add_page()
    width = pdf.w - 40

    pdf.set_fill_color(*ACCENT)
    pdf.rect(0, 0, pdf.w, 14, style="F")
    pdf.set_xy(20, 26)
    pdf.set_text_color(*INK)
    pdf.set_font("DejaVu", "B", 26)
    pdf.multi_cell(width, 11, name, align="C")

    pdf.set_y(pdf.get_y() + 6)
    pdf.set_font("DejaVu", "", 15)
    pdf.set_x(20)
    pdf.multi_cell(width, 7.5, POSTER_NL, align="C")
    pdf.set_y(pdf.get_y() + 3)
    pdf.set_text_color(*MUTED)
    pdf.set_font("DejaVu", "", 13)
    pdf.set_x(20)
    pdf.multi_cell(width, 6.5, POSTER_EN, align="C")

    side = 120
    top = max(pdf.get_y() + 10, 110)
    pdf.image(io.BytesIO(qr_png(link)), x=(pdf.w - side) / 2, y=top, w=side, h=side)

    pdf.set_y(top + side + 6)
    pdf.set_text_color(*INK)
    size = 13.0
    pdf.set_font("DejaVu", "B", size)
    while pdf.get_string_width(link) > pdf.w - 20 and size > 7:
        size -= 0.5
        pdf.set_font("DejaVu", "B", size)
    pdf.cell(0, 8, link, align="C", new_x="LMARGIN", new_y="NEXT", link=link)
    pdf.set_text_color(*MUTED)
    pdf.set_font("DejaVu", "", 10)
    pdf.set_y(pdf.h - 22)
    pdf.multi_cell(
        0,
        5,
        "Indicatief, geen certificaat · Indicative, not a certificate · mijnpso.nl",
        align="C",
    )
    return bytes(pdf.output())
