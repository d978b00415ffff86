"""A phone-sized picture of the ladder: the Tredes at their norms, the contribution, the gap."""

from __future__ import annotations

import os
import tempfile
import threading
from functools import cache, lru_cache
from importlib import resources
from typing import Any, BinaryIO

from PIL import Image, ImageDraw, ImageFont

from .assess import LEVELS, Assessment, hours_examples
from .formatting import fmt_contribution, fmt_pct
from .labels import trede_name
from .result_texts import carried_level, is_range, numbers_reach
from .rules import TREDES
from .translation import Gettext, NGettext

WIDTH, HEIGHT = 1080, 1350

BG = (250, 248, 243)
INK = (33, 37, 41)
MUTED = (108, 117, 125)
REACHED = (46, 139, 87)
OPEN = (206, 212, 218)
OPEN_EDGE = (173, 181, 189)
YOU = (214, 51, 108)
GAP = (232, 110, 10)
GAP_FILL = (255, 229, 204)


@cache
def font_path(bold: bool = False) -> str:
    """Path of the vendored DejaVu Sans (covers ë, é, € and the rest of Dutch)."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return str(resources.files("pso") / "fonts" / name)


@cache
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(font_path(bold), size)


Font = ImageFont.FreeTypeFont
Colour = tuple[int, int, int]
Box = tuple[float, float, float, float]  # left, top, right, bottom
WHITE = (255, 255, 255)


@lru_cache(maxsize=256)
def _wrap(text: str, font: Font, width: int) -> tuple[str, ...]:
    lines: list[str] = []
    for para in text.split("\n"):
        line = ""
        for word in para.split():
            trial = f"{line} {word}".strip()
            if font.getlength(trial) <= width or not line:
                line = trial
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return tuple(lines)


@lru_cache(maxsize=64)
def _stamp(text: str, font: Font, anchor: str) -> tuple[Image.Image, int, int]:
    """`text` rendered once into an alpha mask, with the mask's offset from the anchor point."""
    # FreeType's boxes are whole pixels; Pillow's stubs type them as floats.
    left, top, right, bottom = (int(v) for v in font.getbbox(text, anchor=anchor))
    mask = Image.new("L", (right - left, bottom - top), 0)
    ImageDraw.Draw(mask).text((-left, -top), text, font=font, fill=255, anchor=anchor)
    return mask, left, top


class _Canvas:
    """The picture and its drawing tools.

    Text that every picture in a language shows (the title, the step names, the notes) is
    rendered once and stamped: FreeType's rendering was 2 of the 5 ms a drawing took, and
    it holds the interpreter, so the event loop waited for it. Text of this owner's own
    figures is rendered each time; keeping it would only push the shared text out.
    """

    def __init__(self) -> None:
        self.image = Image.new("RGB", (WIDTH, HEIGHT), BG)
        self.draw = ImageDraw.Draw(self.image)

    def text(
        self,
        xy: tuple[float, float],
        text: str,
        font: Font,
        fill: Colour,
        *,
        anchor: str = "la",
        shared: bool = False,
    ) -> None:
        if not shared:
            self.draw.text(xy, text, font=font, fill=fill, anchor=anchor)
            return
        mask, left, top = _stamp(text, font, anchor)
        # Whole pixels, as ImageDraw places text (it only shifts the glyphs by the fraction).
        self.image.paste(fill, (int(xy[0]) + left, int(xy[1]) + top), mask)

    def block(
        self,
        xy: tuple[int, int],
        text: str,
        font: Font,
        fill: Colour,
        width: int,
        *,
        spacing: int = 10,
        shared: bool = False,
    ) -> int:
        """Draw wrapped text; return the y below it."""
        x, y = xy
        for line in _wrap(text, font, width):
            self.text((x, y), line, font, fill, shared=shared)
            y += int(font.size) + spacing
        return y


