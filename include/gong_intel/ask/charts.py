"""Charts drawn server-side as small self-contained SVG: the Ask page works offline, with no script library.

* a measure by period (week / month / quarter) -> a line chart (e.g. a rep's sentiment trend);
* a measure by rep, account, stage... -> horizontal bars (a talk-ratio chart shades the healthy 40-60% band);
* deals at risk -> a risk board: one bar per deal, its score, stage and formatted amount.

Every text in a chart is XML-escaped; numbers are formatted as in the answers (``answers.format_value``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from xml.sax.saxutils import escape

from include.gong_intel.ask.views import COACHING_THRESHOLDS

WIDTH = 640
BAR_H = 22
ACCENT = "#017cee"  # Airflow's blue
GRID = "#e2e8f0"
TEXT = "#1a202c"
MUTED = "#718096"


def _svg(height: int, body: list[str], title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-label="{escape(title, {chr(34): "&quot;"})}" font-family="system-ui, sans-serif" font-size="12">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def _label(value: Any) -> str:
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, date):
        return value.isoformat()
    return "(none)" if value is None else str(value)


def bar_chart(
    title: str, rows: list[tuple[Any, float | None]], fmt, band: tuple[float, float] | None = None
) -> str:
    """Horizontal bars, one per (label, value); negative values extend left of a zero line."""
    values = [v for _, v in rows if v is not None]
    lo, hi = min([0.0, *values]), max([0.0, *values])
    if band:
        lo, hi = min(lo, 0.0), max(hi, band[1], 1.0 if band[1] <= 1 else hi)
    span = (hi - lo) or 1.0
    left, right = 170, WIDTH - 80
    x = lambda v: left + (v - lo) / span * (right - left)  # noqa: E731
    height = 30 + BAR_H * len(rows) + 10
    body = [f'<text x="0" y="16" font-weight="600" fill="{TEXT}">{escape(title)}</text>']
    if band:
        body.append(
            f'<rect x="{x(band[0]):.1f}" y="24" width="{x(band[1]) - x(band[0]):.1f}" height="{height - 30}" '
            f'fill="#c6f6d5" opacity="0.6"><title>healthy band</title></rect>'
        )
    body.append(f'<line x1="{x(0):.1f}" x2="{x(0):.1f}" y1="24" y2="{height - 6}" stroke="{GRID}"/>')
    for i, (label, value) in enumerate(rows):
        y = 28 + i * BAR_H
        text = _label(label)
        body.append(
            f'<text x="{left - 6}" y="{y + 14}" text-anchor="end" fill="{TEXT}">{escape(text[:26])}</text>'
        )
        if value is None:
            continue
        x0, x1 = sorted((x(0), x(value)))
        color = "#e53e3e" if value < 0 else ACCENT
        body.append(
            f'<rect x="{x0:.1f}" y="{y + 3}" width="{max(x1 - x0, 1):.1f}" height="{BAR_H - 6}" rx="3" fill="{color}">'
            f"<title>{escape(text)}: {escape(fmt(value))}</title></rect>"
        )
        body.append(f'<text x="{x1 + 4:.1f}" y="{y + 14}" fill="{MUTED}">{escape(fmt(value))}</text>')
    return _svg(height, body, title)


def line_chart(title: str, rows: list[tuple[Any, float | None]], fmt) -> str:
    """A line over periods, in period order, with a dot and value per period."""
    points = [(label, v) for label, v in rows if v is not None]
    height = 220
    body = [f'<text x="0" y="16" font-weight="600" fill="{TEXT}">{escape(title)}</text>']
    if not points:
        return _svg(height, body, title)
    values = [v for _, v in points]
    lo, hi = min([0.0, *values]), max([0.0, *values])
    span = (hi - lo) or 1.0
    left, right, top, bottom = 50, WIDTH - 20, 30, height - 40
    step = (right - left) / max(len(points) - 1, 1)
    xy = [(left + i * step, bottom - (v - lo) / span * (bottom - top)) for i, (_, v) in enumerate(points)]
    zero = bottom - (0 - lo) / span * (bottom - top)
    body.append(f'<line x1="{left}" x2="{right}" y1="{zero:.1f}" y2="{zero:.1f}" stroke="{GRID}"/>')
    body.append(
        f'<polyline fill="none" stroke="{ACCENT}" stroke-width="2" points="'
        + " ".join(f"{px:.1f},{py:.1f}" for px, py in xy)
        + '"/>'
    )
    every = max(1, len(points) // 8)
    for i, ((label, v), (px, py)) in enumerate(zip(points, xy, strict=True)):
        text = _label(label)
        body.append(
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="{ACCENT}"><title>{escape(text)}: {escape(fmt(v))}</title></circle>'
        )
        if i % every == 0 or i == len(points) - 1:
            body.append(
                f'<text x="{px:.1f}" y="{height - 22}" text-anchor="middle" fill="{MUTED}">{escape(text[5:] if len(text) == 10 else text)}</text>'
            )
            body.append(
                f'<text x="{px:.1f}" y="{py - 8:.1f}" text-anchor="middle" fill="{TEXT}">{escape(fmt(v))}</text>'
            )
    return _svg(height, body, title)


def risk_board(deals: list[Any]) -> str:
    """One bar per deal at risk: its 0-100 score, with stage and formatted amount."""
    title = "Deal risk board"
    left, right = 260, WIDTH - 150
    height = 30 + BAR_H * len(deals) + 10
    body = [f'<text x="0" y="16" font-weight="600" fill="{TEXT}">{escape(title)}</text>']
    for i, d in enumerate(deals):
        y = 28 + i * BAR_H
        score = float(d.risk_score)
        color = "#e53e3e" if score >= 50 else "#dd6b20" if score >= 35 else "#d69e2e"
        amount = "n/a" if d.amount is None else f"${d.amount:,.0f}"
        name = d.opportunity or d.opportunity_id
        body.append(
            f'<text x="{left - 6}" y="{y + 14}" text-anchor="end" fill="{TEXT}">{escape(name[:40])}</text>'
        )
        body.append(
            f'<rect x="{left}" y="{y + 3}" width="{score / 100 * (right - left):.1f}" height="{BAR_H - 6}" rx="3" '
            f'fill="{color}"><title>{escape(name)}: risk {score:.0f}/100</title></rect>'
        )
        body.append(
            f'<text x="{left + score / 100 * (right - left) + 4:.1f}" y="{y + 14}" fill="{MUTED}">'
            f"{score:.0f} · {escape(d.stage or '')} · {escape(amount)}</text>"
        )
    return _svg(height, body, title)


def charts_for(answer: Any) -> tuple[tuple[str, str], ...]:
    """(title, svg) pairs worth looking at for ``answer``: trends, rankings, distributions, the risk board."""
    from include.gong_intel.ask.answers import format_value
    from include.gong_intel.ask.semantic import MEASURE_WORDS

    out: list[tuple[str, str]] = []
    t = answer.table
    if t is not None and t.group_by and t.rows:
        rows = [(g, v) for g, v, _ in t.rows]
        words = MEASURE_WORDS[t.measure]
        title = f"{words.capitalize()} by {t.group_by.replace('_', ' ')}"

        def fmt(v: float) -> str:
            return format_value(t.measure, v)

        if t.group_by in ("week", "month", "quarter"):
            out.append((title, line_chart(title, sorted(rows, key=lambda r: _label(r[0])), fmt)))
        else:
            band = None
            if t.measure == "talk_ratio":
                band = (COACHING_THRESHOLDS["talk_ratio_low"], COACHING_THRESHOLDS["talk_ratio_high"])
                title = f"Talk-ratio distribution by {t.group_by.replace('_', ' ')} (green: healthy band)"
            out.append((title, bar_chart(title, rows[:30], fmt, band)))
    if answer.deals:
        out.append(("Deal risk board", risk_board(list(answer.deals))))
    return tuple(out)
