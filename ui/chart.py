"""A market answer's bar chart as an inline SVG the chat renders itself (no script, no external
resource): one horizontal bar per value, labels and numbers as escaped SVG text."""

from __future__ import annotations

from html import escape

BAR_H, GAP, LABEL_W, BAR_W, VALUE_W = 18, 6, 170, 300, 70
MAX_BARS = 20
FILL = "#6366f1"


def _short(text: str, n: int = 26) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _number(value: float, percent: bool) -> str:
    if percent:
        return f"{value:.1f}%"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def bar_chart_svg(chart: dict) -> str:
    """The chart ({"title", "x", "y", "labels", "values"}) as one line of SVG markup."""
    labels = [str(x) for x in chart.get("labels", [])][:MAX_BARS]
    values = [float(v or 0) for v in chart.get("values", [])][: len(labels)]
    if not labels:
        return ""
    top = max(values) or 1.0
    percent = "%" in str(chart.get("y", ""))
    width, title_h = LABEL_W + BAR_W + VALUE_W, 22
    height = title_h + len(labels) * (BAR_H + GAP)
    title = escape(f"{chart.get('title', '')} ({chart.get('y', '')})")
    parts = [
        f'<svg class="market-chart" role="img" aria-label="{title}" xmlns="http://www.w3.org/2000/svg" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-size="12">',
        f'<text x="0" y="14" font-weight="bold" fill="currentColor">{escape(_short(title, 90))}</text>',
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = title_h + i * (BAR_H + GAP)
        w = max(1, round(BAR_W * value / top))
        parts += [
            f'<text x="{LABEL_W - 6}" y="{y + 13}" text-anchor="end" fill="currentColor">'
            f"{escape(_short(label))}</text>",
            f'<rect x="{LABEL_W}" y="{y}" width="{w}" height="{BAR_H}" fill="{FILL}"></rect>',
            f'<text x="{LABEL_W + w + 4}" y="{y + 13}" fill="currentColor">{_number(value, percent)}</text>',
        ]
    parts.append("</svg>")
    return "".join(parts)
