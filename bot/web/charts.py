"""Charts as inline SVG, drawn on the server (no JavaScript, nothing from a CDN).

Honest by construction: a bar is drawn only for a figure shown exactly; a protected figure
("<5", "x", or a row "–") is drawn hatched and labelled as in the table beside it, never as
zero, and never longer than what is shown says (a "<5" reaches to 4, an "x" to 5, "–" is a
label only). Each series has one colour, the same wherever its meaning recurs (`COLOURS`).
Both axes have a title and a few gridlines. The charts are 380 units wide and their smallest
text is 14 units, so on a 390 px phone (about 348 px for the chart) no text is under 12 px.
The caption is the page's (a `figcaption` above the chart); every chart is `role="img"` with
a title, and the table next to it carries the same figures.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from bot.services.campaigns.disclosure import HIDDEN, SMALL, SMALL_CELL, WITHHELD

INK, MUTED, GRID, HATCH = "#1f2933", "#52606d", "#d9e2ec", "#616e7c"
WIDTH, FONT = 380, 14
# One colour per meaning, the same in every chart.
COLOURS = {
    "owners": "#1f6f8b",
    "started": "#616e7c",
    "finished": "#1f6f8b",
    "none": "#a0631c",
    "trede_1": "#5b9f7e",
    "trede_2": "#2e7d5b",
    "trede_3": "#14523a",
    "stopped": "#b23b3b",
}


@dataclass(frozen=True)
class Bar:
    label: str
    cell: str  # as shown: a number, "0", "<5", "x" or "–"

    @property
    def value(self) -> int | None:
        return int(self.cell) if self.cell.isdigit() else None


def _text(x: float, y: float, text: str, **attrs: str) -> str:
    extra = "".join(f' {key.replace("_", "-")}="{escape(value)}"' for key, value in attrs.items())
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{escape(text)}</text>'


def _hatch(chart_id: str) -> str:
    return (
        f'<defs><pattern id="{escape(chart_id)}-hatch" width="6" height="6" '
        f'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="#ffffff"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{HATCH}" stroke-width="2.5"/>'
        f"</pattern></defs>"
    )


def _frame(chart_id: str, title: str, height: float, body: list[str]) -> Markup:
    return Markup(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height:.0f}" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title" xmlns="http://www.w3.org/2000/svg" '
        f'font-family="system-ui, sans-serif" font-size="{FONT}">'
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>'
        + _hatch(chart_id)
        + "".join(body)
        + "</svg>"
    )


def ticks(peak: float, *, count: int = 4) -> list[float]:
    """A few round gridline values from 0 to at least `peak`."""
    if peak <= 0:
        return [0.0, 1.0]
    raw = peak / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    top = math.ceil(peak / step) * step
    return [round(i * step, 6) for i in range(round(top / step) + 1)]


def _number(value: float, percent: bool) -> str:
    if percent:
        return f"{value * 100:g}%"
    return f"{value:g}"


def _protected_reach(cell: str) -> float:
    """How far a protected figure's hatched bar reaches: what the cell says at most."""
    return {SMALL: SMALL_CELL - 1, HIDDEN: SMALL_CELL}.get(cell, 0)


def bars(
    chart_id: str,
    title: str,
    rows: Sequence[Bar],
    *,
    axis: str,
    categories: str,
    colours: Sequence[str],
    percent_of: int | None = None,
) -> Markup:
    """Horizontal bars, each with its label above it (room for long labels on a phone) and
    its figure as shown at its end; `categories` titles the bars, `axis` their length; with
    `percent_of`, lengths are shares of that number."""
    left, right, top, row_h = 16, 44, 30, 46
    span = WIDTH - left - right
    scale = float(percent_of) if percent_of else 1.0
    peak = max(
        [(bar.value or 0) / scale for bar in rows]
        + [_protected_reach(bar.cell) / scale for bar in rows],
        default=0,
    )
    grid = ticks(peak) if not percent_of else ticks(max(peak, 0.1))
    top_value = grid[-1]
    plot_h = row_h * max(len(rows), 1)
    body: list[str] = [_text(left, 18, categories, fill=INK, font_weight="bold")]
    for value in grid:  # gridlines, their values under the plot
        x = left + span * value / top_value
        body.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{top + plot_h}" stroke="{GRID}"/>'
        )
        body.append(
            _text(
                x,
                top + plot_h + 18,
                _number(value, bool(percent_of)),
                text_anchor="middle",
                fill=MUTED,
            )
        )
    for i, bar in enumerate(rows):
        y = top + i * row_h
        body.append(_text(left, y + 16, bar.label, fill=INK))
        bar_y, bar_h = y + 22, 16
        colour = colours[i % len(colours)]
        if bar.value is not None:
            length = span * bar.value / scale / top_value
            if length > 0:
                body.append(
                    f'<rect x="{left}" y="{bar_y}" width="{max(length, 2):.1f}" '
                    f'height="{bar_h}" fill="{colour}"/>'
                )
            shown = f"{bar.cell} ({bar.value / percent_of:.0%})" if percent_of else bar.cell
        else:
            length = span * _protected_reach(bar.cell) / scale / top_value
            if length > 0:
                body.append(
                    f'<rect x="{left}" y="{bar_y}" width="{length:.1f}" height="{bar_h}" '
                    f'fill="url(#{escape(chart_id)}-hatch)" stroke="{HATCH}" '
                    f'data-protected="{escape(bar.cell)}"/>'
                )
            shown = bar.cell
        body.append(_text(left + length + 5, bar_y + 13, shown, fill=INK))
    body.append(_text(left + span / 2, top + plot_h + 38, axis, text_anchor="middle", fill=INK))
    return _frame(chart_id, title, top + plot_h + 48, body)