def draw_ladder(
    assessment: Assessment, *, gettext: Gettext, locale: str, ngettext: NGettext | None = None
) -> Image.Image:
    _ = gettext
    a = assessment
    c = _Canvas()
    d = c.draw
    margin = 70
    inner = WIDTH - 2 * margin

    # Title and subtitle
    y = 60
    title = _("Your place on the PSO ladder")
    y = c.block((margin, y), title, _font(58, True), INK, inner, shared=True)
    level = numbers_reach(a, gettext, ngettext)
    # What the known answers carry: with an open answer that decides the level, only the low
    # end's Trede gets a ✓; the steps the open answer may add are outlined, with a "?".
    carried = carried_level(a)
    colour = YOU if carried == "none" else REACHED
    y = c.block((margin, y + 8), level, _font(38, True), colour, inner, shared=True)
    sub = _("Norms for {size} FTE").format(size=a.norm_size)
    if a.interpolated:
        sub += " " + _("(interpolated)")
    y = c.block((margin, y + 4), sub, _font(32), MUTED, inner)
    # The chart shows the steps with a public norm; the ladder's other two are named (rules.md:
    # the Basistrede whenever the steps are listed, and never computed).
    other_steps = _("Below Trede 1: Aspirant status and the Basistrede (its norm is not public).")
    y = c.block((margin, y + 4), other_steps, _font(28), MUTED, inner, spacing=6, shared=True)

    # Chart area
    top, bottom = y + 90, HEIGHT - 340
    left, right = margin + 10, WIDTH - margin
    peak = max(a.norms["trede_3"], a.contribution_pct) * 1.12

    def y_of(pct: float) -> float:
        return bottom - (bottom - top) * min(pct, peak) / peak

    col_w = (right - left) / 3
    label_font, value_font = _font(34, True), _font(32)
    for i, t in enumerate(TREDES):
        x0 = left + i * col_w + 8
        x1 = left + (i + 1) * col_w - 8
        yt = y_of(a.norms[t])
        reached = LEVELS.index(carried) >= LEVELS.index(t)
        possible = not reached and a.reached(t)
        d.rounded_rectangle(
            (x0, yt, x1, bottom),
            radius=14,
            fill=REACHED if reached else OPEN,
            outline=REACHED if reached or possible else OPEN_EDGE,
            width=6 if possible else 3,
        )
        # Labels under the baseline, so the contribution line and gap arrow never cover them.
        cx = (x0 + x1) / 2
        name = trede_name(t, gettext)
        c.text((cx, bottom + 16), name, label_font, INK, anchor="mt", shared=True)
        norm = fmt_pct(a.norms[t], locale)
        c.text((cx, bottom + 58), norm, value_font, REACHED if reached else MUTED, anchor="mt")
        if reached:
            c.text((cx, yt + 16), "✓", _font(48, True), WHITE, anchor="mt", shared=True)
        elif possible:
            # Halfway down the step, clear of the gap's label above the columns.
            c.text(
                (cx, (yt + bottom) / 2 - 24),
                "?",
                _font(48, True),
                REACHED,
                anchor="mt",
                shared=True,
            )
    d.line((left - 10, bottom, right, bottom), fill=INK, width=4)

    # Gap to the next Trede: an arrow from what the known answers carry (the contribution, or
    # the low end of a range) up to that step's norm.
    yc = y_of(a.contribution_pct)
    y_from = y_of(a.unconfirmed_contribution_pct or 0.0) if is_range(a) else yc
    nxt = a.next_trede
    gap_box: Box | None = None
    if nxt is not None:
        i = TREDES.index(nxt)
        gap_box = (left + i * col_w + 8, y_of(a.norms[nxt]), left + (i + 1) * col_w - 8, y_from)

    # The contribution's label, drawn last (over the chart), at the start of its line, or at
    # the end where the start would cover the gap's box and arrow (a contribution just above
    # the low end of a range, or just under the next norm).
    if is_range(a):
        low = a.unconfirmed_contribution_pct or 0.0
        you = _("You: {low} to {high}").format(
            low=fmt_contribution(low, a.norms.values(), locale),
            high=fmt_contribution(a.contribution_pct, a.norms.values(), locale),
        )
    else:
        you = _("You: {pct}").format(
            pct=fmt_contribution(a.contribution_pct, a.norms.values(), locale)
        )
    yf = _font(36, True)
    you_y = yc + 12 if yc < bottom - 60 else yc - 56
    you_w = d.textlength(you, font=yf) + 24
    you_box = _clear_of((left - 4, you_y - 6, left - 4 + you_w, you_y + 46), gap_box, right)

    # The contribution: a dashed line across the chart, with the range as a band from its low
    # end, under the gap and the labels.
    x = left - 10
    while x < right:
        d.line((x, yc, min(x + 26, right), yc), fill=YOU, width=6)
        x += 40
    if is_range(a):
        d.rectangle((left - 10, yc, left + 6, y_from), fill=YOU)

    if nxt is not None and gap_box is not None:
        x0, yn, x1, _y = gap_box
        gx = (x0 + x1) / 2
        # Shade the missing part of the next step, with an arrow up to its norm.
        d.rounded_rectangle(gap_box, radius=14, fill=GAP_FILL, outline=GAP, width=3)
        if y_from - yn > 24:
            d.line((gx, y_from - 4, gx, yn + 22), fill=GAP, width=8)
            d.polygon([(gx - 20, yn + 26), (gx + 20, yn + 26), (gx, yn + 2)], fill=GAP)
        g = a.gap(nxt)
        hours = sum(hours_examples(g.hours_per_week, a.full_time_hours)) if g else 0
        gap_label = _("+{hours} h/week to {trede}").format(
            hours=hours, trede=trede_name(nxt, gettext)
        )
        gf = _font(32, True)
        tw = d.textlength(gap_label, font=gf)
        lx = min(max(gx - tw / 2, left + 24), WIDTH - margin - tw)
        ly = min(max(yn - 60, top - 40), y_from - 60)
        if _overlap((lx - 14, ly - 8, lx + tw + 14, ly + 44), you_box):
            below = you_y + 62
            ly = below if below + 44 < bottom else you_y - 66
        d.rounded_rectangle(
            (lx - 14, ly - 8, lx + tw + 14, ly + 44), radius=10, fill=BG, outline=GAP, width=3
        )
        c.text((lx, ly), gap_label, gf, GAP)

    d.rounded_rectangle(you_box, radius=10, fill=YOU)
    c.text((you_box[0] + 12, you_y), you, yf, WHITE)

    # Footer notes
    fy = bottom + 120
    notes: list[tuple[str, bool]] = []  # (text, the same for everyone)
    if a.below_minimum_size:
        notes.append((_("The ladder is built for 2 FTE and more; norms for 2 FTE used."), True))
    if a.pso_30_plus:
        share = fmt_pct(a.pso_30_plus_share_pct, locale)
        notes.append(
            (_("PSO 30+: {share} of your FTE counts for PSO 30+.").format(share=share), False)
        )
    disclaimer = _(
        "Indicative, not a certificate. Official scan: MijnPSO (mijnpso.nl). Our rules: version"
        " {version}."
    ).format(version=a.rules_version)
    notes.append((disclaimer, True))
    for note, shared in notes:
        fy = c.block((margin, fy), note, _font(28), MUTED, inner, spacing=8, shared=shared) + 6

    return c.image


