"""Charts as inline SVG, drawn on the server (no JavaScript, nothing from a CDN).

Only figures that are shown become bars: a suppressed cell ("<5" or "x") draws nothing and is
labelled as in the table beside the chart, so the picture reveals no more than the numbers.
Every chart is `role="img"` with a title; the table next to it carries the same figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

INK, MUTED, GRID = "#1f2933", "#616e7c", "#d9e2ec"
PALETTE = ("#2e8b57", "#1f6f8b", "#c47f17", "#7b4fa0", "#b23b3b")


@dataclass(frozen=True)
class Bar:
    label: str
    cell: str  # as shown: a number, "<5" or "x"

    @property
    def value(self) -> int | None:
        return int(self.cell) if self.cell.isdigit() else None


def _text(x: float, y: float, text: str, **attrs: str) -> str:
    extra = "".join(f' {key.replace("_", "-")}="{escape(value)}"' for key, value in attrs.items())
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{escape(text)}</text>'


def _frame(chart_id: str, title: str, width: int, height: int, body: list[str]) -> Markup:
    return Markup(
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title" xmlns="http://www.w3.org/2000/svg" '
        f'font-family="system-ui, sans-serif" font-size="13">'
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>' + "".join(body) + "</svg>"
    )


def bars(chart_id: str, title: str, rows: Sequence[Bar]) -> Markup:
    """Horizontal bars, one per row, labelled with the figure as shown."""
    width, label_w, row_h, top = 640, 240, 28, 8
    height = top * 2 + row_h * max(len(rows), 1)
    peak = max((bar.value or 0 for bar in rows), default=0) or 1
    span = width - label_w - 60
    body: list[str] = []
    for i, bar in enumerate(rows):
        y = top + i * row_h
        body.append(_text(label_w - 8, y + 18, bar.label, text_anchor="end", fill=INK))
        if bar.value is not None and bar.value > 0:
            length = max(2.0, span * bar.value / peak)
            body.append(
                f'<rect x="{label_w}" y="{y + 5}" width="{length:.1f}" height="{row_h - 10}" '
                f'rx="3" fill="{PALETTE[i % 2]}"/>'
            )
        else:
            length = 0.0
        body.append(_text(label_w + length + 6, y + 18, bar.cell, fill=MUTED))
    return _frame(chart_id, title, width, height, body)


def weekly(
    chart_id: str,
    title: str,
    weeks: Sequence[str],
    series: Sequence[tuple[str, Sequence[str]]],
    *,
    stacked: bool = False,
) -> Markup:
    """Vertical bars per week: side by side, or stacked; cells as shown (suppressed: no bar).
    A legend names the series."""
    width, height, bottom, top = 640, 260, 48, 34
    left: float = 40
    plot_w, plot_h = width - left - 10, height - top - bottom
    values = [[int(c) if c.isdigit() else 0 for c in cells] for _name, cells in series]
    if stacked:
        peak = max((sum(col) for col in zip(*values, strict=True)), default=0)
    else:
        peak = max((v for row in values for v in row), default=0)
    peak = max(peak, 1)
    body: list[str] = []
    for fraction in (0.0, 1.0) if peak > 1 else (0.0,):
        y = top + plot_h * (1 - fraction)
        body.append(
            f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
        )
        body.append(
            _text(
                left - 6,
                y + 4,
                str(round(peak * fraction)),
                text_anchor="end",
                fill=MUTED,
                font_size="11",
            )
        )
    count = max(len(weeks), 1)
    slot = plot_w / count
    group_w = slot * 0.8
    every = max(1, round(count / 8))
    for w, label in enumerate(weeks):
        x0 = left + w * slot + slot * 0.1
        base: float = top + plot_h
        x: float
        for s, row in enumerate(values):
            value = row[w]
            if value <= 0:
                continue
            h = plot_h * value / peak
            if stacked:
                x, bw = x0, group_w
                base -= h
                y = base
            else:
                bw = group_w / len(values)
                x, y = x0 + s * bw, top + plot_h - h
            body.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(bw - 1, 1):.1f}" height="{h:.1f}" '
                f'fill="{PALETTE[s % len(PALETTE)]}"/>'
            )
        if w % every == 0:
            body.append(
                _text(
                    x0 + group_w / 2,
                    height - bottom + 16,
                    label,
                    text_anchor="middle",
                    fill=MUTED,
                    font_size="11",
                )
            )
    x = left
    for s, (name, _cells) in enumerate(series):
        body.append(
            f'<rect x="{x}" y="8" width="12" height="12" fill="{PALETTE[s % len(PALETTE)]}"/>'
        )
        body.append(_text(x + 16, 19, name, fill=INK, font_size="12"))
        x += 24 + 7 * len(name)
    if not any(v for row in values for v in row):  # nothing to draw: every cell small or empty
        body.append(_text(width / 2, top + plot_h / 2, "<5", text_anchor="middle", fill=MUTED))
    return _frame(chart_id, title, width, height, body)