def weekly(
    chart_id: str,
    title: str,
    weeks: Sequence[str],
    series: Sequence[tuple[str, str, Sequence[str]]],
    *,
    axis: str,
    y_axis: str,
    protected_label: str,
    totals: Sequence[int] | None = None,
    stacked: bool = False,
) -> Markup:
    """Vertical bars per week; `series` are (name, colour, cells as shown). Side by side, or
    stacked up to each week's `totals` (exact): the part of a total that is not shown exactly
    is one hatched block, so a protected week is never drawn as zero nor as more or less
    than it was."""
    legend_rows = 1 + (len(series) + 1) // 2
    top = 12 + 22 * legend_rows + (18 if stacked else 0)  # room for a hatched week's label
    left, right, bottom = 54, 8, 58
    plot_h = 170
    plot_w = WIDTH - left - right
    values = [[int(c) if c.isdigit() else 0 for c in cells] for _n, _c, cells in series]
    if stacked and totals is not None:
        peak = max(totals, default=0)
    else:
        peak = max((v for row in values for v in row), default=0)
    grid = ticks(max(peak, 1))
    top_value = grid[-1]
    middle = top + plot_h / 2
    body: list[str] = [
        _text(
            16,
            middle,
            y_axis,
            text_anchor="middle",
            fill=INK,
            transform=f"rotate(-90 16 {middle:.1f})",
        )
    ]
    for value in grid:
        y = top + plot_h * (1 - value / top_value)
        body.append(
            f'<line x1="{left}" x2="{WIDTH - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
        )
        body.append(_text(left - 5, y + 5, f"{value:g}", text_anchor="end", fill=MUTED))
    count = max(len(weeks), 1)
    slot = plot_w / count
    group_w = slot * 0.8
    every = max(1, math.ceil(count / 5))  # at most five week labels: room for 14-unit text
    unit = plot_h / top_value
    for w, label in enumerate(weeks):
        x0 = left + w * slot + slot * 0.1
        base: float = top + plot_h
        if stacked:
            for s, (name, colour, cells) in enumerate(series):
                height = values[s][w] * unit
                if height > 0:
                    base -= height
                    body.append(
                        f'<rect x="{x0:.1f}" y="{base:.1f}" width="{max(group_w, 1):.1f}" '
                        f'height="{height:.1f}" fill="{colour}"><title>{escape(label)}: '
                        f"{escape(name)} {escape(cells[w])}</title></rect>"
                    )
            hidden = [cells[w] for _n, _c, cells in series if not cells[w].isdigit()]
            rest = (totals[w] if totals is not None else 0) - sum(row[w] for row in values)
            if hidden and rest > 0:
                height = rest * unit
                base -= height
                body.append(
                    f'<rect x="{x0:.1f}" y="{base:.1f}" width="{max(group_w, 1):.1f}" '
                    f'height="{height:.1f}" fill="url(#{escape(chart_id)}-hatch)" '
                    f'stroke="{HATCH}" data-protected="{escape(" ".join(hidden))}">'
                    f"<title>{escape(label)}: {escape(protected_label)}</title></rect>"
                )
                if group_w >= 20:  # room for its label above it
                    mark = next((m for m in (WITHHELD, HIDDEN) if m in hidden), SMALL)
                    body.append(
                        _text(x0 + group_w / 2, base - 4, mark, text_anchor="middle", fill=INK)
                    )
        else:
            bw = group_w / max(len(series), 1)
            for s, (name, colour, cells) in enumerate(series):
                height = values[s][w] * unit
                if height > 0:
                    body.append(
                        f'<rect x="{x0 + s * bw:.1f}" y="{top + plot_h - height:.1f}" '
                        f'width="{max(bw - 1, 1):.1f}" height="{height:.1f}" fill="{colour}">'
                        f"<title>{escape(label)}: {escape(name)} {escape(cells[w])}</title></rect>"
                    )
        if w % every == 0:
            body.append(
                _text(x0 + group_w / 2, top + plot_h + 18, label, text_anchor="middle", fill=MUTED)
            )
    body.append(_text(left + plot_w / 2, top + plot_h + 44, axis, text_anchor="middle", fill=INK))
    # The legend: one entry per series, and the hatching when a chart has it.
    entries = [(name, colour) for name, colour, _cells in series]
    if stacked:
        entries.append((protected_label, f"url(#{escape(chart_id)}-hatch)"))
    for n, (name, fill) in enumerate(entries):
        x = 8 + (n % 2) * (WIDTH / 2)
        y = 8 + (n // 2) * 22
        body.append(
            f'<rect x="{x:.1f}" y="{y}" width="14" height="14" fill="{fill}" stroke="{HATCH}"/>'
        )
        body.append(_text(x + 20, y + 12, name, fill=INK))
    return _frame(chart_id, title, top + plot_h + bottom, body)


__all__ = ["COLOURS", "WITHHELD", "Bar", "bars", "ticks", "weekly"]
