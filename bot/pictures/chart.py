"""A phone-sized chart of a campaign: the funnel and the spread of levels, each figure as shown
in the text (small ones "<5", those hidden so they cannot be worked out "x")."""

from __future__ import annotations

import io
from collections.abc import Sequence

from PIL import Image, ImageDraw, ImageFont

from pso.ladder_image import font_path

WIDTH, HEIGHT = 1080, 1350
MARGIN = 60
INK, MUTED, GRID = (33, 37, 41), (108, 117, 125), (222, 226, 230)
FUNNEL_COLOUR, LEVEL_COLOUR, SUPPRESSED = (46, 139, 87), (13, 110, 253), (206, 212, 218)


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(font_path(bold), size)


def _fit(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text + "…"


def _bars(
    draw: ImageDraw.ImageDraw,
    top: int,
    heading: str,
    rows: Sequence[tuple[str, int, str]],
    colour: tuple[int, int, int],
) -> int:
    """`rows`: (label, count, the count as shown); a bar only for a figure that is shown."""
    draw.text((MARGIN, top), heading, font=_font(44, bold=True), fill=INK)
    top += 72
    label_font, value_font = _font(34), _font(36, bold=True)
    label_width = 360
    bar_left, bar_right = MARGIN + label_width + 20, WIDTH - MARGIN - 110
    shown = [count for _label, count, text in rows if text.isdigit()]
    biggest = max(shown, default=1)
    for label, count, text in rows:
        draw.text(
            (MARGIN, top + 8), _fit(draw, label, label_font, label_width), font=label_font, fill=INK
        )
        draw.rectangle((bar_left, top, bar_right, top + 56), fill=(248, 249, 250), outline=GRID)
        if text.isdigit() and count > 0:  # 0 is no bar
            right = bar_left + max(8, round((bar_right - bar_left) * count / biggest))
            draw.rectangle((bar_left, top, right, top + 56), fill=colour)
        else:  # suppressed or hidden: no bar length that would give the number away
            draw.rectangle((bar_left, top, bar_left + 40, top + 56), fill=SUPPRESSED)
        draw.text((bar_right + 16, top + 8), text, font=value_font, fill=INK)
        top += 80
    return top


def stats_chart_png(
    *,
    title: str,
    subtitle: str,
    funnel_heading: str,
    funnel: Sequence[tuple[str, int, str]],
    levels_heading: str,
    levels: Sequence[tuple[str, int, str]],
    footnote: str,
) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 16), fill=FUNNEL_COLOUR)
    draw.text(
        (MARGIN, 50),
        _fit(draw, title, _font(52, True), WIDTH - 2 * MARGIN),
        font=_font(52, True),
        fill=INK,
    )
    draw.text(
        (MARGIN, 120),
        _fit(draw, subtitle, _font(34), WIDTH - 2 * MARGIN),
        font=_font(34),
        fill=MUTED,
    )
    top = _bars(draw, 210, funnel_heading, funnel, FUNNEL_COLOUR)
    top = _bars(draw, top + 40, levels_heading, levels, LEVEL_COLOUR)
    draw.text(
        (MARGIN, HEIGHT - 80),
        _fit(draw, footnote, _font(28), WIDTH - 2 * MARGIN),
        font=_font(28),
        fill=MUTED,
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
