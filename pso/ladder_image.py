"""A phone-sized PNG of the ladder: three steps at their norms, the contribution, and the gap."""

from __future__ import annotations

import io
from functools import cache
from importlib import resources

from PIL import Image, ImageDraw, ImageFont

from .assess import Assessment, hours_examples
from .presentation import Gettext, fmt_pct, level_text, trede_name
from .rules import TREDES

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


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    lines: list[str] = []
    for para in text.split("\n"):
        line = ""
        for word in para.split():
            trial = f"{line} {word}".strip()
            if draw.textlength(trial, font=font) <= width or not line:
                line = trial
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def _text_block(draw, xy, text, font, fill, width, spacing=10) -> int:
    """Draw wrapped text; return the y below it."""
    x, y = xy
    for line in _wrap(draw, text, font, width):
        draw.text((x, y), line, font=font, fill=fill)
        y += font.size + spacing
    return y


def draw_ladder(assessment: Assessment, *, gettext: Gettext, locale: str) -> Image.Image:
    _ = gettext
    a = assessment
    img = Image.new("RGB", (WIDTH, HEIGHT), BG)
    d = ImageDraw.Draw(img)
    margin = 70
    inner = WIDTH - 2 * margin

    # Title and subtitle
    y = 60
    y = _text_block(d, (margin, y), _("Your place on the PSO ladder"), _font(58, True), INK, inner)
    level = _("Indicative level: {level}").format(level=level_text(a, gettext))
    colour = YOU if a.level == "none" else REACHED
    y = _text_block(d, (margin, y + 8), level, _font(38, True), colour, inner)
    sub = _("Norms for {size} FTE").format(size=a.norm_size)
    if a.interpolated:
        sub += " " + _("(interpolated)")
    y = _text_block(d, (margin, y + 4), sub, _font(32), MUTED, inner)

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
        reached = a.reached(t)
        d.rounded_rectangle(
            (x0, yt, x1, bottom),
            radius=14,
            fill=REACHED if reached else OPEN,
            outline=REACHED if reached else OPEN_EDGE,
            width=3,
        )
        # Labels under the baseline, so the contribution line and gap arrow never cover them.
        cx = (x0 + x1) / 2
        d.text((cx, bottom + 16), trede_name(t, gettext), font=label_font, fill=INK, anchor="mt")
        d.text(
            (cx, bottom + 58),
            fmt_pct(a.norms[t], locale),
            font=value_font,
            fill=REACHED if reached else MUTED,
            anchor="mt",
        )
        if reached:
            d.text((cx, yt + 16), "✓", font=_font(48, True), fill="white", anchor="mt")
    d.line((left - 10, bottom, right, bottom), fill=INK, width=4)

    # Gap to the next Trede: an arrow from the contribution up to that step's norm.
    yc = y_of(a.contribution_pct)
    nxt = a.next_trede
    if nxt is not None:
        g = a.gap(nxt)
        i = TREDES.index(nxt)
        gx = left + (i + 0.5) * col_w
        yn = y_of(a.norms[nxt])
        # Shade the missing part of the next step, with an arrow up to its norm.
        x0, x1 = left + i * col_w + 8, left + (i + 1) * col_w - 8
        d.rounded_rectangle((x0, yn, x1, yc), radius=14, fill=GAP_FILL, outline=GAP, width=3)
        if yc - yn > 24:
            d.line((gx, yc - 4, gx, yn + 22), fill=GAP, width=8)
            d.polygon([(gx - 20, yn + 26), (gx + 20, yn + 26), (gx, yn + 2)], fill=GAP)
        hours = sum(hours_examples(g.hours_per_week, a.full_time_hours)) if g else 0
        gap_label = _("+{hours} h/week to {trede}").format(
            hours=hours, trede=trede_name(nxt, gettext)
        )
        gf = _font(32, True)
        tw = d.textlength(gap_label, font=gf)
        lx = min(max(gx - tw / 2, margin), WIDTH - margin - tw)
        ly = min(max(yn - 60, top - 40), yc - 60)
        d.rounded_rectangle(
            (lx - 14, ly - 8, lx + tw + 14, ly + 44), radius=10, fill=BG, outline=GAP, width=3
        )
        d.text((lx, ly), gap_label, font=gf, fill=GAP)

    # The contribution: a dashed line across the chart with a label.
    x = left - 10
    while x < right:
        d.line((x, yc, min(x + 26, right), yc), fill=YOU, width=6)
        x += 40
    you = _("You: {pct}").format(pct=fmt_pct(a.contribution_pct, locale))
    yf = _font(36, True)
    tw = d.textlength(you, font=yf)
    ty = yc + 12 if yc < bottom - 60 else yc - 56
    d.rounded_rectangle((left - 4, ty - 6, left + tw + 20, ty + 46), radius=10, fill=YOU)
    d.text((left + 8, ty), you, font=yf, fill="white")

    # Footer notes
    fy = bottom + 120
    notes = []
    if a.below_minimum_size:
        notes.append(_("The ladder is built for 2 FTE and more; norms for 2 FTE used."))
    if a.pso_30_plus:
        notes.append(
            _("PSO 30+: {share} of your FTE is from the target group.").format(
                share=fmt_pct(a.target_group_share_pct, locale)
            )
        )
    notes.append(
        _(
            "Indicative, not a certificate. Official scan: MijnPSO (mijnpso.nl). Rules {version}."
        ).format(version=a.rules_version)
    )
    for n in notes:
        fy = _text_block(d, (margin, fy), n, _font(28), MUTED, inner, spacing=8) + 6

    return img


def ladder_png(assessment: Assessment, *, gettext: Gettext, locale: str) -> bytes:
    """Lossless, for the PDF, where the picture may be zoomed and printed."""
    buf = io.BytesIO()
    # zlib's fastest level: 18 ms and 84 KB here, against 26 ms and 66 KB at the default level
    # and 87 ms with optimize=True, for the same pixels.
    draw_ladder(assessment, gettext=gettext, locale=locale).save(
        buf, format="PNG", compress_level=1
    )
    return buf.getvalue()


def ladder_jpeg(assessment: Assessment, *, gettext: Gettext, locale: str) -> bytes:
    """For the chat. Telegram shows every photo as a JPEG anyway; encoding one at quality 92
    takes 3 ms here against 18 ms for the PNG, and the text stays crisp (130 KB)."""
    buf = io.BytesIO()
    draw_ladder(assessment, gettext=gettext, locale=locale).save(buf, format="JPEG", quality=92)
    return buf.getvalue()
