"""Charts drawn on the server as SVG: no chart library, no script, readable with the page's own font."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape


def _fmt(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def bars(items: Sequence[tuple[str, float]], *, title: str, width: int = 560, row: int = 32,
         label_width: int = 170) -> Markup:
    """Horizontal bars, largest first as given: a ranking."""
    if not items:
        return Markup(f'<p class="empty">{escape(title)}：暂无数据 No data yet</p>')
    top = max(v for _, v in items) or 1.0
    plot = width - label_width - 60
    height = row * len(items) + 8
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
             f'aria-label="{escape(title)}"><title>{escape(title)}</title>']
    for i, (name, value) in enumerate(items):
        y = 4 + i * row
        w = max(plot * value / top, 1.0)
        parts.append(f'<text x="{label_width - 8}" y="{y + row * 0.65:.1f}" text-anchor="end">{escape(name)}</text>'
                     f'<rect x="{label_width}" y="{y + 4}" width="{w:.1f}" height="{row - 10}" rx="3"/>'
                     f'<text x="{label_width + w + 6:.1f}" y="{y + row * 0.65:.1f}">{_fmt(value)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def columns(items: Sequence[tuple[str, float]], *, title: str, width: int = 560, height: int = 200) -> Markup:
    """Vertical columns in the order given: a time series (months, hours of the day)."""
    if not items or not any(v for _, v in items):
        return Markup(f'<p class="empty">{escape(title)}：暂无数据 No data yet</p>')
    top = max(v for _, v in items) or 1.0
    plot_h = height - 40
    step = (width - 20) / len(items)
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
             f'aria-label="{escape(title)}"><title>{escape(title)}</title>']
    every = max(1, len(items) // 12)  # keep axis labels from overlapping
    for i, (name, value) in enumerate(items):
        h = plot_h * value / top
        x = 10 + i * step
        bar = min(step * 0.7, 48.0)
        parts.append(f'<rect x="{x + (step - bar) / 2:.1f}" y="{10 + plot_h - h:.1f}" width="{bar:.1f}" '
                     f'height="{h:.1f}"><title>{escape(name)}: {_fmt(value)}</title></rect>')
        if value:
            parts.append(f'<text class="value" x="{x + step / 2:.1f}" y="{6 + plot_h - h:.1f}" '
                         f'text-anchor="middle">{_fmt(value)}</text>')
        if i % every == 0:
            parts.append(f'<text x="{x + step / 2:.1f}" y="{height - 8}" text-anchor="middle">{escape(name)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