def _clear_of(label: Box, obstacle: Box | None, right: float) -> Box:
    """The label's box where it is, or moved along its line to end at `right` where it would
    cover `obstacle` there and not at the end."""
    if obstacle is None or not _overlap(label, obstacle):
        return label
    moved = (right - (label[2] - label[0]), label[1], right, label[3])
    return label if _overlap(moved, obstacle) else moved


def _overlap(a: Box, b: Box) -> bool:
    """Whether two boxes (left, top, right, bottom) share any point."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def ladder_jpeg(
    assessment: Assessment, *, gettext: Gettext, locale: str, ngettext: NGettext | None = None
) -> bytes:
    """For the chat. Telegram shows every photo as a JPEG anyway; encoding one at quality 92
    takes 3 ms here against 18 ms for the PNG, and the text stays crisp (130 KB)."""
    image = draw_ladder(assessment, gettext=gettext, locale=locale, ngettext=ngettext)
    return _encoded_in_file(image, format="JPEG", quality=92)


_scratch = threading.local()


def _encoded_in_file(image: Image.Image, **params: Any) -> bytes:
    """Pillow's encoders let go of the interpreter only while writing to a real file, not to
    a BytesIO, so the picture is encoded into a file in memory, one kept per thread: the
    event loop runs on while the drawing thread encodes (3 of the 8 ms of a picture)."""
    file: BinaryIO | None = getattr(_scratch, "file", None)
    if file is None:
        file = _scratch.file = _scratch_file()
    try:
        image.save(file, **params)
        size = file.tell()
        file.seek(0)
        return file.read(size)
    finally:
        file.seek(0)
        file.truncate()


def _scratch_file() -> BinaryIO:
    if hasattr(os, "memfd_create"):  # Linux: in memory, never on disk
        return open(os.memfd_create("tredebot-picture"), "w+b", buffering=0)
    return tempfile.TemporaryFile(buffering=0)
